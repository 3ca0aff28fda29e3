import { parseHex } from "../bytes/parse-hex";
import { ConfigError } from "../errors";
import { parseTableName } from "../protocol/table-id";

/**
 * Field references of 6.6: "BT21.6" is the byte at offset 6 of BT21, "ET55.104.2" bit 2 of the byte
 * at offset 104 of ET55. The PIXIT's VCI items use them, and 6.5's values add "=HEX", the bytes the
 * field holds from that offset on ("BT00.0=02").
 */
export interface FieldReference {
  readonly text: string;
  readonly tableId: number;
  readonly offset: number;
  /** A single bit of the byte, or null for the whole byte (or bytes). */
  readonly bit: number | null;
  /** The value a 6.5 reference gives, or null. */
  readonly value: Uint8Array | null;
}

const REFERENCE = /^((?:BT|ET|ST|MT)\s*\d{1,4})\.(\d{1,6})(?:\.([0-7]))?(?:=([0-9a-fA-F ]+))?$/;

export function parseFieldReference(text: string, item = "field reference"): FieldReference {
  const m = REFERENCE.exec(text.trim());
  if (m === null)
    throw new ConfigError(
      "OSGP_ERR_PIXIT",
      `${item}: "${text}" is not a 6.6 field reference (TABLE.OFFSET[.BIT][=HEX], e.g. BT21.6, ET55.104.2, BT00.0=02)`,
    );
  const value = m[4] === undefined ? null : parseHex(m[4]);
  if (value !== null && value.length === 0)
    throw new ConfigError("OSGP_ERR_PIXIT", `${item}: "${text}" gives no value bytes`);
  return {
    text: text.trim(),
    tableId: parseTableName(m[1] as string),
    offset: Number(m[2]),
    bit: m[3] === undefined ? null : Number(m[3]),
    value,
  };
}

/** The value a reference reads from table bytes that start at its offset: the byte, or its bit. */
export function referencedValue(ref: FieldReference, bytes: Uint8Array): number {
  const byte = bytes[0] ?? 0;
  return ref.bit === null ? byte : (byte >> ref.bit) & 1;
}
