import type { ByteOrder, ByteReader, ByteWriter } from "../../bytes/cursor";
import { packBits, unpackBits } from "./bit-fields";

/**
 * RDATE of 6.2: a recurring date in a UINT16 whose meaning depends on MONTH (bits 0..3).
 *  - 0: unassigned;  1..12: a date in that month;  13: every month (same layout as a date)
 *  - 14: weekly, WEEKDAY only;  15: periodic, PERIOD and DELTA
 * Bits that a kind does not use are filler: ignored on decode and written as zero.
 */
export type RDate =
  | { readonly kind: "unassigned" }
  | {
      readonly kind: "date";
      readonly month: number;
      readonly offset: number;
      readonly weekday: number;
      readonly day: number;
    }
  | { readonly kind: "monthly"; readonly offset: number; readonly weekday: number; readonly day: number }
  | { readonly kind: "weekly"; readonly weekday: number }
  | { readonly kind: "periodic"; readonly period: number; readonly delta: number };

const DATE_BITS = { month: [0, 3], offset: [4, 7], weekday: [8, 10], day: [11, 15] } as const;
const PERIOD_BITS = { month: [0, 3], period: [4, 9], delta: [10, 15] } as const;

export function readRDate(r: ByteReader, order: ByteOrder, field: string): RDate {
  const raw = r.uint(2, order, field);
  const d = unpackBits(raw, DATE_BITS);
  switch (d.month) {
    case 0:
      return { kind: "unassigned" };
    case 13:
      return { kind: "monthly", offset: d.offset, weekday: d.weekday, day: d.day };
    case 14:
      return { kind: "weekly", weekday: d.weekday };
    case 15: {
      const p = unpackBits(raw, PERIOD_BITS);
      return { kind: "periodic", period: p.period, delta: p.delta };
    }
    default:
      return { kind: "date", month: d.month, offset: d.offset, weekday: d.weekday, day: d.day };
  }
}

export function writeRDate(w: ByteWriter, v: RDate, order: ByteOrder, field: string): void {
  let raw: number;
  switch (v.kind) {
    case "unassigned":
      raw = 0;
      break;
    case "date":
      if (v.month < 1 || v.month > 12) w.fail(`${field}.month`, `${v.month} is outside 1..12`);
      raw = packBits({ month: v.month, offset: v.offset, weekday: v.weekday, day: v.day }, DATE_BITS, field);
      break;
    case "monthly":
      raw = packBits({ month: 13, offset: v.offset, weekday: v.weekday, day: v.day }, DATE_BITS, field);
      break;
    case "weekly":
      raw = packBits({ month: 14, offset: 0, weekday: v.weekday, day: 0 }, DATE_BITS, field);
      break;
    case "periodic":
      raw = packBits({ month: 15, period: v.period, delta: v.delta }, PERIOD_BITS, field);
      break;
  }
  w.uint(raw, 2, order, field);
}
