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
 * ET30 Maximum Power or Current (8.10.1): the load limiter's thresholds. When the quantity ET55
 * chooses (8.10.1.3) stays above its threshold for `durationSeconds`, the contactor opens.
 * PROVISIONAL layout (ours; NES's is not public), LSB first:
 *   0 UINT32 maxPowerW          active import power threshold, W (0: no power limit)      8.10.1.1
 *   4 UINT16 maxCurrentCentiA   highest phase current threshold, 0.01 A (0: no limit)     8.10.1.2
 *   6 UINT16 durationSeconds    how long the quantity must stay above it, s
 */
export const ET30 = EXTENDED_BASE + 30;

const LAYOUT = [
  ["maxPowerW", 4],
  ["maxCurrentCentiA", 2],
  ["durationSeconds", 2],
] as const;

export type MaxPowerCurrent = UintRecord<typeof LAYOUT>;
export const ET30_FIELDS = fieldPlaces(LAYOUT);
export const ET30_SIZE = layoutSize(LAYOUT);

/**
 * What the reference meter accepts: up to 1 MW and 200 A, a duration of 1 s to 1 h. The spec gives no
 * range; a device's own are PIXIT control.limits, whose defaults are these.
 */
const ET30_RANGES: FieldRanges<typeof LAYOUT> = {
  maxPowerW: [0, 1_000_000],
  maxCurrentCentiA: [0, 20_000],
  durationSeconds: [1, 3600],
};

export function decodeMaxPowerCurrent(bytes: Uint8Array, order: ByteOrder): Decoded<MaxPowerCurrent> {
  return decodeWith(bytes, "ET30", (r) => readUints(r, LAYOUT, order, ""));
}

export function encodeMaxPowerCurrent(v: MaxPowerCurrent, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET30");
  writeUints(w, LAYOUT, v, order, "");
  return w.toBytes();
}

/** The first value a device must refuse, or null. */
export function checkMaxPowerCurrent(v: MaxPowerCurrent): string | null {
  return firstOutOfRange(v, ET30_RANGES);
}
