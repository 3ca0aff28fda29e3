import assert from "node:assert/strict";
import type { Decoded } from "../../harness/bytes/decoded";
import { decodeMeterStatus, ET54, type MeterStatus } from "../../harness/protocol/tables/et54-meter-status";
import type { ProcedureResponse } from "../../harness/protocol/tables/bt08-procedure-response";
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { bt08Of, initiate, tableOf } from "./meter-requests";

/** Reading and driving the control group of a ReferenceMeter, as a client would (tables and procedures). */
export function decodedTable<T>(meter: ReferenceMeter, tableId: number, decode: (b: Uint8Array) => Decoded<T>): T {
  const d = decode(tableOf(meter, tableId));
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

export function statusOf(meter: ReferenceMeter): MeterStatus {
  return decodedTable(meter, ET54, (b) => decodeMeterStatus(b, "le"));
}

let sequence = 0;

/** Runs a procedure with a fresh sequence number and answers BT08 (the result is immediate in the simulator). */
export function runProcedure(
  meter: ReferenceMeter,
  procedureId: number,
  parameters: Uint8Array | number[] = [],
): ProcedureResponse {
  sequence = (sequence + 1) % 250;
  assert.equal(initiate(meter, procedureId, sequence, Uint8Array.from(parameters)), 0, "the BT07 write");
  return bt08Of(meter);
}

/** 2024-02-29 19:00 UTC: the simulated load imports ~2.8 kW (its evening peak). */
export const EVENING_MS = Date.UTC(2024, 1, 29, 19, 0, 0);

/** Little-endian bytes of an unsigned integer. */
export function le(value: number, width: number): number[] {
  return Array.from({ length: width }, (_, i) => Math.floor(value / 256 ** i) % 256);
}
