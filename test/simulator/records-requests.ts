import assert from "node:assert/strict";
import type { Decoded } from "../../harness/bytes/decoded";
import { setDateTimeTo } from "../../harness/conformance/procedure-calls";
import { BP05, encodeUpdateLastReadEntry } from "../../harness/protocol/procedures/bp04-bp05-list-pointers";
import { BP10 } from "../../harness/protocol/procedures/bp10-set-date-time";
import {
  BT61,
  decodeLoadProfileDimensions,
  type LoadProfileDimensions,
} from "../../harness/protocol/tables/bt60-bt61-load-profile-dimensions";
import {
  BT63,
  decodeLoadProfileStatus,
  type LoadProfileSetStatus,
} from "../../harness/protocol/tables/bt63-load-profile-status";
import {
  decodeLoadProfileData,
  LP_DATA_TABLES,
  type LoadProfileBlock,
  type LoadProfileDataShape,
} from "../../harness/protocol/tables/bt64-bt67-load-profile-data";
import {
  BT74,
  decodeHistoryLog,
  type HistoryEntry,
  type HistoryLogHeader,
} from "../../harness/protocol/tables/bt74-history-log-data";
import { decodeRecordsAlarms, ET73, type RecordsAlarms } from "../../harness/protocol/tables/et72-et73-critical-events";
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { bt08Of, initiate, tableOf } from "./meter-requests";

/**
 * Reading the records group's tables of a ReferenceMeter in tests, with the layouts written out
 * here (not taken from the simulator): set 1 has 8 blocks of 24 intervals, UINT16 values; set 2
 * 4 blocks of 24, UINT32; INT32 end readings; extended status. The history log has 64 entries of
 * LTIME_DATE, sequence number, user, code and a 6-byte argument.
 */
export const SET1 = (channels: number): LoadProfileDataShape => ({
  blocks: 8,
  intervalsPerBlock: 24,
  channels,
  intervalFormat: 2,
  niFormat1: 8,
  niFormat2: 8,
  blockEndRead: 1,
  blockEndPulse: 0,
  extendedStatus: 1,
  simpleStatus: 0,
});
export const SET2: LoadProfileDataShape = { ...SET1(2), blocks: 4, intervalFormat: 4 };
export const HISTORY_SHAPE = { historyDateTime: 1, eventNumber: 0, historySequenceNumber: 1, argumentLength: 6 };

export function ok<T>(d: Decoded<T>): T {
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

export function setsUsed(meter: ReferenceMeter): number {
  return meter.profile.features.mbusLoadProfile ? 0b11 : 0b01;
}

export function dimensionsOf(meter: ReferenceMeter): LoadProfileDimensions {
  return ok(decodeLoadProfileDimensions(tableOf(meter, BT61), "le", setsUsed(meter)));
}

export function statusOf(meter: ReferenceMeter, set = 1): LoadProfileSetStatus {
  const s = ok(decodeLoadProfileStatus(tableOf(meter, BT63), "le", setsUsed(meter)))[set - 1];
  assert.ok(s !== null && s !== undefined);
  return s;
}

export function blocksOf(meter: ReferenceMeter, set = 1): LoadProfileBlock[] {
  const shape = set === 1 ? SET1(meter.profile.load.phases === 3 ? 4 : 2) : SET2;
  return ok(decodeLoadProfileData(tableOf(meter, LP_DATA_TABLES[set - 1] as number), "le", shape));
}

export function newestBlock(meter: ReferenceMeter, set = 1): LoadProfileBlock {
  const b = blocksOf(meter, set)[statusOf(meter, set).lastBlockElement];
  assert.ok(b !== undefined);
  return b;
}

export function blockEndMs(b: LoadProfileBlock): number {
  assert.ok(b.endTime !== null, "the block has no end time");
  const t = b.endTime;
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
}

export function historyOf(meter: ReferenceMeter): { header: HistoryLogHeader; entries: HistoryEntry[] } {
  return ok(decodeHistoryLog(tableOf(meter, BT74), "le", HISTORY_SHAPE, 64));
}

export function alarmsOf(meter: ReferenceMeter): RecordsAlarms {
  return ok(decodeRecordsAlarms(tableOf(meter, ET73), "le"));
}

let sequence = 10;

/** Runs a procedure and returns its BT08 result code (the write itself must be accepted). */
export function runProcedure(meter: ReferenceMeter, procedureId: number, parameters: Uint8Array): number {
  sequence = sequence >= 200 ? 10 : sequence + 1;
  assert.equal(initiate(meter, procedureId, sequence, parameters), 0);
  return bt08Of(meter).resultCode;
}

export function setClock(meter: ReferenceMeter, epochMs: number): void {
  assert.equal(runProcedure(meter, BP10, setDateTimeTo(epochMs)), 0);
}

export function markRead(meter: ReferenceMeter, list: number, entriesRead: number): number {
  return runProcedure(meter, BP05, encodeUpdateLastReadEntry({ list, entriesRead }, "le"));
}
