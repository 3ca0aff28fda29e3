import { ByteWriter, type ByteOrder } from "../bytes/cursor";
import {
  CALENDAR_ACTION,
  encodeCalendar,
  NO_ACTION,
  type Calendar,
  type RecurringDate,
  type TierSwitch,
} from "../protocol/tables/bt54-calendar";
import type { TimeTou } from "../protocol/tables/bt50-dimension-time-tou";
import { Inconclusive } from "./verdicts";

/**
 * The calendars the 8.2 scenarios write, built to the device's own BT51 dimensions so that the
 * expected tier follows from the scenario alone. Season 0 runs day schedule 0 on every day type,
 * season 1 (when it starts somewhere) schedule 1, and the special schedule (when a date names it)
 * schedule 2. Nothing else is in it: no DST date, no other season or special day; unused entries
 * are harmless under any reading (an unassigned recurring date, an all-zero non-recurring date, a
 * repeat of the first tier switch).
 */
export interface TestSwitch {
  readonly schedule: 0 | 1 | 2;
  readonly hour: number;
  readonly minute: number;
  readonly tier: number;
}

export interface TestCalendarSpec {
  readonly year: number;
  readonly switches: readonly TestSwitch[];
  readonly season1Starts?: { readonly month: number; readonly day: number };
  readonly specialOn?: { readonly month: number; readonly day: number };
}

const exactly = (month: number, day: number) => ({ kind: "date" as const, month, day, weekday: 7, offset: 0 });

export function buildTestCalendar(dims: TimeTou, spec: TestCalendarSpec): Calendar {
  const recurring: RecurringDate[] = [];
  if (dims.nbrSeasons > 0)
    recurring.push({ date: exactly(1, 1), control: { ...NO_ACTION, action: CALENDAR_ACTION.firstSeason } });
  if (spec.season1Starts !== undefined)
    recurring.push({
      date: exactly(spec.season1Starts.month, spec.season1Starts.day),
      control: { ...NO_ACTION, action: CALENDAR_ACTION.firstSeason + 1 },
    });
  if (spec.specialOn !== undefined)
    recurring.push({
      date: exactly(spec.specialOn.month, spec.specialOn.day),
      control: { ...NO_ACTION, action: CALENDAR_ACTION.firstSpecial },
    });
  const needs: string[] = [];
  if (recurring.length > dims.nbrRecurringDates)
    needs.push(`${recurring.length} recurring dates (BT51: ${dims.nbrRecurringDates})`);
  if (spec.switches.length === 0 || spec.switches.length > dims.nbrTierSwitches)
    needs.push(`${spec.switches.length} tier switches (BT51: ${dims.nbrTierSwitches})`);
  if (dims.nbrSeasons < (spec.season1Starts === undefined ? 1 : 2))
    needs.push(`${spec.season1Starts === undefined ? 1 : 2} season(s) (BT51: ${dims.nbrSeasons})`);
  if (spec.specialOn !== undefined && dims.nbrSpecialSchedules < 1) needs.push("a special schedule (BT51: none)");
  if (needs.length > 0)
    throw new Inconclusive(
      `the device's calendar is too small for this scenario's calendar: it needs ${needs.join(", ")}`,
    );
  while (recurring.length < dims.nbrRecurringDates)
    recurring.push({ date: { kind: "unassigned" }, control: NO_ACTION });
  const switches: TierSwitch[] = spec.switches.map((s) => ({
    tier: s.tier,
    hour: s.hour,
    minute: s.minute,
    daySchedule: s.schedule,
  }));
  while (switches.length < dims.nbrTierSwitches) switches.push(switches[0] as TierSwitch);
  const dayTypes = dims.separateWeekdays ? 7 : 3;
  return {
    ...(dims.anchorDate ? { anchorDate: { year: spec.year, month: 1, day: 1 } } : {}),
    nonRecurring: Array.from({ length: dims.nbrNonRecurringDates }, () => ({ date: null, control: NO_ACTION })),
    recurring,
    tierSwitches: switches,
    dailySchedules: Array.from({ length: dims.nbrSeasons }, (_, season) => ({
      dayTypes: new Array<number>(dayTypes).fill(season === 1 && spec.season1Starts !== undefined ? 1 : 0),
      special: new Array<number>(dims.nbrSpecialSchedules).fill(2),
    })),
  };
}

/** The bad inputs of the 8.2 scenarios: a calendar the device must refuse, as bytes. */
export const CALENDAR_FLAWS = [
  "a periodic date with period 0",
  "a tier switch at 25:00",
  "a non-recurring date in month 13",
  "a season BT51 does not have",
] as const;
export type CalendarFlaw = (typeof CALENDAR_FLAWS)[number];

export function flawedCalendar(dims: TimeTou, order: ByteOrder, base: Calendar, flaw: CalendarFlaw): Uint8Array {
  const lacking = (what: string): never => {
    throw new Inconclusive(`the device's calendar has no ${what}, so it cannot carry ${flaw}`);
  };
  switch (flaw) {
    case "a periodic date with period 0": {
      if (base.recurring.length === 0) lacking("recurring date");
      const recurring = [
        ...base.recurring.slice(0, -1),
        { date: { kind: "periodic" as const, period: 0, delta: 0 }, control: NO_ACTION },
      ];
      return encodeCalendar({ ...base, recurring }, order, dims);
    }
    case "a tier switch at 25:00":
      return encodeCalendar(
        { ...base, tierSwitches: base.tierSwitches.map((s, i) => (i === 0 ? { ...s, hour: 25 } : s)) },
        order,
        dims,
      );
    case "a season BT51 does not have": {
      if (dims.nbrSeasons > 15 || base.recurring.length === 0) lacking("room for a season number beyond BT51's");
      const control = { ...NO_ACTION, action: CALENDAR_ACTION.firstSeason + dims.nbrSeasons };
      return encodeCalendar(
        { ...base, recurring: base.recurring.map((r, i) => (i === 0 ? { ...r, control } : r)) },
        order,
        dims,
      );
    }
    case "a non-recurring date in month 13": {
      if (base.nonRecurring.length === 0) lacking("non-recurring date");
      const bytes = encodeCalendar(base, order, dims);
      // ANSI_DATE: year bits 0..6, month 7..10, day 11..15; the encoder refuses month 13, so it is laid in by hand.
      const raw = 25 | (13 << 7) | (1 << 11);
      const at = dims.anchorDate ? 2 : 0;
      bytes.set(new ByteWriter("BT54").uint(raw, 2, order, "nonRecurring[0].date").toBytes(), at);
      return bytes;
    }
  }
}
