import type { ByteOrder, ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";

/**
 * The M-Bus variable-data telegram an OSGP meter keeps of an M-Bus device (ET16, ET45): the
 * EN 13757-3 fixed header (identification number as 8 BCD digits LSB first, manufacturer UINT16,
 * version, medium, access number, status, signature UINT16) and its data records (DIF, DIFEs, VIF,
 * VIFEs, value). Layout as a client of real NES meters parses it ([ESP] osgp_mbus.cpp). Records
 * whose value is an integer (data field 1-4, 6, 7) or BCD (9-12, 14) are decoded; variable-length
 * and special records end the list (their bytes stay in `rest`), as a reader that does not know
 * them must stop.
 */
/** EN 13757-3 fields are LSB first whatever the meter's BT00 says: the telegram is the M-Bus device's own. */
const MBUS_ORDER: ByteOrder = "le";

/** EN 13757-3 medium codes of the devices an electricity meter reads. */
export const MBUS_MEDIUM = { gas: 0x03, heat: 0x04, warmWater: 0x06, water: 0x07, coldWater: 0x16 } as const;

export interface MbusIdentity {
  /** Identification number, 8 decimal digits. */
  readonly serial: string;
  /** EN 62056-21 three-letter flag packed in 15 bits (see packManufacturer). */
  readonly manufacturer: number;
  readonly version: number;
  readonly medium: number;
}

export interface MbusRecord {
  readonly dif: number;
  readonly vif: number;
  /** Integer value (BCD values decoded to their decimal number). */
  readonly value: number;
}

export interface MbusTelegram extends MbusIdentity {
  readonly accessNumber: number;
  readonly status: number;
  readonly signature: number;
  readonly records: readonly MbusRecord[];
  /** Bytes after the last record this decoder understood (a filler 0x2F, 0x0F manufacturer data...). */
  readonly rest: Uint8Array;
}

/** "ELS" -> 0x1593: ((c1 - 64) << 10) | ((c2 - 64) << 5) | (c3 - 64). */
export function packManufacturer(flag: string): number {
  const c = [...flag.toUpperCase()].map((ch) => ch.charCodeAt(0) - 64);
  if (c.length !== 3 || c.some((x) => x < 1 || x > 26))
    throw new RangeError(`"${flag}" is not a three-letter manufacturer flag`);
  return ((c[0] as number) << 10) | ((c[1] as number) << 5) | (c[2] as number);
}

export function unpackManufacturer(code: number): string {
  return [(code >> 10) & 0x1f, (code >> 5) & 0x1f, code & 0x1f].map((x) => String.fromCharCode(x + 64)).join("");
}

const INT_WIDTH: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 3, 4: 4, 6: 6, 7: 8 };
const BCD_WIDTH: Readonly<Record<number, number>> = { 9: 1, 10: 2, 11: 3, 12: 4, 14: 6 };

export function decodeMbusTelegram(bytes: Uint8Array): Decoded<MbusTelegram> {
  return decodeWith(bytes, "M-Bus telegram", (r) => {
    const serial = readBcdLsbFirst(r, 4, "serial");
    const head = {
      serial,
      manufacturer: r.uint(2, MBUS_ORDER, "manufacturer"),
      version: r.u8("version"),
      medium: r.u8("medium"),
      accessNumber: r.u8("accessNumber"),
      status: r.u8("status"),
      signature: r.uint(2, MBUS_ORDER, "signature"),
    };
    const records: MbusRecord[] = [];
    while (r.remaining > 0) {
      const dif = r.input[r.offset] as number;
      const data = dif & 0x0f;
      const width = INT_WIDTH[data] ?? BCD_WIDTH[data];
      if (width === undefined || (dif & 0x80) !== 0) break;
      r.u8("dif");
      const vif = r.u8("vif");
      while (((r.input[r.offset - 1] as number) & 0x80) !== 0) r.u8("vife");
      const value =
        INT_WIDTH[data] !== undefined
          ? width === 8
            ? Number(r.bigInt64(MBUS_ORDER, "value"))
            : r.int(width, MBUS_ORDER, "value")
          : Number(readBcdLsbFirst(r, width, "value"));
      records.push({ dif, vif, value });
    }
    return { ...head, records, rest: r.rest() };
  });
}

/** Encodes the header and 32-bit integer records (DIF 0x04), the only kind the simulator's devices send. */
export function encodeMbusTelegram(t: Omit<MbusTelegram, "rest">): Uint8Array {
  const w = new ByteWriter("M-Bus telegram");
  if (!/^\d{8}$/.test(t.serial)) w.fail("serial", `"${t.serial}" is not 8 decimal digits`);
  for (let i = 3; i >= 0; i--) w.u8(parseInt(t.serial.slice(2 * i, 2 * i + 2), 16), "serial");
  w.uint(t.manufacturer, 2, MBUS_ORDER, "manufacturer").u8(t.version, "version").u8(t.medium, "medium");
  w.u8(t.accessNumber, "accessNumber").u8(t.status, "status").uint(t.signature, 2, MBUS_ORDER, "signature");
  for (const rec of t.records) {
    if (rec.dif !== 0x04)
      w.fail("records", `DIF 0x${rec.dif.toString(16)}: only 32-bit integer records (0x04) are encoded`);
    w.u8(rec.dif, "dif").u8(rec.vif, "vif").int(rec.value, 4, MBUS_ORDER, "value");
  }
  return w.toBytes();
}

/** M-Bus BCD: the least significant pair of digits first. */
function readBcdLsbFirst(r: ByteReader, count: number, field: string): string {
  const at = r.offset;
  const bytes = r.bytes(count, field);
  let digits = "";
  for (let i = count - 1; i >= 0; i--) {
    const b = bytes[i] as number;
    if (b >> 4 > 9 || (b & 0x0f) > 9)
      r.fail("OSGP_ERR_FIELD_RANGE", field, `byte 0x${b.toString(16).padStart(2, "0")} is not BCD`, at + i);
    digits += `${b >> 4}${b & 0x0f}`;
  }
  return digits;
}
