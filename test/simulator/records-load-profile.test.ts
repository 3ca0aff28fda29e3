import { test } from "node:test";
import assert from "node:assert/strict";
import { LIST } from "../../harness/protocol/procedures/bp04-bp05-list-pointers";
import { CHANNEL_STATUS } from "../../harness/protocol/tables/bt64-interval-status";
import { ET21 } from "../../harness/protocol/tables/et21-load-profile-configuration";
import { ET75, decodeChannelChangeLog } from "../../harness/protocol/tables/et75-channel-change-log";
import { codeOf, meterOf, partialWrite, START_MS, tableOf } from "./meter-requests";
import {
  alarmsOf,
  blockEndMs,
  blocksOf,
  dimensionsOf,
  markRead,
  newestBlock,
  ok,
  setClock,
  statusOf,
} from "./records-requests";

const MIN = 60_000;
/** START_MS is 23:59:30: the first quarter-hour boundary is 30 s later. */
const FIRST_BOUNDARY = START_MS + 30_000;

test("an interval closes on its quarter-hour boundary; the first one is partial, the next full", () => {
  const { meter, ticks } = meterOf();
  ticks.advance(30_000);
  assert.deepEqual([statusOf(meter).validBlocks, statusOf(meter).validIntervals], [1, 1]);
  assert.equal(blockEndMs(newestBlock(meter)), FIRST_BOUNDARY);
  assert.deepEqual(newestBlock(meter).intervals[0]?.status?.channels, [2, 2, 2, 2]);
  ticks.advance(15 * MIN);
  const b = newestBlock(meter);
  assert.equal(statusOf(meter).validIntervals, 2);
  assert.equal(blockEndMs(b), FIRST_BOUNDARY + 15 * MIN);
  assert.deepEqual(b.intervals[1]?.status?.channels, [0, 0, 0, 0]);
  // The registers started at zero, so each channel's end reading is the sum of its interval values.
  b.endReadings.forEach((r, ch) =>
    assert.equal(
      r.reading,
      b.intervals.reduce((n, iv) => n + (iv.values[ch] ?? 0), 0),
    ),
  );
});

test("a clock set out of the interval closes it partial and flagged, fills its block with skipped intervals, and starts a new block", () => {
  const { meter, ticks } = meterOf();
  ticks.advance(5 * MIN);
  setClock(meter, Date.UTC(2025, 0, 15, 19, 59, 57));
  const closed = blocksOf(meter)[0];
  assert.ok(closed !== undefined);
  const partial = closed.intervals[1];
  assert.equal(partial?.status?.common.clockSetForward, true);
  assert.deepEqual(partial?.status?.channels, [2, 2, 2, 2]);
  assert.equal(closed.intervals.length, 24);
  assert.deepEqual(closed.intervals[23]?.status?.channels, [4, 4, 4, 4]);
  assert.deepEqual(closed.intervals[23]?.values, [0, 0, 0, 0]);
  // Full block: the end time is the end of its 24th interval, the first having ended at FIRST_BOUNDARY.
  assert.equal(blockEndMs(closed), FIRST_BOUNDARY + 23 * 15 * MIN);
  ticks.advance(3000);
  const s = statusOf(meter);
  assert.deepEqual([s.validBlocks, s.lastBlockElement, s.lastBlockSequence, s.validIntervals], [2, 1, 1, 1]);
  assert.equal(blockEndMs(newestBlock(meter)), Date.UTC(2025, 0, 15, 20, 0));
  assert.equal(newestBlock(meter).intervals[0]?.status?.common.clockSetForward, true);
});

test("a clock set back inside the interval makes it long and flags it backward; the block goes on", () => {
  const { meter, ticks } = meterOf();
  ticks.advance(60_000);
  setClock(meter, FIRST_BOUNDARY + 5_000);
  ticks.advance(15 * MIN - 5_000);
  const b = newestBlock(meter);
  assert.equal(statusOf(meter).validBlocks, 1);
  assert.equal(b.intervals[1]?.status?.common.clockSetBackward, true);
  assert.deepEqual(b.intervals[1]?.status?.channels, [
    CHANNEL_STATUS.long,
    CHANNEL_STATUS.long,
    CHANNEL_STATUS.long,
    CHANNEL_STATUS.long,
  ]);
});

test("ET21 refuses what it cannot apply (interval not dividing 60, split field, unknown source, threshold above the blocks) and stays as it was", () => {
  const { meter } = meterOf();
  const before = tableOf(meter, ET21);
  assert.deepEqual(before, Uint8Array.of(15, 6, 0, 0, 1, 2, 3));
  for (const [offset, data] of [
    [0, [7]],
    [0, [0]],
    [1, [1]],
    [3, [200]],
    [1, [9, 0]],
  ] as const) {
    assert.equal(codeOf(meter, partialWrite(ET21, offset, Uint8Array.from(data))), 1, `write ${data} at ${offset}`);
    assert.deepEqual(tableOf(meter, ET21), before);
  }
  assert.equal(
    codeOf(meter, partialWrite(ET21, 1, Uint8Array.of(2, 0)), "reader"),
    3,
    "the reader key may not write ET21",
  );
});

test("a new interval length restarts data set 1, shows in BT61 and is logged to ET75 with the old and new configuration", () => {
  const { meter, ticks } = meterOf();
  ticks.advance(MIN);
  assert.equal(codeOf(meter, partialWrite(ET21, 0, Uint8Array.of(30)), "provisioning"), 0);
  assert.equal(dimensionsOf(meter).sets[0]?.intervalMinutes, 30);
  assert.equal(statusOf(meter).validBlocks, 0);
  const log = ok(decodeChannelChangeLog(tableOf(meter, ET75), "le", 4));
  assert.deepEqual([log.validEntries, log.lastEntryElement, log.lastEntrySequence], [1, 0, 1]);
  const e = log.entries[0];
  assert.deepEqual(
    [e?.oldIntervalMinutes, e?.newIntervalMinutes, e?.oldSources, e?.newSources],
    [15, 30, [0, 1, 2, 3], [0, 1, 2, 3]],
  );
  assert.deepEqual(e?.time, { year: 2024, month: 3, day: 1, hour: 0, minute: 0, second: 30 });
  ticks.advance(30 * MIN);
  assert.equal(blockEndMs(newestBlock(meter)) % (30 * MIN), 0);
});

test("BP05 marks the oldest unread blocks read; an unknown list is an invalid parameter; the alarm follows ET21's threshold", () => {
  const { meter, ticks } = meterOf();
  assert.equal(codeOf(meter, partialWrite(ET21, 1, Uint8Array.of(2, 0))), 0);
  ticks.advance(30_000);
  assert.equal(alarmsOf(meter).flags.unreadEntries, 0);
  setClock(meter, Date.UTC(2025, 0, 15, 19, 59, 57));
  ticks.advance(3000);
  assert.equal(statusOf(meter).unreadBlocks, 2);
  assert.equal(alarmsOf(meter).flags.unreadEntries, 1);
  assert.equal(markRead(meter, LIST.loadProfileSet1, 1), 0);
  assert.equal(statusOf(meter).unreadBlocks, 1);
  assert.equal(alarmsOf(meter).flags.unreadEntries, 0);
  assert.equal(markRead(meter, LIST.loadProfileSet1, 9), 0);
  assert.equal(statusOf(meter).unreadBlocks, 0);
  assert.equal(markRead(meter, 9, 1), 2, "list 9 is no list of this meter");
});

test("a meter with every block unread sets BT63's overflow flag when it begins another", () => {
  const { meter, ticks } = meterOf();
  ticks.advance(30_000);
  for (let i = 0; i < 8; i++) {
    setClock(meter, Date.UTC(2025, 0, 15, 19, 59, 57));
    ticks.advance(3000);
  }
  const s = statusOf(meter);
  assert.deepEqual([s.unreadBlocks, s.validBlocks, s.flags.overflow], [8, 8, 1]);
});
