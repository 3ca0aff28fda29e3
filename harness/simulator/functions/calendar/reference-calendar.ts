import {
  calendarSize,
  CALENDAR_ACTION,
  NO_ACTION,
  UNUSED_TIER_SWITCH,
  type Calendar,
  type CalendarControl,
  type TierSwitch,
} from "../../../protocol/tables/bt54-calendar";
import type { TimeTou } from "../../../protocol/tables/bt50-dimension-time-tou";
import type { TimeOffset } from "../../../protocol/tables/bt53-time-offset";
import type { RDate } from "../../../protocol/types/rdate";

/**
 * What the reference meter's calendar can hold (BT50 = BT51) and what it holds when it leaves the
 * factory: central European time (UTC+1, DST +60 min from the last Sunday of March to the last
 * Sunday of October at 02:00), a winter and a summer season, one special schedule for holidays,
 * four tiers.
 *   schedule 0  winter weekday: 00:00 tier 0, 07:00 tier 1, 17:00 tier 2, 21:00 tier 0
 *   schedule 1  weekend:        00:00 tier 0, 09:00 tier 1, 21:00 tier 0
 *   schedule 2  holiday:        00:00 tier 3
 *   schedule 3  summer weekday: 00:00 tier 0, 08:00 tier 1, 20:00 tier 0
 */
const dims = {
  touSelfRead: false,
  seasonSelfRead: false,
  seasonDemandReset: false,
  seasonChangeArmed: false,
  sortDates: false,
  anchorDate: true,
  capDstAuto: true,
  separateWeekdays: false,
  separateSumDemands: false,
  sortTierSwitches: false,
  capTimeZoneOffset: true,
  nbrSeasons: 2,
  nbrSpecialSchedules: 1,
  nbrNonRecurringDates: 4,
  nbrRecurringDates: 8,
  nbrTierSwitches: 12,
};

export const REFERENCE_TIME_TOU: TimeTou = { ...dims, calendarTableSize: calendarSize(dims) };

export const REFERENCE_TIME_OFFSET: TimeOffset = {
  dst: { effective: { hour: 2, minute: 0, second: 0 }, amountMinutes: 60 },
  timeZoneOffsetMinutes: 60,
};

const SUNDAY = 0;
const ANY_WEEKDAY = 7;
const on = (month: number, day: number, weekday = ANY_WEEKDAY): RDate => ({
  kind: "date",
  month,
  day,
  weekday,
  offset: 0,
});
const act = (action: number): CalendarControl => ({ ...NO_ACTION, action });
const sw = (daySchedule: number, hour: number, tier: number): TierSwitch => ({ tier, hour, minute: 0, daySchedule });

export const REFERENCE_CALENDAR: Calendar = {
  anchorDate: { year: 2024, month: 1, day: 1 },
  nonRecurring: [
    { date: { year: 2024, month: 12, day: 26 }, control: act(CALENDAR_ACTION.firstSpecial) },
    { date: { year: 2025, month: 12, day: 26 }, control: act(CALENDAR_ACTION.firstSpecial) },
    { date: null, control: NO_ACTION },
    { date: null, control: NO_ACTION },
  ],
  recurring: [
    { date: on(3, 25, SUNDAY), control: act(CALENDAR_ACTION.dstOn) },
    { date: on(10, 25, SUNDAY), control: act(CALENDAR_ACTION.dstOff) },
    { date: on(1, 1), control: act(CALENDAR_ACTION.firstSeason) },
    { date: on(4, 1), control: act(CALENDAR_ACTION.firstSeason + 1) },
    { date: on(10, 1), control: act(CALENDAR_ACTION.firstSeason) },
    { date: on(12, 25), control: act(CALENDAR_ACTION.firstSpecial) },
    { date: on(1, 1), control: act(CALENDAR_ACTION.firstSpecial) },
    { date: { kind: "unassigned" }, control: act(CALENDAR_ACTION.endOfList) },
  ],
  tierSwitches: [
    sw(0, 0, 0),
    sw(0, 7, 1),
    sw(0, 17, 2),
    sw(0, 21, 0),
    sw(1, 0, 0),
    sw(1, 9, 1),
    sw(1, 21, 0),
    sw(2, 0, 3),
    sw(3, 0, 0),
    sw(3, 8, 1),
    sw(3, 20, 0),
    UNUSED_TIER_SWITCH,
  ],
  dailySchedules: [
    { dayTypes: [1, 1, 0], special: [2] },
    { dayTypes: [1, 1, 3], special: [2] },
  ],
};
