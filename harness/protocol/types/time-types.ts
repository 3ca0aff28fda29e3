import type { ByteReader, ByteWriter } from "../../bytes/cursor";

/**
 * TIME, LTIME_DATE and STIME_DATE of 6.2 in BT00 time format 2 (discrete UINT8 fields), the format
 * every OSGP meter we know of declares. Years travel as two digits; "02" is 2002, so the harness
 * represents years as 2000..2099.
 *
 * An all-zero date is how tables say "no date" (an empty PED, a log entry never written): it
 * decodes to `null`. Any other out-of-range field is a DecodeError naming the field and offset.
 */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export interface STimeDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

export interface LTimeDate extends STimeDate {
  readonly second: number;
}

export const TIME_SIZE = 3;
export const STIME_DATE_SIZE = 5;
export const LTIME_DATE_SIZE = 6;

export function readTime(r: ByteReader, field: string): TimeOfDay {
  const start = r.offset;
  const [hour, minute, second] = [r.u8(`${field}.hour`), r.u8(`${field}.minute`), r.u8(`${field}.second`)];
  checkRange(r, `${field}.hour`, hour, 0, 23, start);
  checkRange(r, `${field}.minute`, minute, 0, 59, start + 1);
  checkRange(r, `${field}.second`, second, 0, 59, start + 2);
  return { hour, minute, second };
}

export function writeTime(w: ByteWriter, t: TimeOfDay, field: string): void {
  checkValue(w, `${field}.hour`, t.hour, 0, 23);
  checkValue(w, `${field}.minute`, t.minute, 0, 59);
  checkValue(w, `${field}.second`, t.second, 0, 59);
  w.u8(t.hour, field).u8(t.minute, field).u8(t.second, field);
}

export function readSTimeDate(r: ByteReader, field: string): STimeDate | null {
  const start = r.offset;
  const raw = r.bytes(STIME_DATE_SIZE, field);
  if (raw.every((b) => b === 0)) return null;
  const [yy, month, day, hour, minute] = raw as unknown as [number, number, number, number, number];
  checkDate(r, field, yy, month, day, start);
  checkRange(r, `${field}.hour`, hour, 0, 23, start + 3);
  checkRange(r, `${field}.minute`, minute, 0, 59, start + 4);
  return { year: 2000 + yy, month, day, hour, minute };
}

export function writeSTimeDate(w: ByteWriter, t: STimeDate | null, field: string): void {
  if (t === null) {
    w.bytes(new Uint8Array(STIME_DATE_SIZE), field);
    return;
  }
  checkDateValue(w, field, t);
  checkValue(w, `${field}.hour`, t.hour, 0, 23);
  checkValue(w, `${field}.minute`, t.minute, 0, 59);
  w.u8(t.year - 2000, field)
    .u8(t.month, field)
    .u8(t.day, field)
    .u8(t.hour, field)
    .u8(t.minute, field);
}

export function readLTimeDate(r: ByteReader, field: string): LTimeDate | null {
  const start = r.offset;
  const raw = r.bytes(LTIME_DATE_SIZE, field);
  if (raw.every((b) => b === 0)) return null;
  const [yy, month, day, hour, minute, second] = raw as unknown as [number, number, number, number, number, number];
  checkDate(r, field, yy, month, day, start);
  checkRange(r, `${field}.hour`, hour, 0, 23, start + 3);
  checkRange(r, `${field}.minute`, minute, 0, 59, start + 4);
  checkRange(r, `${field}.second`, second, 0, 59, start + 5);
  return { year: 2000 + yy, month, day, hour, minute, second };
}

export function writeLTimeDate(w: ByteWriter, t: LTimeDate | null, field: string): void {
  if (t === null) {
    w.bytes(new Uint8Array(LTIME_DATE_SIZE), field);
    return;
  }
  writeSTimeDate(w, t, field);
  checkValue(w, `${field}.second`, t.second, 0, 59);
  w.u8(t.second, field);
}

/** Milliseconds since the epoch of a UTC date-time, and back: the simulator clock's currency. */
export function lTimeDateToEpochMs(t: LTimeDate): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

export function epochMsToLTimeDate(ms: number): LTimeDate {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Day of week as C12.19 counts it: 0 = Sunday .. 6 = Saturday. */
export function dayOfWeek(t: STimeDate): number {
  return new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay();
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkDate(r: ByteReader, field: string, yy: number, month: number, day: number, start: number): void {
  checkRange(r, `${field}.year`, yy, 0, 99, start);
  checkRange(r, `${field}.month`, month, 1, 12, start + 1);
  checkRange(r, `${field}.day`, day, 1, daysInMonth(2000 + yy, month), start + 2);
}

function checkDateValue(w: ByteWriter, field: string, t: STimeDate): void {
  checkValue(w, `${field}.year`, t.year, 2000, 2099);
  checkValue(w, `${field}.month`, t.month, 1, 12);
  checkValue(w, `${field}.day`, t.day, 1, daysInMonth(t.year, t.month));
}

function checkRange(r: ByteReader, field: string, v: number, min: number, max: number, at: number): void {
  if (v < min || v > max) r.fail("OSGP_ERR_FIELD_RANGE", field, `${v} is outside ${min}..${max}`, at);
}

function checkValue(w: ByteWriter, field: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) w.fail(field, `${v} is outside ${min}..${max}`);
}
