/**
 * Hex as the lab reads it: lower-case, one space between bytes, as in every trace and error.
 * This module has no imports so that every layer, including the error classes, can use it.
 */
export function toHex(bytes: Uint8Array, separator = " "): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out += separator;
    out += HEX_PAIRS[bytes[i] as number];
  }
  return out;
}

/** Hex of a number padded to `digits`, e.g. 0x0803 for ET03; used in summaries. */
export function hexNumber(value: number, digits: number): string {
  return "0x" + value.toString(16).padStart(digits, "0");
}

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
