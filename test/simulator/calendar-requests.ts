import assert from "node:assert/strict";
import { encodePendingEvent, type PendingEvent } from "../../harness/protocol/pending-event";
import { PENDING_BASE } from "../../harness/protocol/table-id";
import { BT04, decodePendingStatus, type PendingStatus } from "../../harness/protocol/tables/bt04-pending-status";
import { BT51, decodeActualTimeTou } from "../../harness/protocol/tables/bt51-actual-time-tou";
import { BT54, decodeCalendar, encodeCalendar, type Calendar } from "../../harness/protocol/tables/bt54-calendar";
import { BT55, decodeClockState, type ClockState } from "../../harness/protocol/tables/bt55-clock-state";
import type { TimeTou } from "../../harness/protocol/tables/bt50-dimension-time-tou";
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { bt00Of, codeOf, fullWrite, partialWrite, tableOf } from "./meter-requests";

/**
 * Requests and decodings for the calendar group's tests (6.3, 8.2): decoders from harness/protocol,
 * expected values stay in the tests.
 */
export function bt04Of(meter: ReferenceMeter): PendingStatus {
  const c = bt00Of(meter);
  const d = decodePendingStatus(tableOf(meter, BT04), "le", {
    dimStdTablesUsed: c.dimStdTablesUsed,
    dimMfgTablesUsed: c.dimMfgTablesUsed,
    nbrPending: c.nbrPending,
  });
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

export function bt55Of(meter: ReferenceMeter): ClockState {
  const d = decodeClockState(tableOf(meter, BT55), "le");
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

export function dimsOf(meter: ReferenceMeter): TimeTou {
  const d = decodeActualTimeTou(tableOf(meter, BT51), "le");
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

export function calendarOf(meter: ReferenceMeter): Calendar {
  const d = decodeCalendar(tableOf(meter, BT54), "le", dimsOf(meter));
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

export function writeCalendar(meter: ReferenceMeter, c: Calendar): number {
  return codeOf(meter, fullWrite(BT54, encodeCalendar(c, "le", dimsOf(meter))));
}

/** A pending write: the PED, then `data` for offset `offset` of table `tableId` (full write when 0). */
export function writePending(
  meter: ReferenceMeter,
  tableId: number,
  ped: PendingEvent | Uint8Array,
  data: Uint8Array,
  offset = 0,
): number {
  const head = ped instanceof Uint8Array ? ped : encodePendingEvent(ped);
  const body = new Uint8Array([...head, ...data]);
  return codeOf(
    meter,
    offset === 0 ? fullWrite(PENDING_BASE + tableId, body) : partialWrite(PENDING_BASE + tableId, offset, body),
  );
}

export const manual: PendingEvent = {
  trigger: { kind: "manual", tag: Uint8Array.of(1, 2, 3, 4, 5) },
  selfRead: false,
  demandReset: false,
};

export function isPendingIn(s: PendingStatus, tableId: number): boolean {
  return s.records.some((r) => r.tableId === tableId && r.stillPending);
}

/** Central European local time of the reference calendar: UTC+1, UTC+2 in DST. */
export function utcOf(localMs: number, dst: boolean): number {
  return localMs - (dst ? 2 : 1) * 3_600_000;
}
