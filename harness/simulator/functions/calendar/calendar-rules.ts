import {
  actionMeaning,
  UNUSED_DAY_SCHEDULE,
  type Calendar,
  type CalendarControl,
} from "../../../protocol/tables/bt54-calendar";
import type { TimeTou } from "../../../protocol/tables/bt50-dimension-time-tou";
import type { AnsiDate } from "../../../protocol/types/ansi-date";
import type { RDate } from "../../../protocol/types/rdate";
import { daysInMonth } from "../../../protocol/types/time-types";

/**
 * What the reference meter accepts in BT54 and how it reads a recurring date, as day numbers
 * (days since 1970-01-01 of the local calendar day).
 *
 * Our readings where C12.19's text is not available (PROVISIONAL): a date with a WEEKDAY (0..6)
 * means the first such weekday on or after DAY ("last Sunday of March" = 25 March, Sunday); OFFSET
 * adjustments are not supported (only 0 is accepted); a periodic date (MONTH 15) recurs every PERIOD
 * days, the first time DELTA days after the anchor date, so it needs an anchor and 1 <= PERIOD,
 * DELTA < PERIOD.
 */
const DAY_MS = 86_400_000;
const UNASSIGNED_WEEKDAY = 7;

export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function ansiDay(d: AnsiDate): number {
  return dayNumber(d.year, d.month, d.day);
}

function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The day a month/day/weekday names in `year` and `month`, or null when the month has no such day. */
function resolve(year: number, month: number, day: number, weekday: number): number | null {
  if (day < 1 || day > daysInMonth(year, month)) return null;
  const base = dayNumber(year, month, day);
  return weekday === UNASSIGNED_WEEKDAY ? base : base + ((weekday - weekdayOf(base) + 7) % 7);
}

export function matchesRDate(d: RDate, day: number, anchorDay: number | null): boolean {
  const at = new Date(day * DAY_MS);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + 1;
  switch (d.kind) {
    case "unassigned":
      return false;
    case "date":
      // A weekday rule may carry a date into the next month or year: look at last year's too.
      return resolve(year, d.month, d.day, d.weekday) === day || resolve(year - 1, d.month, d.day, d.weekday) === day;
    case "monthly": {
      const previous = month === 1 ? [year - 1, 12] : [year, month - 1];
      return (
        resolve(year, month, d.day, d.weekday) === day ||
        resolve(previous[0] as number, previous[1] as number, d.day, d.weekday) === day
      );
    }
    case "weekly":
      return weekdayOf(day) === d.weekday;
    case "periodic":
      return (
        anchorDay !== null && d.period > 0 && day >= anchorDay + d.delta && (day - anchorDay - d.delta) % d.period === 0
      );
  }
}

/** Why the meter refuses this calendar, or null when it takes it. */
export function calendarProblem(c: Calendar, dims: TimeTou, tiers: number): string | null {
  const problems = [
    ...c.recurring.map(
      (r, i) =>
        rdateProblem(r.date, dims, c.anchorDate ?? null, `recurring[${i}]`) ??
        controlProblem(r.control, dims, `recurring[${i}]`),
    ),
    ...c.nonRecurring.map((r, i) => (r.date === null ? null : controlProblem(r.control, dims, `nonRecurring[${i}]`))),
    ...c.tierSwitches.map((s, i) => {
      if (s.daySchedule === UNUSED_DAY_SCHEDULE) return null;
      if (s.hour > 23 || s.minute > 59) return `tierSwitches[${i}]: ${s.hour}:${s.minute} is not a time of day`;
      return s.tier >= tiers ? `tierSwitches[${i}]: tier ${s.tier}, the meter has ${tiers}` : null;
    }),
  ];
  return problems.find((p) => p !== null) ?? null;
}

function rdateProblem(d: RDate, dims: TimeTou, anchor: AnsiDate | null, at: string): string | null {
  switch (d.kind) {
    case "unassigned":
      return null;
    case "date":
    case "monthly": {
      if (d.offset !== 0) return `${at}: date adjustment (OFFSET ${d.offset}) is not supported`;
      const last = d.kind === "date" ? daysInMonth(2024, d.month) : 31;
      return d.day < 1 || d.day > last
        ? `${at}: day ${d.day} is not a day of ${d.kind === "date" ? `month ${d.month}` : "a month"}`
        : null;
    }
    case "weekly":
      return d.weekday > 6 ? `${at}: weekly date without a weekday` : null;
    case "periodic":
      if (d.period < 1 || d.delta >= d.period) return `${at}: period ${d.period} with delta ${d.delta}`;
      return dims.anchorDate && anchor !== null ? null : `${at}: a periodic date needs an anchor date`;
  }
}

function controlProblem(c: CalendarControl, dims: TimeTou, at: string): string | null {
  const m = actionMeaning(c.action);
  if ((m.kind === "dst-on" || m.kind === "dst-off") && !dims.capDstAuto)
    return `${at}: DST action, but BT51 says the meter changes no DST`;
  if (m.kind === "season" && m.index >= dims.nbrSeasons) return `${at}: season ${m.index}, BT51 has ${dims.nbrSeasons}`;
  if (m.kind === "special" && m.index >= dims.nbrSpecialSchedules)
    return `${at}: special schedule ${m.index}, BT51 has ${dims.nbrSpecialSchedules}`;
  return null;
}
