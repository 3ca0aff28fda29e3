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
import { epochMsToLTimeDate, type STimeDate } from "../protocol/types/time-types";
import type { TableClient } from "../session/table-client";
import { ConformanceAssertionError, Inconclusive, type Evidence } from "./verdicts";

/**
 * Reading and judging pending-table state (6.3): BT04 decoded with BT00's dimensions, the PEDs the
 * scenarios write, and what "table n is pending" means in BT04: its bitmap bit is set, a record
 * names it with the still-pending bit, and the count of pending activations equals the records
 * still pending (our reading of the count, see bt04-pending-status.ts).
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

/** Every way BT04 disagrees with "table `tableId` is (or is not) pending"; empty when it agrees. */
export function pendingDisagreements(s: PendingStatus, tableId: number, pending: boolean): string[] {
  const out: string[] = [];
  const name = tableName(tableId);
  if (isMarkedPending(s, tableId) !== pending)
    out.push(`BT04's bitmap ${pending ? "does not mark" : "still marks"} ${name} as pending`);
  if ((recordOf(s, tableId) !== undefined) !== pending)
    out.push(`BT04 ${pending ? "has no" : "still has a"} still-pending record for ${name}`);
  const stillPending = s.records.filter((r) => r.stillPending).length;
  if (s.pendingActivations !== stillPending)
    out.push(
      `BT04 counts ${s.pendingActivations} pending activation(s), yet ${stillPending} record(s) are still pending`,
    );
  return out;
}

export function expectPendingState(
  reading: PendingStatusReading,
  tableId: number,
  pending: boolean,
  when: string,
): void {
  const problems = pendingDisagreements(reading.status, tableId, pending);
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
