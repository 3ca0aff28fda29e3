import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits, type BitFieldValues } from "../types/bit-fields";

/**
 * BT70 Log Dimension Limits and BT71 Actual Log (8.12), C12.19 LOG_RCD as version 1 devices
 * (BT00 STD_VERSION_NO 1) have it: LOG_FLAGS (UINT8: EVENT_NUMBER_FLAG, HIST_DATE_TIME_FLAG,
 * HIST_SEQ_NBR_FLAG, HIST_INHIBIT_OVF_FLAG, EVENT_INHIBIT_OVF_FLAG in bits 0..4),
 * NBR_STD_EVENTS and NBR_MFG_EVENTS (UINT8: bytes in the event bitmaps of BT72/BT73),
 * HIST_DATA_LENGTH and EVENT_DATA_LENGTH (UINT8: argument bytes per entry), NBR_HISTORY_ENTRIES
 * and NBR_EVENT_ENTRIES (UINT16). 9 bytes. Version 2 adds fields this harness does not read.
 */
export const BT70 = 70;
export const BT71 = 71;

const LOG_FLAG_BITS = {
  eventNumber: [0, 0],
  historyDateTime: [1, 1],
  historySequenceNumber: [2, 2],
  historyInhibitOverflow: [3, 3],
  eventInhibitOverflow: [4, 4],
  reserved: [5, 7],
} as const;

export type LogFlags = BitFieldValues<typeof LOG_FLAG_BITS>;

export interface LogDimensions {
  readonly flags: LogFlags;
  readonly stdEventBytes: number;
  readonly mfgEventBytes: number;
  readonly historyArgumentLength: number;
  readonly eventArgumentLength: number;
  readonly historyEntries: number;
  readonly eventEntries: number;
}

export function decodeLogDimensions(bytes: Uint8Array, order: ByteOrder): Decoded<LogDimensions> {
  return decodeWith(bytes, "BT7x", (r) => ({
    flags: unpackBits(r.u8("flags"), LOG_FLAG_BITS),
    stdEventBytes: r.u8("stdEventBytes"),
    mfgEventBytes: r.u8("mfgEventBytes"),
    historyArgumentLength: r.u8("historyArgumentLength"),
    eventArgumentLength: r.u8("eventArgumentLength"),
    historyEntries: r.uint(2, order, "historyEntries"),
    eventEntries: r.uint(2, order, "eventEntries"),
  }));
}

export function encodeLogDimensions(v: LogDimensions, order: ByteOrder): Uint8Array {
  return new ByteWriter("BT7x")
    .u8(packBits(v.flags, LOG_FLAG_BITS, "BT7x.flags"), "flags")
    .u8(v.stdEventBytes, "stdEventBytes")
    .u8(v.mfgEventBytes, "mfgEventBytes")
    .u8(v.historyArgumentLength, "historyArgumentLength")
    .u8(v.eventArgumentLength, "eventArgumentLength")
    .uint(v.historyEntries, 2, order, "historyEntries")
    .uint(v.eventEntries, 2, order, "eventEntries")
    .toBytes();
}

export function logFlags(v: Partial<LogFlags>): LogFlags {
  return { ...unpackBits(0, LOG_FLAG_BITS), ...v };
}
