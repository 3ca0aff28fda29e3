import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits } from "../types/bit-fields";

/**
 * BT50 Dimension Time and TOU (8.2; C12.19 DIM_TIME_TOU_TBL): the most the device's calendar can
 * hold. BT51 (bt51-actual-time-tou.ts) has the same layout and says what the calendar in use holds;
 * BT53 and BT54 are sized by BT51.
 *
 *   0  TIME_FUNC_FLAG1  bit 0 TOU self-read, 1 season self-read, 2 season demand reset,
 *                       3 season change armed, 4 dates sorted, 5 anchor date present
 *   1  TIME_FUNC_FLAG2  bit 0 automatic DST, 1 separate weekdays (seven day types, not three),
 *                       2 separate summation/demand tiers, 3 tier switches sorted, 4 time-zone offset
 *   2  CALENDAR_BFLD    bits 0..3 number of seasons, 4..7 number of special schedules
 *   3  UINT8            number of non-recurring dates
 *   4  UINT8            number of recurring dates
 *   5  UINT16           number of tier switches
 *   7  UINT16           size of the calendar (BT54) in bytes
 */
export const BT50 = 50;
export const TIME_TOU_SIZE = 9;

const FLAG1 = {
  touSelfRead: [0, 0],
  seasonSelfRead: [1, 1],
  seasonDemandReset: [2, 2],
  seasonChangeArmed: [3, 3],
  sortDates: [4, 4],
  anchorDate: [5, 5],
  filler: [6, 7],
} as const;
const FLAG2 = {
  capDstAuto: [0, 0],
  separateWeekdays: [1, 1],
  separateSumDemands: [2, 2],
  sortTierSwitches: [3, 3],
  capTimeZoneOffset: [4, 4],
  filler: [5, 7],
} as const;
const CALENDAR = { nbrSeasons: [0, 3], nbrSpecialSchedules: [4, 7] } as const;

export interface TimeTou {
  readonly touSelfRead: boolean;
  readonly seasonSelfRead: boolean;
  readonly seasonDemandReset: boolean;
  readonly seasonChangeArmed: boolean;
  readonly sortDates: boolean;
  readonly anchorDate: boolean;
  readonly capDstAuto: boolean;
  readonly separateWeekdays: boolean;
  readonly separateSumDemands: boolean;
  readonly sortTierSwitches: boolean;
  readonly capTimeZoneOffset: boolean;
  readonly nbrSeasons: number;
  readonly nbrSpecialSchedules: number;
  readonly nbrNonRecurringDates: number;
  readonly nbrRecurringDates: number;
  readonly nbrTierSwitches: number;
  readonly calendarTableSize: number;
}

/** The record of BT50 and BT51; `context` names the table in errors. */
export function decodeTimeTou(bytes: Uint8Array, order: ByteOrder, context = "BT50"): Decoded<TimeTou> {
  return decodeWith(bytes, context, (r) => {
    const f1 = unpackBits(r.u8("timeFuncFlag1"), FLAG1);
    const f2 = unpackBits(r.u8("timeFuncFlag2"), FLAG2);
    const cal = unpackBits(r.u8("calendar"), CALENDAR);
    return {
      touSelfRead: f1.touSelfRead === 1,
      seasonSelfRead: f1.seasonSelfRead === 1,
      seasonDemandReset: f1.seasonDemandReset === 1,
      seasonChangeArmed: f1.seasonChangeArmed === 1,
      sortDates: f1.sortDates === 1,
      anchorDate: f1.anchorDate === 1,
      capDstAuto: f2.capDstAuto === 1,
      separateWeekdays: f2.separateWeekdays === 1,
      separateSumDemands: f2.separateSumDemands === 1,
      sortTierSwitches: f2.sortTierSwitches === 1,
      capTimeZoneOffset: f2.capTimeZoneOffset === 1,
      nbrSeasons: cal.nbrSeasons,
      nbrSpecialSchedules: cal.nbrSpecialSchedules,
      nbrNonRecurringDates: r.u8("nbrNonRecurringDates"),
      nbrRecurringDates: r.u8("nbrRecurringDates"),
      nbrTierSwitches: r.uint(2, order, "nbrTierSwitches"),
      calendarTableSize: r.uint(2, order, "calendarTableSize"),
    };
  });
}

export function encodeTimeTou(v: TimeTou, order: ByteOrder, context = "BT50"): Uint8Array {
  const b = (x: boolean) => (x ? 1 : 0);
  return new ByteWriter(context)
    .u8(
      packBits(
        {
          touSelfRead: b(v.touSelfRead),
          seasonSelfRead: b(v.seasonSelfRead),
          seasonDemandReset: b(v.seasonDemandReset),
          seasonChangeArmed: b(v.seasonChangeArmed),
          sortDates: b(v.sortDates),
          anchorDate: b(v.anchorDate),
          filler: 0,
        },
        FLAG1,
        `${context}.timeFuncFlag1`,
      ),
      "timeFuncFlag1",
    )
    .u8(
      packBits(
        {
          capDstAuto: b(v.capDstAuto),
          separateWeekdays: b(v.separateWeekdays),
          separateSumDemands: b(v.separateSumDemands),
          sortTierSwitches: b(v.sortTierSwitches),
          capTimeZoneOffset: b(v.capTimeZoneOffset),
          filler: 0,
        },
        FLAG2,
        `${context}.timeFuncFlag2`,
      ),
      "timeFuncFlag2",
    )
    .u8(
      packBits(
        { nbrSeasons: v.nbrSeasons, nbrSpecialSchedules: v.nbrSpecialSchedules },
        CALENDAR,
        `${context}.calendar`,
      ),
      "calendar",
    )
    .u8(v.nbrNonRecurringDates, "nbrNonRecurringDates")
    .u8(v.nbrRecurringDates, "nbrRecurringDates")
    .uint(v.nbrTierSwitches, 2, order, "nbrTierSwitches")
    .uint(v.calendarTableSize, 2, order, "calendarTableSize")
    .toBytes();
}

/** The names of the counts in which `actual` (BT51) exceeds `max` (BT50); empty when it fits. */
export function exceededDimensions(actual: TimeTou, max: TimeTou): string[] {
  const counts = [
    "nbrSeasons",
    "nbrSpecialSchedules",
    "nbrNonRecurringDates",
    "nbrRecurringDates",
    "nbrTierSwitches",
    "calendarTableSize",
  ] as const;
  return counts.filter((k) => actual[k] > max[k]).map((k) => `${k} ${actual[k]} > ${max[k]}`);
}
