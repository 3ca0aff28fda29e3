import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import {
  LP_DATA_SET_COUNT,
  scalarDivisorOf,
  setsUsedOf,
  type LoadProfileDimensions,
} from "./bt60-bt61-load-profile-dimensions";

/**
 * BT62 Load Profile Control (C12.19 LP_CTRL_TBL): for each data set whose table BT00 declares,
 * LP_SEL_SET (per channel: CHNL_FLAG UINT8 with END_RDG_FLAG in bit 0, LP_SOURCE_SELECT UINT8,
 * END_BLK_RDG_SOURCE_SELECT UINT8), INT_FMT_CDE (UINT8: 1 UINT8, 2 UINT16, 4 UINT32, 8 INT8,
 * 16 INT16, 32 INT32, 64 NI_FMAT1, 128 NI_FMAT2), and, when BT61 says the set uses them, one
 * UINT16 scalar then one UINT16 divisor per channel.
 *
 * The shape is flat numbers (channelsN, bit masks) so that the decoder needs no nested record:
 * build it from BT61 with `controlShapeOf`.
 */
export const BT62 = 62;

export const INTERVAL_FORMAT = {
  uint8: 1,
  uint16: 2,
  uint32: 4,
  int8: 8,
  int16: 16,
  int32: 32,
  niFormat1: 64,
  niFormat2: 128,
} as const;

export interface ChannelSelection {
  readonly endReading: boolean;
  readonly source: number;
  readonly endReadingSource: number;
}

export interface LoadProfileSetControl {
  readonly channels: readonly ChannelSelection[];
  readonly intervalFormat: number;
  /** Empty unless BT61 says the set records with scalars and divisors. */
  readonly scalars: readonly number[];
  readonly divisors: readonly number[];
}

export interface LoadProfileControlShape {
  /** Bit n: data set n + 1 is present. */
  readonly setsUsed: number;
  /** Bit n: data set n + 1 carries scalars and divisors. */
  readonly scalarDivisorSets: number;
  readonly channels1: number;
  readonly channels2: number;
  readonly channels3: number;
  readonly channels4: number;
}

export function controlShapeOf(d: LoadProfileDimensions): LoadProfileControlShape {
  const ch = (i: number) => d.sets[i]?.channels ?? 0;
  let scalarDivisorSets = 0;
  for (let s = 1; s <= LP_DATA_SET_COUNT; s++) if (scalarDivisorOf(d.flags, s)) scalarDivisorSets |= 1 << (s - 1);
  return {
    setsUsed: setsUsedOf(d),
    scalarDivisorSets,
    channels1: ch(0),
    channels2: ch(1),
    channels3: ch(2),
    channels4: ch(3),
  };
}

function channelsOf(shape: LoadProfileControlShape, i: number): number {
  return [shape.channels1, shape.channels2, shape.channels3, shape.channels4][i] ?? 0;
}

export function loadProfileControlSize(shape: LoadProfileControlShape): number {
  let n = 0;
  for (let i = 0; i < LP_DATA_SET_COUNT; i++) {
    if ((shape.setsUsed & (1 << i)) === 0) continue;
    const ch = channelsOf(shape, i);
    n += 3 * ch + 1 + ((shape.scalarDivisorSets & (1 << i)) !== 0 ? 4 * ch : 0);
  }
  return n;
}

/** Four entries, data sets 1..4; null where the set is absent. */
export function decodeLoadProfileControl(
  bytes: Uint8Array,
  order: ByteOrder,
  dims: LoadProfileControlShape,
): Decoded<(LoadProfileSetControl | null)[]> {
  return decodeWith(bytes, "BT62", (r) =>
    Array.from({ length: LP_DATA_SET_COUNT }, (_, i) => {
      if ((dims.setsUsed & (1 << i)) === 0) return null;
      const f = `set${i + 1}`;
      const n = channelsOf(dims, i);
      const channels = Array.from({ length: n }, (_, c) => ({
        endReading: (r.u8(`${f}.channel${c + 1}.flags`) & 1) === 1,
        source: r.u8(`${f}.channel${c + 1}.source`),
        endReadingSource: r.u8(`${f}.channel${c + 1}.endReadingSource`),
      }));
      const intervalFormat = r.u8(`${f}.intervalFormat`);
      const scaled = (dims.scalarDivisorSets & (1 << i)) !== 0;
      const scalars = scaled ? Array.from({ length: n }, (_, c) => r.uint(2, order, `${f}.scalar${c + 1}`)) : [];
      const divisors = scaled ? Array.from({ length: n }, (_, c) => r.uint(2, order, `${f}.divisor${c + 1}`)) : [];
      return { channels, intervalFormat, scalars, divisors };
    }),
  );
}

export function encodeLoadProfileControl(
  sets: readonly (LoadProfileSetControl | null)[],
  order: ByteOrder,
): Uint8Array {
  const w = new ByteWriter("BT62");
  sets.forEach((s, i) => {
    if (s === null) return;
    const f = `set${i + 1}`;
    s.channels.forEach((c, k) => {
      w.u8(c.endReading ? 1 : 0, `${f}.channel${k + 1}.flags`)
        .u8(c.source, `${f}.channel${k + 1}.source`)
        .u8(c.endReadingSource, `${f}.channel${k + 1}.endReadingSource`);
    });
    w.u8(s.intervalFormat, `${f}.intervalFormat`);
    s.scalars.forEach((x, k) => w.uint(x, 2, order, `${f}.scalar${k + 1}`));
    s.divisors.forEach((x, k) => w.uint(x, 2, order, `${f}.divisor${k + 1}`));
  });
  return w.toBytes();
}
