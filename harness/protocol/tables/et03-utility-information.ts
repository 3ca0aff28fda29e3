import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readChars, trimChars, writeChars } from "../types/char-array";
import { EXTENDED_BASE } from "../table-id";

/**
 * ET03 Utility Information: the utility's own serial number for the meter, 30 characters,
 * NUL-terminated and NUL-padded. It is host-controlled (the utility writes it) and readable
 * without a key on NES meters. Bytes after the serial, if a device has any, are kept as they are.
 */
export const ET03 = EXTENDED_BASE + 3;
export const ET03_SERIAL_LENGTH = 30;

export interface UtilityInformation {
  readonly utilitySerial: string;
  readonly remainder: Uint8Array;
}

export function decodeUtilityInformation(bytes: Uint8Array): Decoded<UtilityInformation> {
  return decodeWith(bytes, "ET03", (r) => ({
    utilitySerial: trimChars(readChars(r, ET03_SERIAL_LENGTH, "utilitySerial")),
    remainder: r.rest(),
  }));
}

export function encodeUtilityInformation(v: UtilityInformation): Uint8Array {
  const w = new ByteWriter("ET03");
  writeChars(w, v.utilitySerial, ET03_SERIAL_LENGTH, "utilitySerial", 0x00);
  return w.bytes(v.remainder, "remainder").toBytes();
}
