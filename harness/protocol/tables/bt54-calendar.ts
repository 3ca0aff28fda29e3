import { ByteWriter, type ByteOrder, type ByteReader } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readAnsiDate, writeAnsiDate, type AnsiDate } from "../types/ansi-date";
import { packBits, unpackBits } from "../types/bit-fields";
import { readRDate, writeRDate, type RDate } from "../types/rdate";

/**
 * BT54 Calendar (8.2; C12.19 CALENDAR_TBL), sized by BT51:
 *
 *   if BT51 anchor date:  ANCHOR_DATE                 the day periodic dates count from
 *   non-recurring dates   [date, CALENDAR_ACTION] x BT51.nbrNonRecurringDates
 *   recurring dates       [RDATE (UINT16), CALENDAR_ACTION] x BT51.nbrRecurringDates
 *   tier switches         [UINT16 bits 0..2 new tier, 5..10 minute, 11..15 hour; UINT8 day schedule]
 *                         x BT51.nbrTierSwitches
 *   daily schedule matrix per season: day types (Saturday, Sunday, weekday; or Sunday..Saturday when
 *                         BT51 separates weekdays) then one per special schedule, each a UINT8 day
 *                         schedule number
 *
 * CALENDAR_ACTION (UINT8): bits 0..4 action (0 none, 1 DST starts, 2 DST ends, 3..18 season 0..15
 * starts, 19..30 special schedule 0..11 that day, 31 end of list), bit 5 demand reset, bit 6 self-read.
 *
 * PROVISIONAL: the anchor and non-recurring dates are OSGP's ANSI_DATE (6.2, a UINT16) where
 * C12.19 in time format 2 has a three-byte DATE; no public source shows an OSGP BT54. A tier-switch
 * record whose day schedule is 0xFF is unused (devices fill the rest of the list with 0xFF).
 */
export const BT54 = 54;
export const UNUSED_DAY_SCHEDULE = 0xff;

export const CALENDAR_ACTION = {
  none: 0,
  dstOn: 1,
  dstOff: 2,
  firstSeason: 3,
  lastSeason: 18,
  firstSpecial: 19,
  lastSpecial: 30,
  endOfList: 31,
} as const;

const ACTION_BITS = { action: [0, 4], demandReset: [5, 5], selfRead: [6, 6], filler: [7, 7] } as const;
const SWITCH_BITS = { tier: [0, 2], filler: [3, 4], minute: [5, 10], hour: [11, 15] } as const;

export interface CalendarDims {
  readonly anchorDate: boolean;
  readonly separateWeekdays: boolean;
  readonly nbrSeasons: number;
  readonly nbrSpecialSchedules: number;
  readonly nbrNonRecurringDates: number;
  readonly nbrRecurringDates: number;
  readonly nbrTierSwitches: number;
}

export interface CalendarControl {
  readonly action: number;
  readonly demandReset: boolean;
  readonly selfRead: boolean;
}

export interface NonRecurringDate {
  /** null: the entry is unused (all-zero date). */
  readonly date: AnsiDate | null;
  readonly control: CalendarControl;
}

export interface RecurringDate {
  readonly date: RDate;
  readonly control: CalendarControl;
}

/** Raw fields: hour and minute are checked by the rules that use them (an unused record holds 31:63). */
export interface TierSwitch {
  readonly tier: number;
  readonly hour: number;
  readonly minute: number;
  readonly daySchedule: number;
}

export interface DailySchedules {
  /** Saturday, Sunday, weekday; or Sunday..Saturday when BT51 separates weekdays. */
  readonly dayTypes: readonly number[];
  readonly special: readonly number[];
}

export interface Calendar {
  /** Present only when BT51 says so; null inside is the all-zero date. */
  readonly anchorDate?: AnsiDate | null;
  readonly nonRecurring: readonly NonRecurringDate[];
  readonly recurring: readonly RecurringDate[];
  readonly tierSwitches: readonly TierSwitch[];
  /** One per season. */
  readonly dailySchedules: readonly DailySchedules[];
}

export function dayTypeCount(dims: Pick<CalendarDims, "separateWeekdays">): number {
  return dims.separateWeekdays ? 7 : 3;
}

export function calendarSize(dims: CalendarDims): number {
  return (
    (dims.anchorDate ? 2 : 0) +
    3 * (dims.nbrNonRecurringDates + dims.nbrRecurringDates + dims.nbrTierSwitches) +
    dims.nbrSeasons * (dayTypeCount(dims) + dims.nbrSpecialSchedules)
  );
}

function readControl(r: ByteReader, field: string): CalendarControl {
  const c = unpackBits(r.u8(field), ACTION_BITS);
  return { action: c.action, demandReset: c.demandReset === 1, selfRead: c.selfRead === 1 };
}

function writeControl(w: ByteWriter, c: CalendarControl, field: string): void {
  w.u8(
    packBits({ action: c.action, demandReset: +c.demandReset, selfRead: +c.selfRead, filler: 0 }, ACTION_BITS, field),
    field,
  );
}

function count(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function decodeCalendar(bytes: Uint8Array, order: ByteOrder, dims: CalendarDims): Decoded<Calendar> {
  return decodeWith(bytes, "BT54", (r) => {
    const anchor = dims.anchorDate ? { anchorDate: readAnsiDate(r, order, "anchorDate") } : {};
    const nonRecurring = count(dims.nbrNonRecurringDates).map((i) => ({
      date: readAnsiDate(r, order, `nonRecurring[${i}].date`),
      control: readControl(r, `nonRecurring[${i}].control`),
    }));
    const recurring = count(dims.nbrRecurringDates).map((i) => ({
      date: readRDate(r, order, `recurring[${i}].date`),
      control: readControl(r, `recurring[${i}].control`),
    }));
    const tierSwitches = count(dims.nbrTierSwitches).map((i) => {
      const s = unpackBits(r.uint(2, order, `tierSwitches[${i}].switch`), SWITCH_BITS);
      return { tier: s.tier, hour: s.hour, minute: s.minute, daySchedule: r.u8(`tierSwitches[${i}].daySchedule`) };
    });
    const dailySchedules = count(dims.nbrSeasons).map((i) => ({
      dayTypes: [...r.bytes(dayTypeCount(dims), `dailySchedules[${i}].dayTypes`)],
      special: [...r.bytes(dims.nbrSpecialSchedules, `dailySchedules[${i}].special`)],
    }));
    return { ...anchor, nonRecurring, recurring, tierSwitches, dailySchedules };
  });
}

export function encodeCalendar(v: Calendar, order: ByteOrder, dims: CalendarDims): Uint8Array {
  const w = new ByteWriter("BT54");
  const expect = (what: string, n: number, wanted: number) => {
    if (n !== wanted) w.fail(what, `${n} given, BT51 says ${wanted}`);
  };
  if (dims.anchorDate) writeAnsiDate(w, v.anchorDate ?? null, order, "anchorDate");
  expect("nonRecurring", v.nonRecurring.length, dims.nbrNonRecurringDates);
  v.nonRecurring.forEach((d, i) => {
    writeAnsiDate(w, d.date, order, `nonRecurring[${i}].date`);
    writeControl(w, d.control, `nonRecurring[${i}].control`);
  });
  expect("recurring", v.recurring.length, dims.nbrRecurringDates);
  v.recurring.forEach((d, i) => {
    writeRDate(w, d.date, order, `recurring[${i}].date`);
    writeControl(w, d.control, `recurring[${i}].control`);
  });
  expect("tierSwitches", v.tierSwitches.length, dims.nbrTierSwitches);
  v.tierSwitches.forEach((s, i) => {
    w.uint(
      packBits({ tier: s.tier, filler: 0, minute: s.minute, hour: s.hour }, SWITCH_BITS, `BT54.tierSwitches[${i}]`),
      2,
      order,
      `tierSwitches[${i}].switch`,
    );
    w.u8(s.daySchedule, `tierSwitches[${i}].daySchedule`);
  });
  expect("dailySchedules", v.dailySchedules.length, dims.nbrSeasons);
  v.dailySchedules.forEach((d, i) => {
    expect(`dailySchedules[${i}].dayTypes`, d.dayTypes.length, dayTypeCount(dims));
    expect(`dailySchedules[${i}].special`, d.special.length, dims.nbrSpecialSchedules);
    w.bytes(Uint8Array.from([...d.dayTypes, ...d.special]), `dailySchedules[${i}]`);
  });
  return w.toBytes();
}

/** The unused tier-switch record (all ones, as devices fill the end of the list). */
export const UNUSED_TIER_SWITCH: TierSwitch = { tier: 7, hour: 31, minute: 63, daySchedule: UNUSED_DAY_SCHEDULE };

export const NO_ACTION: CalendarControl = { action: CALENDAR_ACTION.none, demandReset: false, selfRead: false };

/** What a CALENDAR_ACTION does: a DST change, a season or special schedule (with its number), or nothing. */
export type ActionMeaning =
  | { readonly kind: "none" | "dst-on" | "dst-off" | "end-of-list" }
  | { readonly kind: "season" | "special"; readonly index: number };

export function actionMeaning(action: number): ActionMeaning {
  const A = CALENDAR_ACTION;
  if (action === A.dstOn) return { kind: "dst-on" };
  if (action === A.dstOff) return { kind: "dst-off" };
  if (action >= A.firstSeason && action <= A.lastSeason) return { kind: "season", index: action - A.firstSeason };
  if (action >= A.firstSpecial && action <= A.lastSpecial) return { kind: "special", index: action - A.firstSpecial };
  if (action === A.endOfList) return { kind: "end-of-list" };
  return { kind: "none" };
}
