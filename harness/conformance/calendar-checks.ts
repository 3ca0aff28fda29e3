import type { ByteOrder } from "../bytes/cursor";
import { toHex } from "../bytes/hex";
import { describeResponseCode } from "../protocol/response-codes";
import { tableName } from "../protocol/table-id";
import { isTableUsed } from "../protocol/tables/bt00-general-configuration";
import type { TableFormat } from "../protocol/table-format";
import {
  BT50,
  decodeTimeTou,
  exceededDimensions,
  TIME_TOU_SIZE,
  type TimeTou,
} from "../protocol/tables/bt50-dimension-time-tou";
import { BT51, decodeActualTimeTou } from "../protocol/tables/bt51-actual-time-tou";
import { BT53, decodeTimeOffset, timeOffsetSize, type TimeOffset } from "../protocol/tables/bt53-time-offset";
import { actionMeaning, BT54, calendarSize, decodeCalendar, type Calendar } from "../protocol/tables/bt54-calendar";
import { BT55, CLOCK_STATE_SIZE, decodeClockState, type ClockState } from "../protocol/tables/bt55-clock-state";
import type { TableClient } from "../session/table-client";
import { decoded } from "./checks";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/**
 * Reading the TOU tables of 8.2 the way the device declares them: BT51 first, then BT53 and BT54
 * sized by it, and the judgements that do not depend on a scenario's own calendar: BT51 within
 * BT50, BT54 as long as BT51 says, every date and action of BT54 meaningful under BT51.
 */
export interface TouSetup {
  readonly dims: TimeTou;
  readonly offset: TimeOffset;
  readonly calendar: Calendar;
  readonly bt54: Uint8Array;
}

async function readTable(client: TableClient, tableId: number, size?: number): Promise<Uint8Array> {
  const r = size === undefined ? await client.readFull(tableId) : await client.readPartial(tableId, 0, size);
  if (!("data" in r))
    throw new Inconclusive(`${tableName(tableId)} could not be read: ${describeResponseCode(r.code)}`);
  return r.data;
}

export async function readActualDimensions(client: TableClient, order: ByteOrder): Promise<TimeTou> {
  const bytes = await readTable(client, BT51, TIME_TOU_SIZE);
  return decoded(decodeActualTimeTou(bytes, order), "BT51", bytes);
}

/** BT51 within BT50, when the device has BT50: the names of the counts that exceed it. */
export async function dimensionsBeyondMaximum(client: TableClient, { order, config }: TableFormat): Promise<string[]> {
  const actual = await readActualDimensions(client, order);
  if (!isTableUsed(config, BT50)) return [];
  const bytes = await readTable(client, BT50, TIME_TOU_SIZE);
  return exceededDimensions(actual, decoded(decodeTimeTou(bytes, order), "BT50", bytes));
}

/** BT51, BT53 (a zero offset when the device has none) and BT54, each decoded with BT51's dimensions. */
export async function readTouSetup(client: TableClient, { order, config }: TableFormat): Promise<TouSetup> {
  const dims = await readActualDimensions(client, order);
  let offset: TimeOffset = { dst: null, timeZoneOffsetMinutes: null };
  if (isTableUsed(config, BT53) && timeOffsetSize(dims) > 0) {
    const b53 = await readTable(client, BT53, timeOffsetSize(dims));
    offset = decoded(decodeTimeOffset(b53, order, dims), "BT53", b53);
  }
  const bt54 = await readTable(client, BT54);
  if (bt54.length !== calendarSize(dims) || bt54.length !== dims.calendarTableSize) {
    throw new ConformanceAssertionError(
      `BT54 is ${bt54.length} bytes; BT51's counts give ${calendarSize(dims)} and its calendar size field says ${dims.calendarTableSize}`,
      [{ label: "BT54", hex: toHex(bt54) }],
    );
  }
  return { dims, offset, calendar: decoded(decodeCalendar(bt54, order, dims), "BT54", bt54), bt54 };
}

/** What in a calendar BT51's dimensions or 6.2's RDATE do not allow; empty when all is meaningful. */
export function calendarContentProblems(c: Calendar, dims: TimeTou): string[] {
  const out: string[] = [];
  c.recurring.forEach((r, i) => {
    const d = r.date;
    if ((d.kind === "date" || d.kind === "monthly") && (d.day < 1 || d.day > 31))
      out.push(`recurring[${i}]: day ${d.day}`);
    if (d.kind === "weekly" && d.weekday > 6) out.push(`recurring[${i}]: a weekly date without a weekday (7)`);
    if (d.kind === "periodic" && d.period === 0) out.push(`recurring[${i}]: a periodic date with period 0`);
  });
  for (const [list, entries] of [
    ["recurring", c.recurring],
    ["nonRecurring", c.nonRecurring],
  ] as const) {
    entries.forEach((e, i) => {
      const m = actionMeaning(e.control.action);
      if (m.kind === "season" && m.index >= dims.nbrSeasons)
        out.push(`${list}[${i}]: season ${m.index}, BT51 has ${dims.nbrSeasons}`);
      if (m.kind === "special" && m.index >= dims.nbrSpecialSchedules)
        out.push(`${list}[${i}]: special schedule ${m.index}, BT51 has ${dims.nbrSpecialSchedules}`);
    });
  }
  return out;
}

export async function readClockState(
  client: TableClient,
  order: ByteOrder,
): Promise<{ readonly state: ClockState; readonly bytes: Uint8Array }> {
  const bytes = await readTable(client, BT55, CLOCK_STATE_SIZE);
  return { state: decoded(decodeClockState(bytes, order), "BT55", bytes), bytes };
}

/**
 * The UTC time of a local wall-clock time under BT53's time-zone offset. The scenarios' own
 * calendars name no DST date, so no DST amount applies while they are in force.
 */
export function localToUtc(offset: TimeOffset, localMs: number): number {
  return localMs - (offset.timeZoneOffsetMinutes ?? 0) * 60_000;
}
