import type { ByteOrder, ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readSTimeDate, STIME_DATE_SIZE, writeSTimeDate, type STimeDate } from "../types/time-types";
import { readListHeader, SELF_READ_HEADER_SIZE, writeListHeader, type SelfReadHeader } from "./bt26-self-read-data";

/**
 * ET41 Historical Demand Reset Log (8.15.1.8). The table's name is NES's; its layout is not public.
 * PROVISIONAL layout (ours), dimensioned by its own header so that a reader needs nothing else:
 *   0  C12.19 list header as BT26's (status, valid entries, last element, last sequence UINT16,
 *      unread entries), 6 bytes
 *   6  UINT8 NBR_ENTRIES (capacity)      7  UINT8 NBR_DEMANDS D
 *   8  ARRAY[NBR_ENTRIES] OF entry, circular, oldest overwritten:
 *        UINT16 sequence number, STIME_DATE time of the reset, UINT8 demand resets counted so far
 *        (BT23's NBR_DEMAND_RESETS after this reset), then per demand: INT32 the maximum demand
 *        that was reset (W), STIME_DATE when it occurred, INT32 the cumulative demand after the reset
 */
export const ET41 = EXTENDED_BASE + 41;
export const DEMAND_RESET_LOG_HEADER_SIZE = SELF_READ_HEADER_SIZE + 2;

export interface ResetDemand {
  readonly maximum: number;
  readonly maximumTime: STimeDate | null;
  readonly cumulative: number;
}

export interface DemandResetEntry {
  readonly sequence: number;
  readonly time: STimeDate | null;
  readonly resetCount: number;
  readonly demands: readonly ResetDemand[];
}

export interface DemandResetLogHeader extends SelfReadHeader {
  readonly capacity: number;
  readonly demands: number;
}

export interface DemandResetLog extends DemandResetLogHeader {
  readonly entries: readonly DemandResetEntry[];
}

export function demandResetEntrySize(demands: number): number {
  return 2 + STIME_DATE_SIZE + 1 + demands * (8 + STIME_DATE_SIZE);
}

export function demandResetEntryOffset(demands: number, element: number): number {
  return DEMAND_RESET_LOG_HEADER_SIZE + element * demandResetEntrySize(demands);
}

export function demandResetLogSize(capacity: number, demands: number): number {
  return demandResetEntryOffset(demands, capacity);
}

function readHeader(r: ByteReader, order: ByteOrder): DemandResetLogHeader {
  return { ...readListHeader(r, order), capacity: r.u8("capacity"), demands: r.u8("demands") };
}

function readEntry(r: ByteReader, demands: number, order: ByteOrder, field: string): DemandResetEntry {
  return {
    sequence: r.uint(2, order, `${field}.sequence`),
    time: readSTimeDate(r, `${field}.time`),
    resetCount: r.u8(`${field}.resetCount`),
    demands: Array.from({ length: demands }, (_, i) => ({
      maximum: r.int(4, order, `${field}.demands[${i}].maximum`),
      maximumTime: readSTimeDate(r, `${field}.demands[${i}].maximumTime`),
      cumulative: r.int(4, order, `${field}.demands[${i}].cumulative`),
    })),
  };
}

export function decodeDemandResetLogHeader(bytes: Uint8Array, order: ByteOrder): Decoded<DemandResetLogHeader> {
  return decodeWith(bytes, "ET41", (r) => readHeader(r, order));
}

export function decodeDemandResetEntry(
  bytes: Uint8Array,
  demands: number,
  order: ByteOrder,
): Decoded<DemandResetEntry> {
  return decodeWith(bytes, "ET41", (r) => readEntry(r, demands, order, "entry"));
}

export function decodeDemandResetLog(bytes: Uint8Array, order: ByteOrder): Decoded<DemandResetLog> {
  return decodeWith(bytes, "ET41", (r) => {
    const h = readHeader(r, order);
    return {
      ...h,
      entries: Array.from({ length: h.capacity }, (_, i) => readEntry(r, h.demands, order, `entries[${i}]`)),
    };
  });
}

export function encodeDemandResetLog(v: DemandResetLog, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET41");
  writeListHeader(w, v, order, "ET41");
  w.u8(v.capacity, "capacity").u8(v.demands, "demands");
  if (v.entries.length !== v.capacity) w.fail("entries", `needs ${v.capacity} entries, got ${v.entries.length}`);
  v.entries.forEach((e, i) => {
    w.uint(e.sequence, 2, order, `entries[${i}].sequence`);
    writeSTimeDate(w, e.time, `entries[${i}].time`);
    w.u8(e.resetCount, `entries[${i}].resetCount`);
    if (e.demands.length !== v.demands) w.fail(`entries[${i}].demands`, `needs ${v.demands} entries`);
    e.demands.forEach((d, k) => {
      w.int(d.maximum, 4, order, `entries[${i}].demands[${k}].maximum`);
      writeSTimeDate(w, d.maximumTime, `entries[${i}].demands[${k}].maximumTime`);
      w.int(d.cumulative, 4, order, `entries[${i}].demands[${k}].cumulative`);
    });
  });
  return w.toBytes();
}
