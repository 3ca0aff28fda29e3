import assert from "node:assert/strict";
import { C1218_TABLE_CODEC, encodeTableRequest, type TableRequest } from "../../harness/protocol/table-requests";
import { decodeReadResponse } from "../../harness/protocol/table-responses";
import { BT07, encodeProcedureInitiate } from "../../harness/protocol/tables/bt07-procedure-initiate";
import {
  BT08,
  decodeProcedureResponse,
  type ProcedureResponse,
} from "../../harness/protocol/tables/bt08-procedure-response";
import { BT52, decodeClock } from "../../harness/protocol/tables/bt52-clock";
import {
  decodeGeneralConfiguration,
  type GeneralConfiguration,
} from "../../harness/protocol/tables/bt00-general-configuration";
import type { AccessLevel } from "../../harness/simulator/access-levels";
import type { DefectName } from "../../harness/simulator/defects";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";

/**
 * Talks to a ReferenceMeter the way a port does: requests built by the protocol encoders, responses
 * decoded by the protocol decoders. Expected values stay in the tests; nothing here judges.
 */

/** Large enough that no response is refused for its length (rno), unless a test says otherwise. */
export const NO_LIMIT = 0xffff;

/** A tick source the test moves by hand, so that time passes only when a test says so. */
export class FakeTicks {
  now = 1000;
  readonly source = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

/** 2024-02-29 23:59:30 UTC: a leap day, so that a wrong date calculation shows. */
export const START_MS = Date.UTC(2024, 1, 29, 23, 59, 30);

export function meterOf(
  profile = "reference",
  defects: DefectName[] = [],
): { meter: ReferenceMeter; ticks: FakeTicks } {
  const ticks = new FakeTicks();
  const meter = new ReferenceMeter({
    profile: profileNamed(profile),
    defects,
    ticks: ticks.source,
    startTimeMs: START_MS,
  });
  return { meter, ticks };
}

export function serve(
  meter: ReferenceMeter,
  req: TableRequest,
  level: AccessLevel = "master",
  max = NO_LIMIT,
): Uint8Array {
  return meter.serve(encodeTableRequest(req, C1218_TABLE_CODEC), level, C1218_TABLE_CODEC, max);
}

/** The response code of any request: the first byte of the response APDU (9.9). */
export function codeOf(
  meter: ReferenceMeter,
  req: TableRequest,
  level: AccessLevel = "master",
  max = NO_LIMIT,
): number {
  return serve(meter, req, level, max)[0] as number;
}

/** Table data of a successful read; fails the test on an error response or a bad response. */
export function dataOf(meter: ReferenceMeter, req: TableRequest, level: AccessLevel = "master"): Uint8Array {
  const d = decodeReadResponse(serve(meter, req, level), C1218_TABLE_CODEC);
  if (!d.ok) assert.fail(d.error.message);
  assert.ok("data" in d.value, `read answered code ${d.value.code}`);
  return d.value.data;
}

export const fullRead = (tableId: number): TableRequest => ({ service: "full-read", tableId });
export const partialRead = (tableId: number, offset: number, count: number): TableRequest => ({
  service: "partial-read",
  tableId,
  offset,
  count,
});
export const fullWrite = (tableId: number, data: Uint8Array): TableRequest => ({
  service: "full-write",
  tableId,
  data,
});
export const partialWrite = (tableId: number, offset: number, data: Uint8Array): TableRequest => ({
  service: "partial-write",
  tableId,
  offset,
  data,
});

export function tableOf(meter: ReferenceMeter, tableId: number): Uint8Array {
  return dataOf(meter, fullRead(tableId));
}

export function bt00Of(meter: ReferenceMeter): GeneralConfiguration {
  const d = decodeGeneralConfiguration(tableOf(meter, 0));
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

/** Starts a procedure with a full write of BT07 (9.13); answers the write's response code. */
export function initiate(
  meter: ReferenceMeter,
  procedureId: number,
  sequence: number,
  parameters: Uint8Array,
  level: AccessLevel = "provisioning",
): number {
  // OSGP tables are LSB first (BT00 data order), so BT07's procedure field is little-endian.
  const bt07 = encodeProcedureInitiate({ procedureId, selector: 0, sequence, parameters }, "le");
  return codeOf(meter, fullWrite(BT07, bt07), level);
}

export function bt08Of(meter: ReferenceMeter): ProcedureResponse {
  const d = decodeProcedureResponse(tableOf(meter, BT08), "le");
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

/** BT52's clock as epoch ms, computed here from its six discrete fields (LTIME_DATE, UTC). */
export function clockMsOf(meter: ReferenceMeter): number {
  const d = decodeClock(tableOf(meter, BT52));
  if (!d.ok) assert.fail(d.error.message);
  const c = d.value.clock;
  assert.ok(c !== null, "BT52 holds the all-zero date");
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
}
