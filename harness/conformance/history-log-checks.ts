import { categoryOf } from "../protocol/event-categories";
import { EVENT_CODES } from "../protocol/event-codes";
import type { CriticalEventMasks, RecordsAlarms } from "../protocol/tables/et72-et73-critical-events";
import type { LogDimensions } from "../protocol/tables/bt70-bt71-log-dimensions";
import type { HistoryEntry, HistoryLogHeader } from "../protocol/tables/bt74-history-log-data";
import { lTimeDateToEpochMs } from "../protocol/types/time-types";
import { iso } from "./device-clock";
import type { NumberedEntry } from "./history-log-reader";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/** Judgements on the history log (8.12), pure so that they are tested on hand-made tables. */
export const TIME_CHANGE_CODES: readonly number[] = [
  EVENT_CODES.timeChangedOld,
  EVENT_CODES.timeChangedNew,
  EVENT_CODES.timeChangedOldArg,
  EVENT_CODES.timeChangedNewArg,
];
const OLD_TIME: readonly number[] = [EVENT_CODES.timeChangedOld, EVENT_CODES.timeChangedOldArg];
const NEW_TIME: readonly number[] = [EVENT_CODES.timeChangedNew, EVENT_CODES.timeChangedNewArg];

export function isTimeChange(e: HistoryEntry): boolean {
  return !e.manufacturer && TIME_CHANGE_CODES.includes(e.code);
}

export function logDimensionProblems(limits: LogDimensions, actual: LogDimensions, header: HistoryLogHeader): string[] {
  const out: string[] = [];
  const over = (what: string, a: number, l: number) => a > l && out.push(`BT71 ${what} ${a} exceeds BT70's ${l}`);
  over("NBR_STD_EVENTS", actual.stdEventBytes, limits.stdEventBytes);
  over("NBR_MFG_EVENTS", actual.mfgEventBytes, limits.mfgEventBytes);
  over("HIST_DATA_LENGTH", actual.historyArgumentLength, limits.historyArgumentLength);
  over("NBR_HISTORY_ENTRIES", actual.historyEntries, limits.historyEntries);
  if (header.validEntries > actual.historyEntries)
    out.push(`BT74 NBR_VALID_ENTRIES ${header.validEntries} exceeds NBR_HISTORY_ENTRIES ${actual.historyEntries}`);
  if (header.unreadEntries > actual.historyEntries)
    out.push(`BT74 NBR_UNREAD_ENTRIES ${header.unreadEntries} exceeds NBR_HISTORY_ENTRIES ${actual.historyEntries}`);
  if (header.validEntries > 0 && header.lastEntryElement >= actual.historyEntries)
    out.push(`BT74 LAST_ENTRY_ELEMENT ${header.lastEntryElement} is not one of ${actual.historyEntries} entries`);
  return out;
}

/**
 * How many entries a log of `capacity` entries gained between two reads of its header, by its
 * sequence numbers; FAILs when they went back, or when they disagree with how far the newest entry
 * moved (LAST_ENTRY_ELEMENT advances one element per entry, round the circle). LAST_ENTRY_SEQ_NBR is
 * a UINT32 that wraps, so the two are compared modulo 2^32 (RFC 1982's serial numbers): no log gains
 * 2^31 entries between two reads, so a distance that large can only be the numbering going back.
 */
export function entriesAdded(before: HistoryLogHeader, after: HistoryLogHeader, capacity: number): number {
  const n = (after.lastEntrySequence - before.lastEntrySequence) >>> 0;
  if (n >= 2 ** 31) {
    throw new ConformanceAssertionError(
      `BT74's LAST_ENTRY_SEQ_NBR went back from ${before.lastEntrySequence} to ${after.lastEntrySequence}: the numbering restarted`,
    );
  }
  if (n < capacity && capacity > 0 && after.validEntries > 0) {
    const element = before.validEntries === 0 ? n - 1 : (before.lastEntryElement + n) % capacity;
    if (element !== after.lastEntryElement) {
      throw new ConformanceAssertionError(
        `BT74's newest entry moved from element ${before.lastEntryElement} to ${after.lastEntryElement}, but LAST_ENTRY_SEQ_NBR went from ${before.lastEntrySequence} to ${after.lastEntrySequence}: the sequence numbers do not count the entries`,
      );
    }
  }
  return n;
}

/** The new entries (oldest first) carry the sequence numbers after the one read before, one by one. */
export function expectNumberedOn(before: HistoryLogHeader, added: readonly NumberedEntry[]): void {
  added.forEach((n, k) => {
    const want = (before.lastEntrySequence + k + 1) % 0x10000;
    if (n.entry.sequence !== null && n.entry.sequence !== want) {
      throw new ConformanceAssertionError(
        `entry ${n.element} of BT74 carries HISTORY_SEQ_NBR ${n.entry.sequence}; after ${before.lastEntrySequence} the log's ${k + 1}. new entry should carry ${want}`,
      );
    }
  });
}

/**
 * A clock set from about `oldMs` to `newMs` left a "time changed" entry for the old time (3 or
 * 5) and one for the new (4 or 6); entries 3 and 4 are stamped with those times.
 */
export function expectTimeChangeLogged(
  added: readonly HistoryEntry[],
  oldMs: number,
  newMs: number,
  toleranceSeconds: number,
): void {
  const old = added.find((e) => !e.manufacturer && OLD_TIME.includes(e.code));
  const now = added.find((e) => !e.manufacturer && NEW_TIME.includes(e.code));
  if (old === undefined || now === undefined) {
    throw new ConformanceAssertionError(
      `the clock was set, but the new entries of BT74 (codes ${added.map((e) => e.code).join(", ") || "none"}) hold no ${old === undefined ? "old-time (3 or 5)" : "new-time (4 or 6)"} time-change event`,
    );
  }
  const near = (e: HistoryEntry, ms: number, what: string) => {
    if (e.time === null) throw new Inconclusive("the log's entries carry no time (BT71 HIST_DATE_TIME_FLAG is clear)");
    const at = lTimeDateToEpochMs(e.time);
    if (Math.abs(at - ms) > toleranceSeconds * 1000)
      throw new ConformanceAssertionError(
        `event ${e.code} is stamped ${iso(at)}; it should carry the ${what} time, ${iso(ms)} (within ${toleranceSeconds} s)`,
      );
  };
  if (old.code === EVENT_CODES.timeChangedOld) near(old, oldMs, "old");
  if (now.code === EVENT_CODES.timeChangedNew) near(now, newMs, "new");
}

/** The entries ET72's masks make critical (8.12.1): their event's own bit, or their category's. */
export function markedCritical(masks: CriticalEventMasks, entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries.filter((e) => {
    const category = categoryOf(e.code, e.manufacturer);
    const own = (e.manufacturer ? masks.mfgEvents : masks.stdEvents)[e.code] === true;
    return own || (category !== null && (masks.categories & (1 << category)) !== 0);
  });
}

/**
 * With the log marked read before, ET73 counts as unread critical events just the critical
 * entries logged since (`critical`, oldest first), and names the newest of them last; null when
 * it does, else what it shows instead.
 */
export function criticalCountProblem(alarms: RecordsAlarms, critical: readonly HistoryEntry[]): string | null {
  const last = critical.at(-1);
  const name = (code: number, mfg: boolean) => `${mfg ? "manufacturer " : ""}event ${code}`;
  const counted = alarms.unreadCritical === critical.length;
  if (
    last === undefined
      ? counted
      : counted && alarms.lastCriticalCode === last.code && alarms.lastCriticalManufacturer === last.manufacturer
  )
    return null;
  const logged = critical.map((e) => name(e.code, e.manufacturer)).join(", ") || "none";
  return `ET73 counts ${alarms.unreadCritical} unread critical event(s), the last ${name(alarms.lastCriticalCode, alarms.lastCriticalManufacturer)}; since the log was marked read BT74 logged ${critical.length} critical one(s): ${logged}`;
}
