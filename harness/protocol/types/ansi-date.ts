import type { ByteOrder, ByteReader, ByteWriter } from "../../bytes/cursor";
import { packBits, unpackBits } from "./bit-fields";
import { daysInMonth } from "./time-types";

/**
 * ANSI_DATE of 6.2: a UINT16 with YEAR in bits 0..6, MONTH in bits 7..10 and DAY in bits 11..15.
 * YEAR counts from 2000, as the two-digit years of LTIME_DATE do (our reading; no source states the
 * epoch). An all-zero value means "no date".
 */
export interface AnsiDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const BITS = { year: [0, 6], month: [7, 10], day: [11, 15] } as const;

export function readAnsiDate(r: ByteReader, order: ByteOrder, field: string): AnsiDate | null {
  const at = r.offset;
  const raw = r.uint(2, order, field);
  if (raw === 0) return null;
  const { year, month, day } = unpackBits(raw, BITS);
  if (month < 1 || month > 12) r.fail("OSGP_ERR_FIELD_RANGE", `${field}.month`, `${month} is outside 1..12`, at);
  const last = daysInMonth(2000 + year, month);
  if (day < 1 || day > last) r.fail("OSGP_ERR_FIELD_RANGE", `${field}.day`, `${day} is outside 1..${last}`, at);
  return { year: 2000 + year, month, day };
}

export function writeAnsiDate(w: ByteWriter, v: AnsiDate | null, order: ByteOrder, field: string): void {
  if (v === null) {
    w.uint(0, 2, order, field);
    return;
  }
  if (v.month < 1 || v.month > 12) w.fail(`${field}.month`, `${v.month} is outside 1..12`);
  if (v.day < 1 || v.day > daysInMonth(v.year, v.month)) w.fail(`${field}.day`, `${v.day} is not a day of that month`);
  w.uint(packBits({ year: v.year - 2000, month: v.month, day: v.day }, BITS, field), 2, order, field);
}
