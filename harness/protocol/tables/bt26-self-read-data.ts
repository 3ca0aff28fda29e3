import type { ByteOrder, ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits, type BitFieldValues } from "../types/bit-fields";
import {
  datedRegisterDataSize,
  readDatedRegisterData,
  writeDatedRegisterData,
  type DatedRegisterData,
} from "./bt24-bt25-dated-register-data";
import type { RegisterLayout } from "./bt23-current-register-data";
import type { RegisterDimensions } from "./bt21-register-dimensions";

/**
 * BT26 Self-Read Data (8.4.1): the C12.19 list of register copies, taken on a schedule and on
 * demand. List header (C12.19 list status record):
 *   0 LIST_STATUS UINT8 (bit 0 descending order, 1 overflow, 2 circular list, 3 inhibit overflow)
 *   1 NBR_VALID_ENTRIES UINT8   2 LAST_ENTRY_ELEMENT UINT8   3 LAST_ENTRY_SEQ_NBR UINT16
 *   5 NBR_UNREAD_ENTRIES UINT8
 * then ARRAY[NBR_SELF_READS] of entries, each:
 *   SELF_READ_SEQ_NBR UINT16 if SELF_READ_SEQ_NBR_FLAG (BT21 REG_FUNC2 bit 1), then BT24's record
 *   (END_DATE_TIME, SEASON, REGISTER_DATA_RCD).
 * The place of the per-entry sequence number (first in the entry) is our reading of C12.19: a
 * device that puts it elsewhere fails the entry-sequence scenario, which says so.
 */
export const BT26 = 26;
export const SELF_READ_HEADER_SIZE = 6;

const STATUS_BITS = {
  descending: [0, 0],
  overflow: [1, 1],
  circular: [2, 2],
  inhibitOverflow: [3, 3],
  reserved: [4, 7],
} as const;
export type ListStatus = BitFieldValues<typeof STATUS_BITS>;

export type SelfReadLayout = RegisterLayout & Pick<RegisterDimensions, "functions2" | "selfReads">;

export interface SelfReadHeader {
  readonly status: ListStatus;
  readonly validEntries: number;
  readonly lastElement: number;
  readonly lastSequence: number;
  readonly unreadEntries: number;
}

export interface SelfReadEntry extends DatedRegisterData {
  /** null when the layout has no per-entry sequence number. */
  readonly sequence: number | null;
}

export interface SelfReadList extends SelfReadHeader {
  readonly entries: readonly SelfReadEntry[];
}

export function selfReadEntrySize(l: SelfReadLayout): number {
  return (l.functions2.selfReadSequenceNumber ? 2 : 0) + datedRegisterDataSize(l);
}

export function selfReadEntryOffset(l: SelfReadLayout, element: number): number {
  return SELF_READ_HEADER_SIZE + element * selfReadEntrySize(l);
}

export function selfReadDataSize(l: SelfReadLayout): number {
  return selfReadEntryOffset(l, l.selfReads);
}

export function listStatus(v: Partial<ListStatus>): ListStatus {
  return { ...unpackBits(0, STATUS_BITS), ...v };
}

/** The C12.19 list header that BT26 and the ET41 log share. */
export function readListHeader(r: ByteReader, order: ByteOrder): SelfReadHeader {
  return {
    status: unpackBits(r.u8("status"), STATUS_BITS),
    validEntries: r.u8("validEntries"),
    lastElement: r.u8("lastElement"),
    lastSequence: r.uint(2, order, "lastSequence"),
    unreadEntries: r.u8("unreadEntries"),
  };
}

export function writeListHeader(w: ByteWriter, h: SelfReadHeader, order: ByteOrder, context: string): void {
  w.u8(packBits(h.status, STATUS_BITS, `${context}.status`), "status")
    .u8(h.validEntries, "validEntries")
    .u8(h.lastElement, "lastElement")
    .uint(h.lastSequence, 2, order, "lastSequence")
    .u8(h.unreadEntries, "unreadEntries");
}

function readEntry(r: ByteReader, l: SelfReadLayout, order: ByteOrder, field: string): SelfReadEntry {
  const sequence = l.functions2.selfReadSequenceNumber ? r.uint(2, order, `${field}.sequence`) : null;
  return { sequence, ...readDatedRegisterData(r, l, order, field) };
}

export function decodeSelfReadHeader(bytes: Uint8Array, order: ByteOrder): Decoded<SelfReadHeader> {
  return decodeWith(bytes, "BT26", (r) => readListHeader(r, order));
}

/** One entry on its own (a partial read of exactly one element). */
export function decodeSelfReadEntry(bytes: Uint8Array, l: SelfReadLayout, order: ByteOrder): Decoded<SelfReadEntry> {
  return decodeWith(bytes, "BT26", (r) => readEntry(r, l, order, "entry"));
}

export function decodeSelfReadData(bytes: Uint8Array, l: SelfReadLayout, order: ByteOrder): Decoded<SelfReadList> {
  return decodeWith(bytes, "BT26", (r) => ({
    ...readListHeader(r, order),
    entries: Array.from({ length: l.selfReads }, (_, i) => readEntry(r, l, order, `entries[${i}]`)),
  }));
}

export function encodeSelfReadData(v: SelfReadList, l: SelfReadLayout, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("BT26");
  writeListHeader(w, v, order, "BT26");
  if (v.entries.length !== l.selfReads) w.fail("entries", `needs ${l.selfReads} entries, got ${v.entries.length}`);
  v.entries.forEach((e, i) => {
    if (l.functions2.selfReadSequenceNumber) w.uint(e.sequence ?? 0, 2, order, `entries[${i}].sequence`);
    writeDatedRegisterData(w, e, l, order, `entries[${i}]`);
  });
  return w.toBytes();
}
