import { ConfigError } from "../errors";

/**
 * Reads hex the way people paste it: "EE 00 20", "ee:00:20", "0xee0020", "ee0020".
 * Used for keys and fixtures given on the command line or in a PIXIT file.
 */
export function parseHex(text: string): Uint8Array {
  const compact = text
    .trim()
    .replace(/^0x/i, "")
    .replace(/[\s:,_-]|0x/gi, "");
  if (compact.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(compact)) {
    // The text may be a secret (a key given in hex), so it is never echoed back.
    throw new ConfigError("OSGP_ERR_HEX", `expected an even number of hex digits (${compact.length} characters given)`);
  }
  const out = new Uint8Array(compact.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(compact.slice(2 * i, 2 * i + 2), 16);
  return out;
}
