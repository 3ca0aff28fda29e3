import { EncodeError } from "../../errors";

/**
 * Range check for the bit fields of the 14908-1 headers. ByteWriter checks whole bytes; these fields
 * are narrower (a 7-bit node, a 4-bit transaction number), and a value that silently lost its high
 * bits would address another node, so every encoder checks first.
 */
export function requireUint(value: number, max: number, path: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${value} is outside 0..${max}`, { path });
  }
  return value;
}

export function requireLength(bytes: Uint8Array, allowed: readonly number[], path: string): Uint8Array {
  if (!allowed.includes(bytes.length)) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${bytes.length} byte(s); allowed: ${allowed.join(", ")}`, { path });
  }
  return bytes;
}

export function hex2(value: number): string {
  return value.toString(16).padStart(2, "0");
}
