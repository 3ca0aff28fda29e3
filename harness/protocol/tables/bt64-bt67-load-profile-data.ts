import type { ByteOrder, ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readSTimeDate, writeSTimeDate, STIME_DATE_SIZE, type STimeDate } from "../types/time-types";
import { decodeSet, encodeSet } from "../types/bit-fields";
import {
  intervalStatusSize,
  readIntervalStatus,
  writeIntervalStatus,
  type IntervalStatus,
} from "./bt64-interval-status";

/**
 * BT64..BT67 Load Profile Data Sets 1..4 (C12.19 LP_DATA_SETn_TBL): NBR_BLKS blocks, each
 * BLK_END_TIME (STIME_DATE: the end of the block's newest interval), END_READINGS per channel
 * (BLOCK_END_READ in NI_FMAT1 when BLK_END_READ_FLAG, BLOCK_END_PULSE UINT32 when
 * BLK_END_PULSE_FLAG), SIMPLE_INT_STATUS SET((ints + 7) / 8) when SIMPLE_INT_STATUS_FLAG, then
 * NBR_BLK_INTS intervals of EXTENDED_INT_STATUS (when EXTENDED_INT_STATUS_FLAG) and one INT_DATA
 * per channel in the set's INT_FMT_CDE (BT62). Everything the layout depends on comes from BT00
 * (NI formats), BT61 (flags, dimensions) and BT62 (interval format), flattened into one shape.
 */
export const BT64 = 64;
export const BT65 = 65;
export const BT66 = 66;
export const BT67 = 67;
/** BT(64 + n - 1) holds data set n. */
export const LP_DATA_TABLES = [BT64, BT65, BT66, BT67] as const;

export interface LoadProfileDataShape {
  readonly blocks: number;
  readonly intervalsPerBlock: number;
  readonly channels: number;
  /** INT_FMT_CDE of BT62. */
  readonly intervalFormat: number;
  /** BT00's NI_FMAT1 and NI_FMAT2 codes. */
  readonly niFormat1: number;
  readonly niFormat2: number;
  /** BT61 LP_FLAGS, 0 or 1. */
  readonly blockEndRead: number;
  readonly blockEndPulse: number;
  readonly extendedStatus: number;
  readonly simpleStatus: number;
}

export interface EndReading {
  readonly reading: number | null;
  readonly pulses: number | null;
}

export interface LoadProfileInterval {
  readonly status: IntervalStatus | null;
  readonly values: readonly number[];
}

export interface LoadProfileBlock {
  /** null: the block was never written (all-zero time). */
  readonly endTime: STimeDate | null;
  readonly endReadings: readonly EndReading[];
  readonly simpleStatus: readonly boolean[] | null;
  readonly intervals: readonly LoadProfileInterval[];
}

type ValueType = { readonly width: number; readonly kind: "uint" | "int" | "float" };

const INTEGER_FORMATS: Readonly<Record<number, ValueType>> = {
  1: { width: 1, kind: "uint" },
  2: { width: 2, kind: "uint" },
  4: { width: 4, kind: "uint" },
  8: { width: 1, kind: "int" },
  16: { width: 2, kind: "int" },
  32: { width: 4, kind: "int" },
};

/** NI_FMAT codes this codec reads: FLOAT64, FLOAT32 and the integer ones (7 INT24 .. 11 INT64). */
const NI_FORMATS: Readonly<Record<number, ValueType>> = {
  0: { width: 8, kind: "float" },
  1: { width: 4, kind: "float" },
  7: { width: 3, kind: "int" },
  8: { width: 4, kind: "int" },
  9: { width: 5, kind: "int" },
  10: { width: 6, kind: "int" },
  11: { width: 8, kind: "int" },
};

/** The type of one interval value, or null when the format code is not one this codec knows. */
export function intervalValueType(dims: LoadProfileDataShape): ValueType | null {
  if (dims.intervalFormat === 64) return NI_FORMATS[dims.niFormat1] ?? null;
  if (dims.intervalFormat === 128) return NI_FORMATS[dims.niFormat2] ?? null;
  return INTEGER_FORMATS[dims.intervalFormat] ?? null;
}

export function endReadingSize(dims: LoadProfileDataShape): number {
  return (dims.blockEndRead ? (NI_FORMATS[dims.niFormat1]?.width ?? 0) : 0) + (dims.blockEndPulse ? 4 : 0);
}

export function loadProfileBlockSize(dims: LoadProfileDataShape): number {
  const value = intervalValueType(dims)?.width ?? 0;
  const interval = (dims.extendedStatus ? intervalStatusSize(dims.channels) : 0) + dims.channels * value;
  return (
    STIME_DATE_SIZE +
    dims.channels * endReadingSize(dims) +
    (dims.simpleStatus ? Math.floor((dims.intervalsPerBlock + 7) / 8) : 0) +
    dims.intervalsPerBlock * interval
  );
}

export function loadProfileDataSize(dims: LoadProfileDataShape): number {
  return dims.blocks * loadProfileBlockSize(dims);
}

export function decodeLoadProfileBlock(
  bytes: Uint8Array,
  order: ByteOrder,
  dims: LoadProfileDataShape,
): Decoded<LoadProfileBlock> {
  return decodeWith(bytes, "BT6x", (r) => readBlock(r, order, dims, "block"));
}

export function decodeLoadProfileData(
  bytes: Uint8Array,
  order: ByteOrder,
  dims: LoadProfileDataShape,
): Decoded<LoadProfileBlock[]> {
  return decodeWith(bytes, "BT6x", (r) =>
    Array.from({ length: dims.blocks }, (_, b) => readBlock(r, order, dims, `block${b}`)),
  );
}

function readBlock(r: ByteReader, order: ByteOrder, dims: LoadProfileDataShape, f: string): LoadProfileBlock {
  const type = intervalValueType(dims);
  if (type === null)
    r.fail(
      "OSGP_ERR_FIELD_RANGE",
      `${f}.intervalFormat`,
      `interval format ${dims.intervalFormat} (NI formats ${dims.niFormat1}/${dims.niFormat2}) is not one this codec reads`,
    );
  const ni = NI_FORMATS[dims.niFormat1];
  if (dims.blockEndRead && ni === undefined)
    r.fail("OSGP_ERR_FIELD_RANGE", `${f}.endReadings`, `NI_FMAT1 ${dims.niFormat1} is not one this codec reads`);
  const endTime = readSTimeDate(r, `${f}.endTime`);
  const endReadings = Array.from({ length: dims.channels }, (_, c) => ({
    reading: dims.blockEndRead ? readValue(r, ni as ValueType, order, `${f}.endReading${c + 1}`) : null,
    pulses: dims.blockEndPulse ? r.uint(4, order, `${f}.endPulses${c + 1}`) : null,
  }));
  const simpleStatus = dims.simpleStatus
    ? decodeSet(r.bytes(Math.floor((dims.intervalsPerBlock + 7) / 8), `${f}.simpleStatus`)).slice(
        0,
        dims.intervalsPerBlock,
      )
    : null;
  const intervals = Array.from({ length: dims.intervalsPerBlock }, (_, i) => ({
    status: dims.extendedStatus ? readIntervalStatus(r, dims.channels, `${f}.interval${i}.status`) : null,
    values: Array.from({ length: dims.channels }, (_, c) =>
      readValue(r, type as ValueType, order, `${f}.interval${i}.value${c + 1}`),
    ),
  }));
  return { endTime, endReadings, simpleStatus, intervals };
}

function readValue(r: ByteReader, t: ValueType, order: ByteOrder, field: string): number {
  if (t.kind === "float") {
    const b = r.bytes(t.width, field);
    const view = new DataView((order === "le" ? b : b.slice().reverse()).buffer);
    return t.width === 8 ? view.getFloat64(0, true) : view.getFloat32(0, true);
  }
  if (t.width === 8) return Number(t.kind === "int" ? r.bigInt64(order, field) : r.bigUint64(order, field));
  return t.kind === "int" ? r.int(t.width, order, field) : r.uint(t.width, order, field);
}

/** Encodes one block; integer formats only (the simulator's). */
export function encodeLoadProfileBlock(v: LoadProfileBlock, order: ByteOrder, dims: LoadProfileDataShape): Uint8Array {
  const w = new ByteWriter("BT6x");
  const type = intervalValueType(dims);
  const ni = NI_FORMATS[dims.niFormat1];
  if (type === null || type.kind === "float" || (dims.blockEndRead && (ni === undefined || ni.kind === "float")))
    w.fail("format", "only integer formats are encoded");
  if (v.intervals.length !== dims.intervalsPerBlock || v.endReadings.length !== dims.channels)
    w.fail("block", "does not match the shape");
  writeSTimeDate(w, v.endTime, "endTime");
  v.endReadings.forEach((e, c) => {
    if (dims.blockEndRead) writeInt(w, ni as ValueType, e.reading ?? 0, order, `endReading${c + 1}`);
    if (dims.blockEndPulse) w.uint(e.pulses ?? 0, 4, order, `endPulses${c + 1}`);
  });
  if (dims.simpleStatus)
    w.bytes(
      encodeSet(v.simpleStatus ?? [], Math.floor((dims.intervalsPerBlock + 7) / 8), "simpleStatus"),
      "simpleStatus",
    );
  v.intervals.forEach((iv, i) => {
    if (dims.extendedStatus)
      writeIntervalStatus(
        w,
        iv.status ?? {
          common: { dst: false, powerFail: false, clockSetForward: false, clockSetBackward: false },
          channels: new Array<number>(dims.channels).fill(0),
        },
        `interval${i}.status`,
      );
    if (iv.values.length !== dims.channels)
      w.fail(`interval${i}`, `${iv.values.length} values for ${dims.channels} channels`);
    iv.values.forEach((x, c) => writeInt(w, type as ValueType, x, order, `interval${i}.value${c + 1}`));
  });
  return w.toBytes();
}

function writeInt(w: ByteWriter, t: ValueType, x: number, order: ByteOrder, field: string): void {
  if (t.width === 8) {
    if (t.kind === "int") w.bigInt64(BigInt(x), order, field);
    else w.bigUint64(BigInt(x), order, field);
  } else if (t.kind === "int") w.int(x, t.width, order, field);
  else w.uint(x, t.width, order, field);
}
