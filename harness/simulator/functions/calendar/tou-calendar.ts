import {
  actionMeaning,
  UNUSED_DAY_SCHEDULE,
  type Calendar,
  type CalendarControl,
  type TierSwitch,
} from "../../../protocol/tables/bt54-calendar";
import type { TimeTou } from "../../../protocol/tables/bt50-dimension-time-tou";
import type { TimeOffset } from "../../../protocol/tables/bt53-time-offset";
import { ansiDay, matchesRDate } from "./calendar-rules";

/**
 * The reference meter's TOU calendar at work (8.2): from the UTC clock to local time (BT53's
 * time-zone offset, plus its DST amount between BT54's DST dates), then the season (the last
 * season change on or before today), today's special schedule if a date names one, the day's
 * schedule from the daily schedule matrix and the tier of the last switch of that schedule at or
 * before the time of day.
 *
 * Simplifications, ours: a DST change takes effect at BT53's DST time in local standard time; a
 * day before its schedule's first switch keeps the tier of that schedule's last switch; a season
 * beyond the matrix uses the first row; a calendar with no season changes is in season 0.
 * Everything about a day is cached until BT53 or BT54 change.
 */
export interface CalendarMoment {
  /** Wall-clock local time, as ms since the epoch read as if UTC. */
  readonly localMs: number;
  readonly dst: boolean;
  readonly season: number;
  /** The special schedule in force today, if any. */
  readonly special: number | null;
  readonly tier: number;
}

interface DayFacts {
  readonly actions: readonly CalendarControl[];
  season?: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const YEAR_DAYS = 366;

export class TouCalendar {
  private days = new Map<number, DayFacts>();

  constructor(
    readonly dims: TimeTou,
    private offset: TimeOffset,
    private calendar: Calendar,
    /** Added to the time the tiers are looked up at: the tier-switch-hour-late defect. */
    private readonly tierDelayMs = 0,
  ) {}

  setOffset(offset: TimeOffset): void {
    this.offset = offset;
    this.days.clear();
  }

  setCalendar(calendar: Calendar): void {
    this.calendar = calendar;
    this.days.clear();
  }

  at(utcMs: number): CalendarMoment {
    const standard = utcMs + (this.offset.timeZoneOffsetMinutes ?? 0) * MINUTE_MS;
    const dst = this.offset.dst !== null && this.dstAt(standard);
    const localMs = standard + (dst && this.offset.dst !== null ? this.offset.dst.amountMinutes * MINUTE_MS : 0);
    const day = Math.floor(localMs / DAY_MS);
    const tierAt = localMs - this.tierDelayMs;
    return {
      localMs,
      dst,
      season: this.seasonOn(day),
      special: this.specialOn(day),
      tier: this.tierOn(Math.floor(tierAt / DAY_MS), tierAt),
    };
  }

  private facts(day: number): DayFacts {
    let f = this.days.get(day);
    if (f === undefined) {
      f = { actions: this.actionsOn(day) };
      this.days.set(day, f);
    }
    return f;
  }

  /** The actions of every date that falls on `day`: non-recurring first, then recurring up to an end of list. */
  private actionsOn(day: number): CalendarControl[] {
    const c = this.calendar;
    const anchor = c.anchorDate === undefined || c.anchorDate === null ? null : ansiDay(c.anchorDate);
    const out = c.nonRecurring.filter((d) => d.date !== null && ansiDay(d.date) === day).map((d) => d.control);
    for (const r of c.recurring) {
      if (actionMeaning(r.control.action).kind === "end-of-list") break;
      if (matchesRDate(r.date, day, anchor)) out.push(r.control);
    }
    return out;
  }

  private dstAt(standardMs: number): boolean {
    const dst = this.offset.dst;
    if (dst === null) return false;
    const today = Math.floor(standardMs / DAY_MS);
    const effective = ((dst.effective.hour * 60 + dst.effective.minute) * 60 + dst.effective.second) * 1000;
    for (let day = today; day > today - YEAR_DAYS; day--) {
      const changes = this.facts(day)
        .actions.map((a) => actionMeaning(a.action).kind)
        .filter((k) => k === "dst-on" || k === "dst-off");
      if (changes.length > 0 && (day < today || standardMs - today * DAY_MS >= effective))
        return changes[changes.length - 1] === "dst-on";
    }
    return false;
  }

  private seasonOn(day: number): number {
    const f = this.facts(day);
    if (f.season !== undefined) return f.season;
    let season = 0;
    for (let d = day; d > day - YEAR_DAYS; d--) {
      const starts = this.facts(d)
        .actions.map((a) => actionMeaning(a.action))
        .filter((m) => m.kind === "season");
      const last = starts[starts.length - 1];
      if (last !== undefined && last.kind === "season") {
        season = last.index;
        break;
      }
    }
    f.season = season;
    return season;
  }

  private specialOn(day: number): number | null {
    for (const a of this.facts(day).actions) {
      const m = actionMeaning(a.action);
      if (m.kind === "special") return m.index;
    }
    return null;
  }

  private scheduleOn(day: number): number {
    const rows = this.calendar.dailySchedules;
    const row = rows[this.seasonOn(day)] ?? rows[0];
    if (row === undefined) return 0;
    const special = this.specialOn(day);
    if (special !== null && row.special[special] !== undefined) return row.special[special] as number;
    const weekday = (((day + 4) % 7) + 7) % 7;
    const type = this.dims.separateWeekdays ? weekday : weekday === 6 ? 0 : weekday === 0 ? 1 : 2;
    return row.dayTypes[type] ?? 0;
  }

  private tierOn(day: number, localMs: number): number {
    const schedule = this.scheduleOn(day);
    const minute = Math.floor((localMs - day * DAY_MS) / MINUTE_MS);
    const switches = this.calendar.tierSwitches.filter(
      (s) => s.daySchedule === schedule && s.daySchedule !== UNUSED_DAY_SCHEDULE && s.hour < 24 && s.minute < 60,
    );
    const at = (s: TierSwitch) => s.hour * 60 + s.minute;
    const latest = (list: TierSwitch[]) =>
      list.reduce<TierSwitch | null>((best, s) => (best === null || at(s) >= at(best) ? s : best), null);
    return (latest(switches.filter((s) => at(s) <= minute)) ?? latest(switches))?.tier ?? 0;
  }
}
