import { packBits, unpackBits, type BitFieldValues } from "./bit-fields";

/**
 * TIME_DATE_QUAL (C12.19), the byte after the clock in BT52 and BP10: day of week (0 = Sunday)
 * and the DST/GMT flags.
 */
const QUAL_BITS = {
  dayOfWeek: [0, 2],
  dst: [3, 3],
  gmt: [4, 4],
  timeZoneApplied: [5, 5],
  dstApplied: [6, 6],
  dstSupported: [7, 7],
} as const;

export type TimeDateQualifier = BitFieldValues<typeof QUAL_BITS>;

export function unpackTimeDateQualifier(byte: number): TimeDateQualifier {
  return unpackBits(byte, QUAL_BITS);
}

export function packTimeDateQualifier(q: TimeDateQualifier, path: string): number {
  return packBits(q, QUAL_BITS, path);
}
