import { Secret } from "../security/secret";

/**
 * The reference meter's OMAK (7.1): 12 bytes, used on the PLC link only. The default is
 * documented, and non-uniform so that a key-byte-order error in a digest cannot hide.
 */
export const SIMULATOR_OMAK_TEXT = "OMAK-SIM-KEY";

export function defaultOmak(): Secret {
  return Secret.fromText(SIMULATOR_OMAK_TEXT, "OMAK");
}
