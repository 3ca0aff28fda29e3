import { EncodeError } from "../errors";

/**
 * The 4-byte sequence number of secured messages (reference 9.7): unsigned 32-bit, MSB first, after
 * the APDU. Both security suites put it on the wire and into their digest, tag or nonce.
 */
export const SEQUENCE_LENGTH = 4;

export function encodeSequence(sequence: number, path: string): Uint8Array {
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 0xffffffff) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${sequence} does not fit an unsigned 32-bit sequence number`, {
      path,
    });
  }
  return Uint8Array.of(sequence >>> 24, (sequence >>> 16) & 0xff, (sequence >>> 8) & 0xff, sequence & 0xff);
}

/** The sequence number at `offset`; the caller has checked that 4 bytes are there. */
export function readSequence(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] as number) << 24) |
      ((bytes[offset + 1] as number) << 16) |
      ((bytes[offset + 2] as number) << 8) |
      (bytes[offset + 3] as number)) >>>
    0
  );
}
