import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { layoutSize, readUints, writeUints, type UintRecord } from "../types/uint-fields";

/**
 * ET67 Display Source-ID Mapping (8.9.1): the sources the display can show, and the dimensions of
 * the display tables. Meter-controlled. PROVISIONAL layout (ours; NES's is not public), LSB first:
 *   0 UINT8 sources       number of source entries S
 *   1 UINT8 listLength    entries of each display list (ET07's primary, ET77's secondary)
 *   2 UINT8 messageSlots  scheduled display messages ET07 holds (8.9.9)
 *   3 S entries of 4 bytes: UINT16 sourceId (never 0), UINT8 quantity (DISPLAY_QUANTITY), UINT8 decimals
 */
export const ET67 = EXTENDED_BASE + 67;

const HEADER = [
  ["sources", 1],
  ["listLength", 1],
  ["messageSlots", 1],
] as const;

const SOURCE = [
  ["sourceId", 2],
  ["quantity", 1],
  ["decimals", 1],
] as const;

export type DisplaySource = UintRecord<typeof SOURCE>;
export const ET67_HEADER_SIZE = layoutSize(HEADER);
export const ET67_SOURCE_SIZE = layoutSize(SOURCE);

export const DISPLAY_QUANTITY = {
  importEnergy: 0,
  exportEnergy: 1,
  activePower: 2,
  voltage: 3,
  current: 4,
  date: 5,
  time: 6,
  credit: 7,
  pulseCount: 8,
} as const;

export interface DisplaySourceMapping {
  readonly listLength: number;
  readonly messageSlots: number;
  readonly sources: readonly DisplaySource[];
}

export function displaySourceMappingSize(sources: number): number {
  return ET67_HEADER_SIZE + sources * ET67_SOURCE_SIZE;
}

export function decodeDisplaySourceMapping(bytes: Uint8Array, order: ByteOrder): Decoded<DisplaySourceMapping> {
  return decodeWith(bytes, "ET67", (r) => {
    const h = readUints(r, HEADER, order, "");
    const sources = Array.from({ length: h.sources }, (_, i) => readUints(r, SOURCE, order, `source[${i}].`));
    return { listLength: h.listLength, messageSlots: h.messageSlots, sources };
  });
}

export function encodeDisplaySourceMapping(v: DisplaySourceMapping, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET67");
  writeUints(
    w,
    HEADER,
    { sources: v.sources.length, listLength: v.listLength, messageSlots: v.messageSlots },
    order,
    "",
  );
  v.sources.forEach((s, i) => writeUints(w, SOURCE, s, order, `source[${i}].`));
  return w.toBytes();
}
