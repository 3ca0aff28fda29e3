import assert from "node:assert/strict";
import type { Decoded } from "../../harness/bytes/decoded";
import {
  BP09,
  encodeRemoteReset,
  type RemoteResetParameters,
} from "../../harness/protocol/procedures/bp09-remote-reset";
import { BP10, encodeSetDateTime } from "../../harness/protocol/procedures/bp10-set-date-time";
import {
  BT21,
  decodeRegisterDimensions,
  type RegisterDimensions,
} from "../../harness/protocol/tables/bt21-register-dimensions";
import {
  BT23,
  decodeCurrentRegisterData,
  type RegisterData,
} from "../../harness/protocol/tables/bt23-current-register-data";
import {
  BT24,
  BT25,
  decodeDatedRegisterData,
  type DatedRegisterData,
} from "../../harness/protocol/tables/bt24-bt25-dated-register-data";
import { BT26, decodeSelfReadData, type SelfReadList } from "../../harness/protocol/tables/bt26-self-read-data";
import {
  BT28,
  decodePresentRegisterData,
  type PresentRegisterData,
} from "../../harness/protocol/tables/bt28-present-register-data";
import {
  decodeDemandTable,
  encodeDemandConfiguration,
  ET40,
  type DemandConfiguration,
  type DemandTable,
} from "../../harness/protocol/tables/et40-demand-configuration";
import { decodeDemandResetLog, ET41, type DemandResetLog } from "../../harness/protocol/tables/et41-demand-reset-log";
import { epochMsToLTimeDate } from "../../harness/protocol/types/time-types";
import { unpackTimeDateQualifier } from "../../harness/protocol/types/time-date-qualifier";
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { bt08Of, codeOf, initiate, partialWrite, tableOf } from "./meter-requests";

/**
 * The billing tables of a ReferenceMeter, decoded with the protocol codecs and the meter's own
 * BT21 (as a client lays them out), and the billing procedures: for the billing unit tests.
 */
function value<T>(d: Decoded<T>): T {
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

export function dimsOf(meter: ReferenceMeter): RegisterDimensions {
  return value(decodeRegisterDimensions(tableOf(meter, BT21)));
}

export function bt23Of(meter: ReferenceMeter, dims = dimsOf(meter)): RegisterData {
  return value(decodeCurrentRegisterData(tableOf(meter, BT23), dims, "le"));
}

export function copyOf(meter: ReferenceMeter, table: typeof BT24 | typeof BT25): DatedRegisterData {
  return value(decodeDatedRegisterData(tableOf(meter, table), dimsOf(meter), "le", table === BT24 ? "BT24" : "BT25"));
}

export function selfReadsOf(meter: ReferenceMeter): SelfReadList {
  return value(decodeSelfReadData(tableOf(meter, BT26), dimsOf(meter), "le"));
}

export function presentOf(meter: ReferenceMeter): PresentRegisterData {
  return value(decodePresentRegisterData(tableOf(meter, BT28), dimsOf(meter), "le"));
}

export function et40Of(meter: ReferenceMeter): DemandTable {
  return value(decodeDemandTable(tableOf(meter, ET40), "le"));
}

export function et41Of(meter: ReferenceMeter): DemandResetLog {
  return value(decodeDemandResetLog(tableOf(meter, ET41), "le"));
}

let sequence = 1;

/** Runs BP09 and answers BT08's result code. */
export function remoteReset(meter: ReferenceMeter, p: Partial<RemoteResetParameters> | Uint8Array): number {
  sequence = (sequence % 200) + 1;
  assert.equal(initiate(meter, BP09, sequence, p instanceof Uint8Array ? p : encodeRemoteReset(p)), 0);
  return bt08Of(meter).resultCode;
}

export function setClock(meter: ReferenceMeter, ms: number): void {
  sequence = (sequence % 200) + 1;
  assert.equal(
    initiate(
      meter,
      BP10,
      sequence,
      encodeSetDateTime({
        setDate: true,
        setTime: true,
        setQualifier: false,
        dateTime: epochMsToLTimeDate(ms),
        qualifier: unpackTimeDateQualifier(0),
      }),
    ),
    0,
  );
  assert.equal(bt08Of(meter).resultCode, 0);
}

/** Writes ET40's configuration from byte 1 (the meter's own byte 0 left alone); answers the response code. */
export function writeDemand(meter: ReferenceMeter, c: Omit<DemandConfiguration, "demands">): number {
  return codeOf(
    meter,
    partialWrite(ET40, 1, encodeDemandConfiguration({ ...c, demands: c.sources.length }).subarray(1)),
  );
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
