import { EncodeError } from "../errors";
import { DIGEST_LENGTH, omaDigest } from "./oma-digest";

/**
 * The ISO/IEC 14908-1 ("EN14908") authentication function as OSGP's key derivation uses it
 * (reference 7.3): the OMA digest with a 6-byte key (round of 48 steps) that starts from a given
 * 8-byte state instead of zeros. For empty data it is exactly one 48-step pass over zero bytes.
 *
 * Scope: the real 14908-1 function walks its message from the last byte backwards. That makes no
 * difference for the empty input that the base-encryption-key derivation uses (every byte is zero),
 * but it does for any other message, so this module promises only the empty-input case, plus the
 * forward order for non-empty data (the OMA digest's order, not 14908-1's).
 */
export const ISO14908_KEY_LENGTH = 6;

export function iso14908Function(
  key6: Uint8Array,
  state: Uint8Array,
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  if (key6.length !== ISO14908_KEY_LENGTH) {
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `the 14908-1 function takes a ${ISO14908_KEY_LENGTH}-byte key, got ${key6.length} byte(s)`,
      { path: "iso14908Function.key" },
    );
  }
  if (state.length !== DIGEST_LENGTH) {
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `the 14908-1 function takes an ${DIGEST_LENGTH}-byte state, got ${state.length} byte(s)`,
      { path: "iso14908Function.state" },
    );
  }
  // "one-zero-block" whatever the PIXIT for the OMA digest says: the 14908-1 function over no
  // message is one pass, never the untouched state.
  return omaDigest(key6, data, { initialState: state, emptyInput: "one-zero-block" });
}
