import { test } from "node:test";
import assert from "node:assert/strict";
import {
  anotherIntervalLength,
  blocksToAcknowledge,
  expectChangeLogged,
  expectConfigurationConsistent,
  flagOf,
  incrementChannels,
  unlistedSource,
} from "../../harness/conformance/load-profile-config";
import {
  dimensionProblems,
  expectClockSetFlag,
  expectCountersNonDecreasing,
  expectEndReadingsAddUp,
  expectIntervalRecorded,
  expectNewestIntervalEndsAt,
  intervalEndMs,
} from "../../harness/conformance/load-profile-checks";
import { mbusTypeProblems, pollRateProblems } from "../../harness/conformance/mbus-load-profile-checks";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import {
  emptyLoadProfileFlags,
  emptyLoadProfileFormats,
  type LoadProfileDimensions,
} from "../../harness/protocol/tables/bt60-bt61-load-profile-dimensions";
import {
  emptyLoadProfileSetFlags,
  type LoadProfileSetStatus,
} from "../../harness/protocol/tables/bt63-load-profile-status";
import type { LoadProfileBlock, LoadProfileDataShape } from "../../harness/protocol/tables/bt64-bt67-load-profile-data";
import { NO_COMMON_FLAGS } from "../../harness/protocol/tables/bt64-interval-status";

const T20 = { year: 2025, month: 1, day: 15, hour: 20, minute: 0 };
const EIGHT = Date.UTC(2025, 0, 15, 20, 0);
const status = (validIntervals: number, extra: Partial<LoadProfileSetStatus> = {}): LoadProfileSetStatus => ({
  flags: emptyLoadProfileSetFlags(),
  validBlocks: 2,
  lastBlockElement: 1,
  lastBlockSequence: 5,
  unreadBlocks: 1,
  validIntervals,
  ...extra,
});
const iv = (values: number[], common = NO_COMMON_FLAGS, channels = values.map(() => 0)) => ({
  status: { common, channels },
  values,
});
const block = (
  endTime: LoadProfileBlock["endTime"],
  readings: number[],
  intervals: ReturnType<typeof iv>[],
): LoadProfileBlock => ({
  endTime,
  endReadings: readings.map((reading) => ({ reading, pulses: null })),
  simpleStatus: null,
  intervals,
});
const CONTROL = {
  channels: [
    { endReading: true, source: 0, endReadingSource: 0 },
    { endReading: true, source: 1, endReadingSource: 1 },
  ],
  intervalFormat: 2,
  scalars: [],
  divisors: [],
};

test("the newest block must end at the boundary just passed", () => {
  const b = block(T20, [0, 0], [iv([0, 0])]);
  expectNewestIntervalEndsAt(b, status(1), EIGHT, "set 1");
  assert.throws(
    () => expectNewestIntervalEndsAt(b, status(1), EIGHT + 15 * 60_000, "set 1"),
    ConformanceAssertionError,
  );
  assert.throws(() => expectNewestIntervalEndsAt(b, status(0), EIGHT, "set 1"), /holds no interval/);
  assert.throws(
    () => expectNewestIntervalEndsAt(block(null, [0, 0], [iv([0, 0])]), status(1), EIGHT, "set 1"),
    /all zero/,
  );
});

test("an interval not yet in the newest block is missing; one stamped past the boundary is left to the end-time judgement", () => {
  const T1945 = { ...T20, hour: 19, minute: 45 };
  assert.throws(
    () => expectIntervalRecorded(block(T1945, [0, 0], [iv([0, 0])]), status(1), EIGHT, "set 1"),
    /closed at 2025-01-15T20:00:00Z is not recorded; the newest block ends at 2025-01-15T19:45:00Z/,
  );
  assert.throws(
    () => expectIntervalRecorded(block(T20, [0, 0], [iv([0, 0])]), status(0), EIGHT, "set 1"),
    /holds no interval/,
  );
  expectIntervalRecorded(block(T20, [0, 0], [iv([0, 0])]), status(1), EIGHT, "set 1");
  const oneLate = block({ ...T20, minute: 15 }, [0, 0], [iv([0, 0])]);
  expectIntervalRecorded(oneLate, status(1), EIGHT, "set 1");
  assert.throws(() => expectNewestIntervalEndsAt(oneLate, status(1), EIGHT, "set 1"), /is 2025-01-15T20:15:00Z/);
});

test("interval i of a block with n intervals ends (n - 1 - i) lengths before the block's end", () => {
  assert.equal(intervalEndMs(block(T20, [], []), 0, 3, 15), EIGHT - 30 * 60_000);
  assert.equal(intervalEndMs(block(T20, [], []), 2, 3, 15), EIGHT);
});

test("a clock set leaves its flag on the newest interval or the one before it, in this block or the previous", () => {
  const fwd = { ...NO_COMMON_FLAGS, clockSetForward: true };
  expectClockSetFlag([block(T20, [], [iv([1], fwd), iv([0])])], status(1), 2);
  expectClockSetFlag(
    [
      block(T20, [], [iv([1]), iv([0]), iv([0])]),
      block(T20, [], [iv([1]), iv([0], { ...NO_COMMON_FLAGS, clockSetBackward: true })]),
    ],
    status(1),
    2,
  );
  assert.throws(
    () =>
      expectClockSetFlag([block(T20, [], [iv([1]), iv([0])]), block(T20, [], [iv([1], fwd), iv([0])])], status(1), 2),
    ConformanceAssertionError,
  );
});

test("block-end readings: the newest minus the previous equals the newest block's interval values, per increment channel", () => {
  const prev = block(T20, [100, 50], []);
  const newest = block(T20, [107, 50], [iv([3, 0]), iv([4, 0]), iv([9, 9])]);
  assert.equal(expectEndReadingsAddUp(newest, prev, 2, CONTROL, [true, true]), 7);
  assert.throws(
    () =>
      expectEndReadingsAddUp(block(T20, [106, 50], newest.intervals as ReturnType<typeof iv>[]), prev, 2, CONTROL, [
        true,
        true,
      ]),
    /add up to 7/,
  );
  assert.throws(() => expectEndReadingsAddUp(newest, prev, 2, CONTROL, [false, false]), Inconclusive);
  // An overflowed interval makes its channel uncomparable, not wrong.
  const over = block(T20, [107, 50], [iv([3, 0], NO_COMMON_FLAGS, [1, 0]), iv([4, 0])]);
  assert.equal(expectEndReadingsAddUp(over, block(T20, [0, 50], []), 2, CONTROL, [true, true]), 0);
});

test("counter readings never go down; skipped intervals (zero) do not count", () => {
  expectCountersNonDecreasing(block(T20, [], [iv([5, 1]), iv([0, 0], NO_COMMON_FLAGS, [4, 4]), iv([6, 1])]), 3);
  assert.throws(() => expectCountersNonDecreasing(block(T20, [], [iv([5, 1]), iv([4, 1])]), 2), /went down/);
});

const DIMS = (blocks: number, intervalMinutes: number): LoadProfileDimensions => ({
  memoryLength: 1000,
  flags: emptyLoadProfileFlags(),
  formats: { ...emptyLoadProfileFormats(), uint16: 1 },
  sets: [{ blocks, intervalsPerBlock: 24, channels: 2, intervalMinutes }, null, null, null],
});

test("BT61 within BT60, BT62's format allowed by LP_FMATS, BT63 within BT61", () => {
  assert.deepEqual(
    dimensionProblems(DIMS(8, 60), DIMS(8, 15), [CONTROL, null, null, null], [status(3), null, null, null]),
    [],
  );
  const p = dimensionProblems(
    DIMS(4, 30),
    DIMS(8, 60),
    [{ ...CONTROL, intervalFormat: 4 }, null, null, null],
    [status(30, { unreadBlocks: 9 }), null, null, null],
  );
  assert.equal(p.length, 5, p.join("\n"));
});

test("ET57 types must be integers of the width BT62 records; the poll rate must be BT61's and divide a day", () => {
  const shape: LoadProfileDataShape = {
    blocks: 4,
    intervalsPerBlock: 24,
    channels: 2,
    intervalFormat: 4,
    niFormat1: 8,
    niFormat2: 8,
    blockEndRead: 1,
    blockEndPulse: 0,
    extendedStatus: 1,
    simpleStatus: 0,
  };
  const types = {
    pollRateMinutes: 60,
    channels: [
      { device: 1, dif: 0x04, vif: 0x13 },
      { device: 2, dif: 0x04, vif: 0x13 },
    ],
  };
  assert.deepEqual(mbusTypeProblems(types, shape), []);
  assert.equal(
    mbusTypeProblems(
      {
        ...types,
        channels: [
          { device: 1, dif: 0x02, vif: 0x13 },
          { device: 2, dif: 0x14, vif: 0x13 },
        ],
      },
      shape,
    ).length,
    2,
  );
  assert.deepEqual(pollRateProblems(types, 60), []);
  assert.equal(pollRateProblems({ ...types, pollRateMinutes: 7 }, 7).length, 1);
  assert.equal(pollRateProblems(types, 15).length, 1);
});

test("configuration helpers: another length, an unlisted source, energy channels, acknowledging room, flags", () => {
  assert.deepEqual([anotherIntervalLength(15), anotherIntervalLength(60)], [30, 15]);
  const sources = [
    { id: 0, quantity: 0, tier: null, unit: 30, scaler: 0 },
    { id: 255, quantity: 0, tier: null, unit: 33, scaler: 0 },
  ];
  assert.equal(unlistedSource(sources), 254);
  assert.deepEqual(incrementChannels({ intervalMinutes: 15, unreadAlarmThreshold: 0, sources: [0, 255, 9] }, sources), [
    true,
    false,
    false,
  ]);
  assert.deepEqual(
    [blocksToAcknowledge(8, 8, 2), blocksToAcknowledge(3, 8, 2), blocksToAcknowledge(2, 2, 2)],
    [2, 0, 2],
  );
  assert.deepEqual(
    [flagOf(Uint8Array.of(0x02), { byte: 0, bit: 1 }), flagOf(Uint8Array.of(0x02), { byte: 0, bit: 0 })],
    [true, false],
  );
  assert.throws(() => flagOf(new Uint8Array(0), { byte: 0, bit: 0 }), Inconclusive);
  expectConfigurationConsistent({ intervalMinutes: 15, unreadAlarmThreshold: 0, sources: [0] }, sources, 15);
  assert.throws(
    () => expectConfigurationConsistent({ intervalMinutes: 15, unreadAlarmThreshold: 0, sources: [7] }, sources, 15),
    /does not list/,
  );
  assert.throws(
    () => expectConfigurationConsistent({ intervalMinutes: 15, unreadAlarmThreshold: 0, sources: [0] }, sources, 30),
    /BT61/,
  );
});

test("ET75's newest entry must record the change made", () => {
  const before = { intervalMinutes: 15, unreadAlarmThreshold: 0, sources: [0, 1] };
  const after = { ...before, intervalMinutes: 30 };
  const entry = {
    time: null,
    sequence: 2,
    oldIntervalMinutes: 15,
    newIntervalMinutes: 30,
    oldSources: [0, 1],
    newSources: [0, 1],
  };
  const log = {
    validEntries: 2,
    lastEntryElement: 1,
    lastEntrySequence: 2,
    entries: [{ ...entry, newIntervalMinutes: 60 }, entry],
  };
  expectChangeLogged(log, before, after);
  assert.throws(() => expectChangeLogged({ ...log, lastEntryElement: 0 }, before, after), /records 15 -> 60/);
  assert.throws(() => expectChangeLogged({ ...log, validEntries: 0 }, before, after), /no entry/);
});
