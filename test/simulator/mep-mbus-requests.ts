import assert from "node:assert/strict";
import type { Decoded } from "../../harness/bytes/decoded";
import { encodeBenchAction, EP95 } from "../../harness/protocol/procedures/ep95-simulator-bench";
import { encodeOnDemandMbusRequest, EP19 } from "../../harness/protocol/procedures/ep19-on-demand-mbus-request";
import {
  encodePostMepData,
  EP39,
  type MepPostingParameters,
} from "../../harness/protocol/procedures/ep39-post-mep-data";
import { decodeMfgDimension, ET11, type MfgDimension } from "../../harness/protocol/tables/et11-mfg-dimension";
import {
  decodeMbusChannelConfig,
  ET13,
  type MbusChannelConfig,
} from "../../harness/protocol/tables/et13-mbus-device-configuration";
import {
  decodeMbusStatusTable,
  ET14,
  type MbusStatusTable,
} from "../../harness/protocol/tables/et14-mbus-device-status";
import {
  decodeOnDemandRequests,
  ET15,
  type OnDemandRequest,
} from "../../harness/protocol/tables/et15-on-demand-requests";
import { decodeMbusReading, ET16, type MbusReading } from "../../harness/protocol/tables/et16-mbus-device-data";
import {
  decodeOneTimeReadTable,
  ET31,
  type OneTimeReadTable,
} from "../../harness/protocol/tables/et31-one-time-read-log";
import {
  decodeRecurringReadLog,
  ET45,
  type RecurringReadLog,
} from "../../harness/protocol/tables/et45-recurring-read-log";
import { decodeMepPostingLog, ET74, type MepPostingLog } from "../../harness/protocol/tables/et74-mep-extended-log";
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { initiate, tableOf, type FakeTicks } from "./meter-requests";

/** Reading the 8.13-8.18 tables of a ReferenceMeter with the protocol decoders, for the tests. */
export function ok<T>(d: Decoded<T>): T {
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

export const dims = (m: ReferenceMeter): MfgDimension => ok(decodeMfgDimension(tableOf(m, ET11), "le"));

export function configs(m: ReferenceMeter): MbusChannelConfig[] {
  const d = dims(m);
  const t = tableOf(m, ET13);
  return Array.from({ length: d.mbusChannels }, (_, i) =>
    ok(decodeMbusChannelConfig(t.subarray(i * d.et13EntrySize, (i + 1) * d.et13EntrySize), "le")),
  );
}

export function status(m: ReferenceMeter): MbusStatusTable {
  const d = dims(m);
  return ok(
    decodeMbusStatusTable(tableOf(m, ET14), "le", {
      channels: d.mbusChannels,
      headerSize: d.et14HeaderSize,
      entrySize: d.et14EntrySize,
    }),
  );
}

export const requests = (m: ReferenceMeter): OnDemandRequest[] =>
  ok(decodeOnDemandRequests(tableOf(m, ET15), dims(m).et15Entries, dims(m).et15EntrySize));

export function reading(m: ReferenceMeter, channel: number): MbusReading {
  const size = dims(m).et16EntrySize;
  return ok(decodeMbusReading(tableOf(m, ET16).subarray((channel - 1) * size, channel * size)));
}

export const recurring = (m: ReferenceMeter): RecurringReadLog =>
  ok(decodeRecurringReadLog(tableOf(m, ET45), "le", dims(m).et45Entries, dims(m).et45EntrySize));
export const oneTime = (m: ReferenceMeter): OneTimeReadTable =>
  ok(decodeOneTimeReadTable(tableOf(m, ET31), "le", dims(m).et31Entries, dims(m).mbusChannels));
export const postings = (m: ReferenceMeter): MepPostingLog =>
  ok(decodeMepPostingLog(tableOf(m, ET74), "le", dims(m).et74Entries, dims(m).mepDataSize));

let psn = 10;
const nextPsn = () => (psn = psn >= 250 ? 10 : psn + 1);

export const ep19 = (m: ReferenceMeter, channel: number, type: number, requestId: number) =>
  initiate(m, EP19, nextPsn(), encodeOnDemandMbusRequest({ channel, type, requestId }));
export const ep39 = (m: ReferenceMeter, p: MepPostingParameters) =>
  initiate(m, EP39, nextPsn(), encodePostMepData(p, "le"));
export const bench = (m: ReferenceMeter, action: number, argument: number) =>
  initiate(m, EP95, nextPsn(), encodeBenchAction({ action, argument }, "le"), "master");
export const run = (m: ReferenceMeter, procedureId: number, parameters: Uint8Array) =>
  initiate(m, procedureId, nextPsn(), parameters);

/** Lets `ms` of time pass in steps, reading BT08 after each, as a client polling would. */
export function pass(m: ReferenceMeter, ticks: FakeTicks, ms: number, step = 250): void {
  for (let t = 0; t < ms; t += step) {
    ticks.advance(Math.min(step, ms - t));
    tableOf(m, 8);
  }
}

/** 2025-06-15 hh:mm:ss UTC. */
export const june15 = (h: number, mi: number, s: number): number => Date.UTC(2025, 5, 15, h, mi, s);
