import type { ByteOrder, ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";

/**
 * ET77 Secondary Display List (8.9.1), and the display-list layout ET07's primary list shares.
 * PROVISIONAL layout (ours; NES's is not public), LSB first: UINT8 count (entries in use, at most
 * L), then L UINT16 source ids (ET67's), L being ET67's listLength. Entries past `count` are kept
 * but not shown; every entry in use must be a source id ET67 lists.
 */
export const ET77 = EXTENDED_BASE + 77;

export interface DisplayList {
  readonly count: number;
  /** All L entries, in use or not. */
  readonly entries: readonly number[];
}

export function displayListSize(listLength: number): number {
  return 1 + 2 * listLength;
}

export function readDisplayList(r: ByteReader, listLength: number, order: ByteOrder, field: string): DisplayList {
  const count = r.u8(`${field}.count`);
  const entries = Array.from({ length: listLength }, (_, i) => r.uint(2, order, `${field}.entry[${i}]`));
  return { count, entries };
}

export function writeDisplayList(
  w: ByteWriter,
  v: DisplayList,
  listLength: number,
  order: ByteOrder,
  field: string,
): void {
  if (v.entries.length !== listLength) w.fail(field, `needs ${listLength} entries, got ${v.entries.length}`);
  w.u8(v.count, `${field}.count`);
  v.entries.forEach((e, i) => w.uint(e, 2, order, `${field}.entry[${i}]`));
}

/** A list a device must refuse: more entries in use than it has, or a source id ET67 does not list. */
export function checkDisplayList(v: DisplayList, knownSourceIds: ReadonlySet<number>, field: string): string | null {
  if (v.count > v.entries.length) return `${field}.count = ${v.count} (at most ${v.entries.length})`;
  for (let i = 0; i < v.count; i++) {
    const id = v.entries[i] as number;
    if (!knownSourceIds.has(id)) return `${field}.entry[${i}] = ${id} is not a source id of ET67`;
  }
  return null;
}

/** The table's length follows from ET67 (listLength), so the decoder takes it. */
export function decodeSecondaryDisplayList(
  bytes: Uint8Array,
  listLength: number,
  order: ByteOrder,
): Decoded<DisplayList> {
  return decodeWith(bytes, "ET77", (r) => readDisplayList(r, listLength, order, "list"));
}

export function encodeSecondaryDisplayList(v: DisplayList, listLength: number, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET77");
  writeDisplayList(w, v, listLength, order, "list");
  return w.toBytes();
}
