import type { ByteOrder, ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits, type BitFieldValues } from "../types/bit-fields";
import { LTIME_DATE_SIZE, readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";

/**
 * BT74 History Log Data (8.12), C12.19 HIST_LOG_DATA_TBL: HIST_FLAGS (UINT8: ORDER, OVERFLOW,
 * LIST_TYPE, INHIBIT_OVERFLOW in bits 0..3), NBR_VALID_ENTRIES (UINT16), LAST_ENTRY_ELEMENT
 * (UINT16), LAST_ENTRY_SEQ_NBR (UINT32), NBR_UNREAD_ENTRIES (UINT16): 11 bytes; then
 * NBR_HISTORY_ENTRIES entries of HISTORY_TIME (LTIME_DATE, when BT71 HIST_DATE_TIME_FLAG),
 * EVENT_NUMBER (UINT16, when EVENT_NUMBER_FLAG), HISTORY_SEQ_NBR (UINT16, when HIST_SEQ_NBR_FLAG),
 * USER_ID (UINT16), HISTORY_CODE (TABLE_IDB_BFLD, UINT16: event number in bits 0..10, bit 11 set
 * for a manufacturer event) and HISTORY_ARGUMENT (HIST_DATA_LENGTH bytes).
 * Times are those of BT00 time format 2 (discrete bytes), the format every OSGP meter declares.
 */
export const BT74 = 74;
export const HISTORY_HEADER_SIZE = 11;

const HEADER_BITS = {
  descending: [0, 0],
  overflow: [1, 1],
  circular: [2, 2],
  inhibitOverflow: [3, 3],
  reserved: [4, 7],
} as const;
const CODE_BITS = { code: [0, 10], manufacturer: [11, 11], reserved: [12, 15] } as const;

export type HistoryLogFlags = BitFieldValues<typeof HEADER_BITS>;

export interface HistoryEntryShape {
  /** BT71 LOG_FLAGS, 0 or 1. */
  readonly historyDateTime: number;
  readonly eventNumber: number;
  readonly historySequenceNumber: number;
  /** BT71 HIST_DATA_LENGTH. */
  readonly argumentLength: number;
}

export interface HistoryLogHeader {
  readonly flags: HistoryLogFlags;
  readonly validEntries: number;
  readonly lastEntryElement: number;
  readonly lastEntrySequence: number;
  readonly unreadEntries: number;
}

export interface HistoryEntry {
  readonly time: LTimeDate | null;
  readonly eventNumber: number | null;
  readonly sequence: number | null;
  readonly userId: number;
  readonly code: number;
  readonly manufacturer: boolean;
  readonly argument: Uint8Array;
}

export function historyEntrySize(dims: HistoryEntryShape): number {
  return (
    (dims.historyDateTime ? LTIME_DATE_SIZE : 0) +
    (dims.eventNumber ? 2 : 0) +
    (dims.historySequenceNumber ? 2 : 0) +
    4 +
    dims.argumentLength
  );
}

/** Byte offset of entry `element` in BT74: where a partial read of one entry starts. */
export function historyEntryOffset(dims: HistoryEntryShape, element: number): number {
  return HISTORY_HEADER_SIZE + element * historyEntrySize(dims);
}

export function decodeHistoryLogHeader(bytes: Uint8Array, order: ByteOrder): Decoded<HistoryLogHeader> {
  return decodeWith(bytes, "BT74", (r) => readHeader(r, order));
}

export function decodeHistoryEntry(
  bytes: Uint8Array,
  order: ByteOrder,
  dims: HistoryEntryShape,
): Decoded<HistoryEntry> {
  return decodeWith(bytes, "BT74", (r) => readEntry(r, order, dims, "entry"));
}

export function decodeHistoryLog(
  bytes: Uint8Array,
  order: ByteOrder,
  dims: HistoryEntryShape,
  historyEntries: number,
): Decoded<{ header: HistoryLogHeader; entries: HistoryEntry[] }> {
  return decodeWith(bytes, "BT74", (r) => ({
    header: readHeader(r, order),
    entries: Array.from({ length: historyEntries }, (_, i) => readEntry(r, order, dims, `entry${i}`)),
  }));
}

function readHeader(r: ByteReader, order: ByteOrder): HistoryLogHeader {
  return {
    flags: unpackBits(r.u8("flags"), HEADER_BITS),
    validEntries: r.uint(2, order, "validEntries"),
    lastEntryElement: r.uint(2, order, "lastEntryElement"),
    lastEntrySequence: r.uint(4, order, "lastEntrySequence"),
    unreadEntries: r.uint(2, order, "unreadEntries"),
  };
}

function readEntry(r: ByteReader, order: ByteOrder, dims: HistoryEntryShape, f: string): HistoryEntry {
  const time = dims.historyDateTime ? readLTimeDate(r, `${f}.time`) : null;
  const eventNumber = dims.eventNumber ? r.uint(2, order, `${f}.eventNumber`) : null;
  const sequence = dims.historySequenceNumber ? r.uint(2, order, `${f}.sequence`) : null;
  const userId = r.uint(2, order, `${f}.userId`);
  const code = unpackBits(r.uint(2, order, `${f}.code`), CODE_BITS);
  return {
    time,
    eventNumber,
    sequence,
    userId,
    code: code.code,
    manufacturer: code.manufacturer === 1,
    argument: r.bytes(dims.argumentLength, `${f}.argument`),
  };
}

export function encodeHistoryLog(
  header: HistoryLogHeader,
  entries: readonly HistoryEntry[],
  order: ByteOrder,
  dims: HistoryEntryShape,
): Uint8Array {
  const w = new ByteWriter("BT74")
    .u8(packBits(header.flags, HEADER_BITS, "BT74.flags"), "flags")
    .uint(header.validEntries, 2, order, "validEntries")
    .uint(header.lastEntryElement, 2, order, "lastEntryElement")
    .uint(header.lastEntrySequence, 4, order, "lastEntrySequence")
    .uint(header.unreadEntries, 2, order, "unreadEntries");
  entries.forEach((e, i) => {
    const f = `entry${i}`;
    if (dims.historyDateTime) writeLTimeDate(w, e.time, `${f}.time`);
    if (dims.eventNumber) w.uint(e.eventNumber ?? 0, 2, order, `${f}.eventNumber`);
    if (dims.historySequenceNumber) w.uint(e.sequence ?? 0, 2, order, `${f}.sequence`);
    w.uint(e.userId, 2, order, `${f}.userId`);
    w.uint(
      packBits({ code: e.code, manufacturer: e.manufacturer ? 1 : 0, reserved: 0 }, CODE_BITS, `BT74.${f}.code`),
      2,
      order,
      `${f}.code`,
    );
    w.bytes(e.argument, `${f}.argument`, dims.argumentLength);
  });
  return w.toBytes();
}

export function historyLogFlags(v: Partial<HistoryLogFlags>): HistoryLogFlags {
  return { ...unpackBits(0, HEADER_BITS), ...v };
}
