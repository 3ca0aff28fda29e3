import type { LoadProfileDimensions } from "../protocol/tables/bt60-bt61-load-profile-dimensions";
import type { LoadProfileSetControl } from "../protocol/tables/bt62-load-profile-control";
import type { LoadProfileSetStatus } from "../protocol/tables/bt63-load-profile-status";
import type { LoadProfileBlock, LoadProfileInterval } from "../protocol/tables/bt64-bt67-load-profile-data";
import { CHANNEL_STATUS } from "../protocol/tables/bt64-interval-status";
import type { STimeDate } from "../protocol/types/time-types";
import { iso } from "./device-clock";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/**
 * Judgements on load-profile data (8.5.1), pure so that they are tested on hand-made tables.
 * C12.19's reading model: BLK_END_TIME is the end of a block's newest interval; every block but
 * the newest holds NBR_BLK_INTS intervals; interval i of a block ends (n - 1 - i) interval lengths
 * before the block's end, n being NBR_VALID_INT for the newest block and NBR_BLK_INTS otherwise.
 */
export function sTimeToMs(t: STimeDate): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
}

/** Problems with BT60 (limits), BT61 (actual), BT62 and BT63 taken together; empty when they agree. */
export function dimensionProblems(
  limits: LoadProfileDimensions,
  actual: LoadProfileDimensions,
  control: readonly (LoadProfileSetControl | null)[],
  status: readonly (LoadProfileSetStatus | null)[],
): string[] {
  const out: string[] = [];
  if (actual.memoryLength > limits.memoryLength)
    out.push(`BT61 LP_MEMORY_LEN ${actual.memoryLength} exceeds BT60's ${limits.memoryLength}`);
  const formatAllowed: Record<number, number> = {
    1: actual.formats.uint8,
    2: actual.formats.uint16,
    4: actual.formats.uint32,
    8: actual.formats.int8,
    16: actual.formats.int16,
    32: actual.formats.int32,
    64: actual.formats.niFormat1,
    128: actual.formats.niFormat2,
  };
  actual.sets.forEach((a, i) => {
    const l = limits.sets[i];
    const set = `data set ${i + 1}`;
    if (a === null || l === null || l === undefined) return;
    if (a.blocks > l.blocks || a.intervalsPerBlock > l.intervalsPerBlock || a.channels > l.channels)
      out.push(`${set}: BT61 ${JSON.stringify(a)} exceeds BT60 ${JSON.stringify(l)}`);
    if (a.intervalMinutes < 1 || a.intervalMinutes > l.intervalMinutes)
      out.push(
        `${set}: the interval length ${a.intervalMinutes} min is not within 1..${l.intervalMinutes} (BT60 MAX_INT_TIME)`,
      );
    const c = control[i];
    if (c === null || c === undefined) out.push(`${set}: BT62 has no entry`);
    else if (formatAllowed[c.intervalFormat] !== 1)
      out.push(`${set}: BT62 INT_FMT_CDE ${c.intervalFormat} is not a format BT61's LP_FMATS allows`);
    const s = status[i];
    if (s === null || s === undefined) {
      out.push(`${set}: BT63 has no entry`);
      return;
    }
    if (s.validBlocks > a.blocks)
      out.push(`${set}: BT63 NBR_VALID_BLOCKS ${s.validBlocks} exceeds NBR_BLKS ${a.blocks}`);
    if (s.unreadBlocks > a.blocks)
      out.push(`${set}: BT63 NBR_UNREAD_BLOCKS ${s.unreadBlocks} exceeds NBR_BLKS ${a.blocks}`);
    if (s.validBlocks > 0 && s.lastBlockElement >= a.blocks)
      out.push(`${set}: BT63 LAST_BLOCK_ELEMENT ${s.lastBlockElement} is not an element of ${a.blocks} blocks`);
    if (s.validIntervals > a.intervalsPerBlock)
      out.push(`${set}: BT63 NBR_VALID_INT ${s.validIntervals} exceeds NBR_BLK_INTS ${a.intervalsPerBlock}`);
  });
  return out;
}

/** The end of interval `index` of a block that holds `count` intervals. */
export function intervalEndMs(block: LoadProfileBlock, index: number, count: number, intervalMinutes: number): number {
  if (block.endTime === null) throw new ConformanceAssertionError("a valid block has the all-zero end time");
  return sTimeToMs(block.endTime) - (count - 1 - index) * intervalMinutes * 60_000;
}

/**
 * Whether the interval that closes at `boundaryMs` is in the newest block yet. A meter may record it
 * a little after the boundary (an M-Bus poll at 2400 baud, a task that writes on its next tick), so a
 * newest interval that ends before the boundary, or none, is looked for again; any other end is
 * judged at once by expectNewestIntervalEndsAt.
 */
export function expectIntervalRecorded(
  newest: LoadProfileBlock,
  status: LoadProfileSetStatus,
  boundaryMs: number,
  what: string,
): void {
  const missing = `${what}: the interval that closed at ${iso(boundaryMs)} is not recorded`;
  if (status.validIntervals === 0)
    throw new ConformanceAssertionError(`${missing}; BT63 says the newest block holds no interval`);
  const end = newest.endTime === null ? null : sTimeToMs(newest.endTime);
  if (end !== null && end < boundaryMs)
    throw new ConformanceAssertionError(`${missing}; the newest block ends at ${iso(end)}`);
}

export function expectNewestIntervalEndsAt(
  newest: LoadProfileBlock,
  status: LoadProfileSetStatus,
  boundaryMs: number,
  what: string,
): void {
  if (status.validIntervals === 0)
    throw new ConformanceAssertionError(
      `${what}: BT63 says the newest block holds no interval after one closed at ${iso(boundaryMs)}`,
    );
  const end = newest.endTime === null ? null : sTimeToMs(newest.endTime);
  if (end !== boundaryMs) {
    throw new ConformanceAssertionError(
      `${what}: the newest block's end time (the end of its newest interval) is ${end === null ? "all zero" : iso(end)}, expected ${iso(boundaryMs)}, the interval boundary just passed`,
    );
  }
}

function flagged(iv: LoadProfileInterval | undefined): boolean {
  return (
    iv?.status !== null &&
    iv?.status !== undefined &&
    (iv.status.common.clockSetForward || iv.status.common.clockSetBackward)
  );
}

/**
 * After a clock set, the interval the clock landed in (now the newest) or the one it left (just
 * before it, possibly the last of the previous block) carries C12.19's clock-set flag.
 */
export function expectClockSetFlag(
  blocks: readonly LoadProfileBlock[],
  status: LoadProfileSetStatus,
  intervalsPerBlock: number,
): void {
  const [newest, previous] = blocks;
  if (newest === undefined || status.validIntervals === 0) throw new Inconclusive("the data set holds no interval");
  if (newest.intervals[0]?.status === null)
    throw new Inconclusive("the data set records no extended interval status (BT61 EXTENDED_INT_STATUS_FLAG is clear)");
  const last = newest.intervals[status.validIntervals - 1];
  const before =
    status.validIntervals >= 2
      ? newest.intervals[status.validIntervals - 2]
      : previous?.intervals[intervalsPerBlock - 1];
  if (!flagged(last) && !flagged(before)) {
    throw new ConformanceAssertionError(
      "the clock was set during the newest interval, yet neither it nor the interval before it carries the clock-set-forward or clock-set-backward flag of its extended status",
    );
  }
}

/**
 * Block-end readings add up: for a channel whose interval values are increments of the source its
 * end reading reads (BT62: same source, no scalars), the newest block's end reading minus the
 * previous block's equals the sum of the newest block's interval values. Returns the total
 * increment compared, so the caller can tell "nothing recorded" from "agrees".
 */
export function expectEndReadingsAddUp(
  newest: LoadProfileBlock,
  previous: LoadProfileBlock,
  validIntervals: number,
  control: LoadProfileSetControl,
  incrementChannels: readonly boolean[],
): number {
  let total = 0;
  let compared = 0;
  control.channels.forEach((c, ch) => {
    if (
      !c.endReading ||
      c.source !== c.endReadingSource ||
      control.scalars.length > 0 ||
      incrementChannels[ch] !== true
    )
      return;
    const intervals = newest.intervals.slice(0, validIntervals);
    if (intervals.some((iv) => iv.status?.channels[ch] === CHANNEL_STATUS.overflow)) return;
    const a = previous.endReadings[ch]?.reading;
    const b = newest.endReadings[ch]?.reading;
    if (a === null || a === undefined || b === null || b === undefined) return;
    const sum = intervals.reduce((n, iv) => n + (iv.values[ch] ?? 0), 0);
    compared++;
    total += sum;
    if (b - a !== sum) {
      throw new ConformanceAssertionError(
        `channel ${ch + 1}: the newest block's end reading ${b} minus the previous block's ${a} is ${b - a}, but its ${validIntervals} interval value(s) add up to ${sum}`,
      );
    }
  });
  if (compared === 0)
    throw new Inconclusive(
      "no channel records increments of the quantity its end reading reads (BT62, ET66), so the readings cannot be added up",
    );
  return total;
}

/** Readings of a counter never go down: each channel's values over the non-skipped intervals. */
export function expectCountersNonDecreasing(block: LoadProfileBlock, validIntervals: number): void {
  const live = block.intervals
    .slice(0, validIntervals)
    .filter((iv) => !(iv.status?.channels.every((s) => s === CHANNEL_STATUS.skipped) ?? false));
  for (let i = 1; i < live.length; i++) {
    (live[i] as LoadProfileInterval).values.forEach((v, ch) => {
      const before = (live[i - 1] as LoadProfileInterval).values[ch] ?? 0;
      if (v < before)
        throw new ConformanceAssertionError(`channel ${ch + 1} reads ${v} after ${before}: a counter went down`);
    });
  }
}
