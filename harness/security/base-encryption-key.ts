import { concatBytes } from "../bytes/byte-arrays";
import { EncodeError } from "../errors";
import { iso14908Function } from "./iso14908-function";

/**
 * The base encryption key (BEK) of OSGP-RC4-PSK on PLC (reference 7.3): two 14908-1 passes over the
 * OMAK's 48-bit halves from two fixed states, 8 bytes each.
 *
 *   BEK = EN14908(x0, OMAK[0..5]) ‖ EN14908(x1, second half)
 *
 * Which bytes form the second half is a PIXIT, because the two public sources disagree: the key
 * hierarchy diagram of Jovanovic & Neves feeds the other half (OMAK[6..11], "split-halves", the
 * default), the f5aaff teaching code feeds OMAK[0..5] twice ("first-half-twice").
 */
export type BekVariant = "split-halves" | "first-half-twice";

export const OMAK_LENGTH = 12;

// The two starting states, from the f5aaff code (the only public source for them).
const X0 = Uint8Array.of(0x81, 0x3f, 0x52, 0x9a, 0x7b, 0xe3, 0x89, 0xba);
const X1 = Uint8Array.of(0x72, 0xb0, 0x91, 0x8d, 0x44, 0x05, 0xaa, 0x57);

export function deriveBaseEncryptionKey(omak: Uint8Array, variant: BekVariant): Uint8Array {
  if (omak.length !== OMAK_LENGTH) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `an OMAK is ${OMAK_LENGTH} bytes, got ${omak.length}`, {
      path: "deriveBaseEncryptionKey.omak",
    });
  }
  let second: Uint8Array;
  if (variant === "split-halves") second = omak.subarray(6, 12);
  else if (variant === "first-half-twice") second = omak.subarray(0, 6);
  else
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `unknown BEK variant ${JSON.stringify(variant)}`, {
      path: "deriveBaseEncryptionKey.variant",
    });
  return concatBytes(iso14908Function(omak.subarray(0, 6), X0), iso14908Function(second, X1));
}
