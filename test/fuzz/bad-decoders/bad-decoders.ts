import { decodeWith, type Decoded } from "../../../harness/bytes/decoded";
import { DecodeError } from "../../../harness/errors";

/**
 * Decoders that break the self-fuzz's oracle on purpose, one way each, so that the test can show
 * the self-fuzz catches every kind of breakage (and never passes a bad decoder).
 */
export function decodeFine(bytes: Uint8Array): Decoded<number> {
  return decodeWith(bytes, "fine", (r) => r.u8("first") + r.rest().length);
}

/** Never returns on an input of exactly 5 bytes. */
export function decodeLoops(bytes: Uint8Array): Decoded<number> {
  let spins = 0;
  while (bytes.length === 5) spins++;
  return { ok: true, value: spins };
}

/** Reads past its input (a TypeError) once it has three bytes. */
export function decodeThrows(bytes: Uint8Array): Decoded<number> {
  if (bytes.length >= 3) return { ok: true, value: (undefined as unknown as Uint8Array)[0] as number };
  return { ok: true, value: 0 };
}

/** Reports an offset past the end of its input. */
export function decodeBadOffset(bytes: Uint8Array): Decoded<number> {
  return bytes.length > 0
    ? { ok: false, error: new DecodeError("OSGP_ERR_TRUNCATED", "bad offset", { offset: bytes.length + 5 }) }
    : { ok: true, value: 0 };
}

/** Changes the bytes it was given. */
export function decodeMutates(bytes: Uint8Array): Decoded<number> {
  if (bytes.length > 1) bytes[0] = (bytes[0] as number) ^ 1;
  return { ok: true, value: 0 };
}
