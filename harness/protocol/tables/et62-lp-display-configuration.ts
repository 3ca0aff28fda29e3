import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import {
  fieldPlaces,
  firstOutOfRange,
  layoutSize,
  readUints,
  writeUints,
  type FieldRanges,
  type UintRecord,
} from "../types/uint-fields";

/**
 * ET62 Load-Profile Display Configuration (8.9): which load-profile channels the display offers,
 * and how. PROVISIONAL layout (ours; NES's is not public): byte 0 the number of channels C
 * (meter-controlled), then per channel 4 bytes:
 *   0 UINT8 enabled 0..1   1 UINT8 intervals shown 1..96   2 UINT8 decimals 0..3   3 UINT8 reserved (0)
 */
export const ET62 = EXTENDED_BASE + 62;

const CHANNEL = [
  ["enabled", 1],
  ["intervals", 1],
  ["decimals", 1],
  ["reserved", 1],
] as const;

export type LpDisplayChannel = UintRecord<typeof CHANNEL>;
export const ET62_CHANNEL_SIZE = layoutSize(CHANNEL);
export const ET62_CHANNEL_FIELDS = fieldPlaces(CHANNEL);
const RANGES: FieldRanges<typeof CHANNEL> = { enabled: [0, 1], intervals: [1, 96], decimals: [0, 3], reserved: [0, 0] };

export function lpDisplayChannelOffset(index: number): number {
  return 1 + index * ET62_CHANNEL_SIZE;
}

export function decodeLpDisplayConfiguration(bytes: Uint8Array, order: ByteOrder): Decoded<LpDisplayChannel[]> {
  return decodeWith(bytes, "ET62", (r) => {
    const n = r.u8("channels");
    return Array.from({ length: n }, (_, i) => readUints(r, CHANNEL, order, `channel[${i}].`));
  });
}

export function encodeLpDisplayConfiguration(channels: readonly LpDisplayChannel[], order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET62").u8(channels.length, "channels");
  channels.forEach((c, i) => writeUints(w, CHANNEL, c, order, `channel[${i}].`));
  return w.toBytes();
}

export function checkLpDisplayConfiguration(channels: readonly LpDisplayChannel[]): string | null {
  for (const [i, c] of channels.entries()) {
    const bad = firstOutOfRange(c, RANGES, `channel[${i}].`);
    if (bad !== null) return bad;
  }
  return null;
}
