import { toHex } from "../bytes/hex";
import { PED_SIZE, relativeDelayOf, type PendingEvent } from "../protocol/pending-event";
import { describeResponseCode } from "../protocol/response-codes";
import { tableName } from "../protocol/table-id";
import type { TableFormat } from "../protocol/table-format";
import {
  BT04,
  decodePendingStatus,
  isMarkedPending,
  pendingStatusSize,
  type PendingRecord,
  type PendingStatus,
} from "../protocol/tables/bt04-pending-status";
import { epochMsToLTimeDate, lTimeDateToEpochMs, type STimeDate } from "../protocol/types/time-types";
import type { TableClient } from "../session/table-client";
import { ConformanceAssertionError, Inconclusive, type Evidence } from "./verdicts";
import { readDeviceClock, type ClockReading } from "./device-clock";
import { now } from "../transport/timers";
import type { Pixit } from "./pixit";

/**
 * Reading and judging pending-table state (6.3): BT04 decoded with BT00's dimensions, the PEDs the
 * scenarios write, and what "table n is pending" means in BT04: its bitmap bit is set, a record
 * names it with the still-pending bit, and, where the PIXIT's pending.activationCount says the
 * device counts so, the count of pending activations equals the records still pending (OPG does not
 * say what the count counts, see bt04-pending-status.ts).
 */
export interface PendingStatusReading {
  readonly status: PendingStatus;
  readonly bytes: Uint8Array;
}

export async function readPendingStatus(
  client: TableClient,
  { order, config }: TableFormat,
): Promise<PendingStatusReading> {
  const dims = {
    dimStdTablesUsed: config.dimStdTablesUsed,
    dimMfgTablesUsed: config.dimMfgTablesUsed,
    nbrPending: config.nbrPending,
  };
  const r = await client.readPartial(BT04, 0, pendingStatusSize(dims));
  if (!("data" in r)) throw new Inconclusive(`BT04 could not be read: ${describeResponseCode(r.code)}`);
  const d = decodePendingStatus(r.data, order, dims);
  if (!d.ok)
    throw new ConformanceAssertionError(`BT04 does not decode with BT00's dimensions: ${d.error.message}`, [
      { label: "BT04", hex: toHex(r.data) },
    ]);
  return { status: d.value, bytes: r.data };
}

export function recordOf(s: PendingStatus, tableId: number): PendingRecord | undefined {
  return s.records.find((r) => r.tableId === tableId && r.stillPending);
}

/** What BT04's count of pending activations counts, as the PIXIT says; "unstated" leaves it unjudged. */
type ActivationCount = Pixit["pending"]["activationCount"];

/** Every way BT04 disagrees with "table `tableId` is (or is not) pending"; empty when it agrees. */
export function pendingDisagreements(
  s: PendingStatus,
  tableId: number,
  pending: boolean,
  count: ActivationCount,
): string[] {
  const out: string[] = [];
  const name = tableName(tableId);
  if (isMarkedPending(s, tableId) !== pending)
    out.push(`BT04's bitmap ${pending ? "does not mark" : "still marks"} ${name} as pending`);
  if ((recordOf(s, tableId) !== undefined) !== pending)
    out.push(`BT04 ${pending ? "has no" : "still has a"} still-pending record for ${name}`);
  const stillPending = s.records.filter((r) => r.stillPending).length;
  if (count === "still-pending" && s.pendingActivations !== stillPending)
    out.push(
      `BT04 counts ${s.pendingActivations} pending activation(s), yet ${stillPending} record(s) are still pending`,
    );
  return out;
}

export function expectPendingState(
  reading: PendingStatusReading,
  tableId: number,
  pending: boolean,
  count: ActivationCount,
  when: string,
): void {
  const problems = pendingDisagreements(reading.status, tableId, pending, count);
  if (problems.length > 0) {
    throw new ConformanceAssertionError(
      `${when}, ${tableName(tableId)} should ${pending ? "" : "not "}be pending:\n  ${problems.join("\n  ")}`,
      [{ label: "BT04", hex: toHex(reading.bytes) }],
    );
  }
}

/** PEDs the scenarios write: at a UTC time (code 0), after some seconds (code 1), or by procedure only (code 2). */
export function absolutePed(
  utcMs: number,
  flags: Partial<Pick<PendingEvent, "selfRead" | "demandReset">> = {},
): PendingEvent {
  const t = epochMsToLTimeDate(utcMs);
  return {
    trigger: { kind: "absolute", at: { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute } },
    selfRead: false,
    demandReset: false,
    ...flags,
  };
}

export function relativePed(seconds: number): PendingEvent {
  return { trigger: { kind: "relative", delay: relativeDelayOf(seconds) }, selfRead: false, demandReset: false };
}

export function manualPed(flags: Partial<Pick<PendingEvent, "selfRead" | "demandReset">> = {}): PendingEvent {
  return {
    trigger: { kind: "manual", tag: Uint8Array.of(0x4f, 0x53, 0x47, 0x50, 0x01) },
    selfRead: false,
    demandReset: false,
    ...flags,
  };
}

/** A PED the encoder refuses to make: an absolute time in month 13, or event code 3. */
export function impossiblePed(kind: "month 13" | "event code 3" | "empty"): Uint8Array {
  if (kind === "empty") return new Uint8Array(PED_SIZE);
  if (kind === "event code 3") return Uint8Array.of(0x03, 0, 0, 0, 0, 0);
  return Uint8Array.of(0x00, 25, 13, 1, 12, 0);
}

/** The last activation time BT04 shows, compared with when it should have been (to the minute). */
export function expectLastActivation(
  reading: PendingStatusReading,
  expected: STimeDate,
  evidence: readonly Evidence[] = [],
): void {
  const a = reading.status.lastActivation;
  const same =
    a !== null &&
    a.year === expected.year &&
    a.month === expected.month &&
    a.day === expected.day &&
    a.hour === expected.hour &&
    a.minute === expected.minute;
  if (!same) {
    const show = (t: STimeDate | null) =>
      t === null ? "none" : `${t.year}-${t.month}-${t.day} ${t.hour}:${String(t.minute).padStart(2, "0")}`;
    throw new ConformanceAssertionError(`BT04's last activation is ${show(a)}, expected ${show(expected)} (UTC)`, [
      { label: "BT04", hex: toHex(reading.bytes) },
      ...evidence,
    ]);
  }
}

/** A pending write with a relative PED: its delay, when the write went out, and the PIXIT's reading of BT04's count. */
export interface RelativeWrite {
  readonly delaySeconds: number;
  readonly writeSentAt: number;
  readonly count: ActivationCount;
}

/**
 * A relative PED's delay, in whole device seconds, that leaves time to see the table pending: the
 * write's answer and the BT04 read after it take a round trip each, and a device that counts the
 * delay in ticks of its 1-s clock may activate up to a second early. Three round trips, at least 2 s.
 */
export function relativeDelayFor(roundTripMs: number, speed: number): number {
  return Math.max(2, Math.ceil((3 * roundTripMs * speed) / 1000));
}

/**
 * BT04, answered at `answeredAt`, shows the table activated, and the device may rightly have done
 * so by then: it took the write no earlier than the write went out, and may count the delay up to
 * a second short.
 */
function mayHaveActivated(
  status: PendingStatus,
  tableId: number,
  w: RelativeWrite,
  answeredAt: number,
  speed: number,
): boolean {
  return (
    pendingDisagreements(status, tableId, false, w.count).length === 0 &&
    ((answeredAt - w.writeSentAt) * speed) / 1000 > w.delaySeconds - 1
  );
}

/**
 * 6.3, code 1: the table is still pending when BT04 is read right after the write. A table BT04
 * shows activated breaks it only if the read came before the device could rightly have activated
 * it, or its last activation (to the minute) is before the write: `clock`, read after BT04, dates
 * the write on the device's clock no earlier than it can have been. Otherwise it is inconclusive.
 */
export function judgePendingBeforeDelay(
  reading: PendingStatusReading,
  tableId: number,
  w: RelativeWrite,
  answeredAt: number,
  speed: number,
  clock: Pick<ClockReading, "epochMs" | "at"> | null,
): void {
  if (pendingDisagreements(reading.status, tableId, true, w.count).length === 0) return;
  const last = reading.status.lastActivation;
  if (
    clock !== null &&
    last !== null &&
    mayHaveActivated(reading.status, tableId, w, answeredAt, speed) &&
    lTimeDateToEpochMs({ ...last, second: 0 }) + 60_000 > clock.epochMs - (clock.at - w.writeSentAt) * speed
  )
    throw new Inconclusive(
      `${tableName(tableId)} was activated before it could be observed pending: BT04 was answered ${(((answeredAt - w.writeSentAt) * speed) / 1000).toFixed(1)} device s after the write went out, and a device may activate a ${w.delaySeconds}-s delay after ${w.delaySeconds - 1} s`,
    );
  expectPendingState(
    reading,
    tableId,
    true,
    w.count,
    "reading BT04 right after the write, before the PED's delay was out",
  );
}

export async function expectPendingBeforeDelay(
  client: TableClient,
  format: TableFormat,
  tableId: number,
  w: RelativeWrite,
  speed: number,
): Promise<void> {
  const reading = await readPendingStatus(client, format);
  const answeredAt = now();
  const clock = mayHaveActivated(reading.status, tableId, w, answeredAt, speed)
    ? await readDeviceClock(client, "whether the delay was out when BT04 was read")
    : null;
  judgePendingBeforeDelay(reading, tableId, w, answeredAt, speed, clock);
}
