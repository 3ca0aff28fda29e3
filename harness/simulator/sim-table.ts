import { RESPONSE_CODE } from "../protocol/response-codes";
import type { AccessLevel } from "./access-levels";

/**
 * A table of the reference meter: a fixed-size image, who may read it, and whether (and by whom)
 * it may be written. BT00 is generated from these declarations, so it cannot disagree with them
 * (except under the bt00-* defects).
 */
export interface SimTable {
  readonly id: number;
  readonly readLevel: AccessLevel;
  /** null: the table is not writeable; BT00 says so and writes are answered iar. */
  readonly writeLevel: AccessLevel | null;
  image(): Uint8Array;
  /** Applies bytes already clipped to the table (9.0 write rules); answers a response code. */
  write(offset: number, data: Uint8Array): number;
  /** 6.4: the VCI of byte ranges; bytes not listed are H. A write changing an F or M byte is refused. */
  readonly vci?: readonly VciRange[];
  /**
   * 6.3: a pending table (id 4096 + n) starts its image and every write with this many PED bytes;
   * offsets and the table's size count from the first byte after them.
   */
  readonly pedSize?: number;
}

/** Value Control Identifiers (6.4): fixed, meter-controlled, host-controlled, program dependent. */
export type Vci = "F" | "M" | "H" | "P";

export interface VciRange {
  readonly offset: number;
  readonly length: number;
  readonly vci: Vci;
}

/**
 * The first F or M range in which `data` written at `offset` would change a byte of `current`:
 * rewriting such a byte with its own value changes nothing and is not refused (our reading of 6.4).
 */
export function protectedRangeChanged(
  table: SimTable,
  offset: number,
  data: Uint8Array,
  current: Uint8Array,
): VciRange | undefined {
  const changes = (r: VciRange) =>
    data.some((b, i) => offset + i >= r.offset && offset + i < r.offset + r.length && b !== current[offset + i]);
  return table.vci?.find((r) => (r.vci === "F" || r.vci === "M") && changes(r));
}

/** A table that holds its bytes as given: identification data, configuration, opaque content. */
export function storedTable(
  id: number,
  initial: Uint8Array,
  readLevel: AccessLevel,
  writeLevel: AccessLevel | null,
): SimTable {
  const bytes = initial.slice();
  return {
    id,
    readLevel,
    writeLevel,
    image: () => bytes.slice(),
    write: (offset, data) => {
      bytes.set(data, offset);
      return RESPONSE_CODE.ok;
    },
  };
}

/** A table computed on every read (clock, status); writes are refused. */
export function computedTable(id: number, readLevel: AccessLevel, image: () => Uint8Array): SimTable {
  return { id, readLevel, writeLevel: null, image, write: () => RESPONSE_CODE.iar };
}

/** `image` with `data` laid over it from `offset`, clipped to the image (9.0: a write changes only its bytes). */
export function overlaid(image: Uint8Array, offset: number, data: Uint8Array): Uint8Array {
  const out = image.slice();
  if (offset < out.length) out.set(data.subarray(0, out.length - offset), offset);
  return out;
}
