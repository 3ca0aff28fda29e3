import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";
import { decodeMbusTelegram, type MbusTelegram } from "./et16-mbus-telegram";

/**
 * ET16 M-Bus Device Data (8.18.1): the last reading of each M-Bus channel, one entry of ET11's
 * ET16 entry size per channel (channel c at (c - 1) * size). Entry layout as a client of real NES
 * meters parses it ([ESP] osgp_mbus.cpp parse_reading):
 *   @0 LTIME_DATE  when the meter read the device (UTC; all zero: never read)
 *   @6 UINT8       response information: bit 0 byte order (0 = LSB first), bit 1 fixed-data
 *                  telegram, bit 2 key available, bits 3-4 authentication, bit 5 security failure
 *   @7 UINT8       telegram length L
 *   @8 L bytes     the device's variable-data telegram (et16-mbus-telegram.ts), then zeros
 * The same reading format follows the 8-byte header of an M-Bus entry of ET45.
 */
export const ET16 = EXTENDED_BASE + 16;
export const MBUS_READING_HEADER_SIZE = 8;

export interface MbusReading {
  readonly readAt: LTimeDate | null;
  readonly responseInfo: number;
  /** null when the entry holds no telegram (length 0). */
  readonly telegram: MbusTelegram | null;
}

/** One reading; bytes after the telegram must be zero padding. */
export function decodeMbusReading(bytes: Uint8Array): Decoded<MbusReading> {
  return decodeWith(bytes, "ET16 entry", (r) => {
    const readAt = readLTimeDate(r, "readAt");
    const responseInfo = r.u8("responseInfo");
    const lengthAt = r.offset;
    const length = r.u8("telegramLength");
    if (length > r.remaining)
      r.fail(
        "OSGP_ERR_FIELD_RANGE",
        "telegramLength",
        `${length} bytes announced, ${r.remaining} left in the entry`,
        lengthAt,
      );
    const raw = r.bytes(length, "telegram");
    const padding = r.rest();
    if (padding.some((b) => b !== 0)) r.fail("OSGP_ERR_FIELD_RANGE", "padding", "non-zero bytes after the telegram");
    if (length === 0) return { readAt, responseInfo, telegram: null };
    const t = decodeMbusTelegram(raw);
    if (!t.ok) throw t.error;
    return { readAt, responseInfo, telegram: t.value };
  });
}

export function encodeMbusReading(
  readAt: LTimeDate | null,
  responseInfo: number,
  telegram: Uint8Array,
  entrySize: number,
): Uint8Array {
  const w = new ByteWriter("ET16 entry");
  writeLTimeDate(w, readAt, "readAt");
  w.u8(responseInfo, "responseInfo").u8(telegram.length, "telegramLength").bytes(telegram, "telegram");
  if (w.length > entrySize) w.fail("telegram", `the reading needs ${w.length} bytes; the entry holds ${entrySize}`);
  return w.bytes(new Uint8Array(entrySize - w.length), "padding").toBytes();
}
