import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits, type BitFieldValues } from "../types/bit-fields";

/**
 * BT60 Load Profile Dimension Limits and BT61 Actual Load Profile (8.5), both LP_SET_RCD of ANSI
 * C12.19: LP_MEMORY_LEN (UINT32), LP_FLAGS (UINT16 bit field), LP_FMATS (UINT8 bit field), then for
 * each data set whose table (BT64..BT67) BT00 declares: NBR_BLKS (UINT16), NBR_BLK_INTS (UINT16),
 * NBR_CHNS (UINT8), MAX_INT_TIME (UINT8, minutes). BT60 gives the limits, BT61 what is in use; in
 * BT61 MAX_INT_TIME is the interval length itself.
 *
 * `setsUsed` is a bit mask: bit n set when BT(64+n) is declared. LP_FLAGS bit 12 (C12.19-2008's
 * block-end indicator / closure status) is kept in `reserved`: C12.19 version 1 meters leave it 0.
 */
export const BT60 = 60;
export const BT61 = 61;
export const LP_DATA_SET_COUNT = 4;

const FLAG_BITS = {
  inhibitOverflowSet1: [0, 0],
  inhibitOverflowSet2: [1, 1],
  inhibitOverflowSet3: [2, 2],
  inhibitOverflowSet4: [3, 3],
  blockEndRead: [4, 4],
  blockEndPulse: [5, 5],
  scalarDivisorSet1: [6, 6],
  scalarDivisorSet2: [7, 7],
  scalarDivisorSet3: [8, 8],
  scalarDivisorSet4: [9, 9],
  extendedIntervalStatus: [10, 10],
  simpleIntervalStatus: [11, 11],
  reserved: [12, 15],
} as const;

const FORMAT_BITS = {
  uint8: [0, 0],
  uint16: [1, 1],
  uint32: [2, 2],
  int8: [3, 3],
  int16: [4, 4],
  int32: [5, 5],
  niFormat1: [6, 6],
  niFormat2: [7, 7],
} as const;

export type LoadProfileFlags = BitFieldValues<typeof FLAG_BITS>;
export type LoadProfileFormats = BitFieldValues<typeof FORMAT_BITS>;

export interface LoadProfileSetDimensions {
  readonly blocks: number;
  readonly intervalsPerBlock: number;
  readonly channels: number;
  /** Minutes: the longest interval (BT60), the interval length in use (BT61). */
  readonly intervalMinutes: number;
}

export interface LoadProfileDimensions {
  readonly memoryLength: number;
  readonly flags: LoadProfileFlags;
  readonly formats: LoadProfileFormats;
  /** Four entries, data sets 1..4; null where BT00 does not declare the set's table. */
  readonly sets: readonly (LoadProfileSetDimensions | null)[];
}

export const LP_SET_RECORD_SIZE = 6;

export function loadProfileDimensionsSize(setsUsed: number): number {
  return 7 + LP_SET_RECORD_SIZE * setCount(setsUsed);
}

/** The mask of data sets a dimension record holds (bit n: data set n + 1). */
export function setsUsedOf(v: LoadProfileDimensions): number {
  return v.sets.reduce((m, s, i) => (s === null ? m : m | (1 << i)), 0);
}

export function decodeLoadProfileDimensions(
  bytes: Uint8Array,
  order: ByteOrder,
  setsUsed: number,
): Decoded<LoadProfileDimensions> {
  return decodeWith(bytes, "BT6x", (r) => {
    const memoryLength = r.uint(4, order, "memoryLength");
    const flags = unpackBits(r.uint(2, order, "flags"), FLAG_BITS);
    const formats = unpackBits(r.u8("formats"), FORMAT_BITS);
    const sets = Array.from({ length: LP_DATA_SET_COUNT }, (_, i) => {
      if ((setsUsed & (1 << i)) === 0) return null;
      const f = `set${i + 1}`;
      return {
        blocks: r.uint(2, order, `${f}.blocks`),
        intervalsPerBlock: r.uint(2, order, `${f}.intervalsPerBlock`),
        channels: r.u8(`${f}.channels`),
        intervalMinutes: r.u8(`${f}.intervalMinutes`),
      };
    });
    return { memoryLength, flags, formats, sets };
  });
}

export function encodeLoadProfileDimensions(v: LoadProfileDimensions, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("BT6x")
    .uint(v.memoryLength, 4, order, "memoryLength")
    .uint(packBits(v.flags, FLAG_BITS, "BT6x.flags"), 2, order, "flags")
    .u8(packBits(v.formats, FORMAT_BITS, "BT6x.formats"), "formats");
  v.sets.forEach((s, i) => {
    if (s === null) return;
    const f = `set${i + 1}`;
    w.uint(s.blocks, 2, order, `${f}.blocks`)
      .uint(s.intervalsPerBlock, 2, order, `${f}.intervalsPerBlock`)
      .u8(s.channels, `${f}.channels`)
      .u8(s.intervalMinutes, `${f}.intervalMinutes`);
  });
  return w.toBytes();
}

export function emptyLoadProfileFlags(): LoadProfileFlags {
  return unpackBits(0, FLAG_BITS);
}

export function emptyLoadProfileFormats(): LoadProfileFormats {
  return unpackBits(0, FORMAT_BITS);
}

/** Whether data set `set` (1..4) records with scalars and divisors (BT62 then carries them). */
export function scalarDivisorOf(flags: LoadProfileFlags, set: number): boolean {
  return (
    [flags.scalarDivisorSet1, flags.scalarDivisorSet2, flags.scalarDivisorSet3, flags.scalarDivisorSet4][set - 1] === 1
  );
}

function setCount(mask: number): number {
  let n = 0;
  for (let i = 0; i < LP_DATA_SET_COUNT; i++) if ((mask & (1 << i)) !== 0) n++;
  return n;
}
