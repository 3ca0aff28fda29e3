import { test } from "node:test";
import assert from "node:assert/strict";
import type { DataBlock, DemandRecord } from "../../harness/protocol/tables/bt23-current-register-data";
import type { DemandTable } from "../../harness/protocol/tables/et40-demand-configuration";
import {
  clearedProblems,
  coincidentProblems,
  continuousProblems,
  cumulativeProblems,
  demandTableProblems,
  intervalEndedBetween,
  maximumProblems,
  presentRestartProblems,
  previousDemandProblems,
  remainingProblems,
  resetEntryProblems,
  restartProblems,
} from "../../harness/conformance/billing-demand-checks";

const T19 = { year: 2024, month: 1, day: 1, hour: 19, minute: 0 };
const AT19 = Date.UTC(2024, 0, 1, 19, 0, 0);
const demand = (
  value: number,
  cumulative = 0,
  continuous = cumulative + value,
  time = value > 0 ? T19 : null,
): DemandRecord => ({ eventTimes: [time], cumulative, continuousCumulative: continuous, values: [value] });
const block = (demands: DemandRecord[], coincidents: number[][] = []): DataBlock => ({
  summations: [],
  demands,
  coincidents,
});
const selection = {
  summationSources: [0, 1],
  demandSources: [0, 1, 4],
  minimumDemands: [false, false, false],
  coincidentSources: [4],
  coincidentDemands: [0],
};

test("ET40 agrees with BT21, BT22 and BT27 and holds a usable configuration", () => {
  const t: DemandTable = {
    configuration: { demands: 3, intervalMinutes: 15, subIntervals: 1, sources: [0, 1, 4] },
    status: { calculationStart: null, lastIntervalEnd: null, previousDemands: [0, 0, 0] },
  };
  assert.deepEqual(demandTableProblems(t, 3, selection, { demandSources: [0, 1, 4], valueSources: [] }), []);
  assert.equal(
    demandTableProblems({ ...t, configuration: { ...t.configuration, intervalMinutes: 7 } }, 2, selection, {
      demandSources: [1],
      valueSources: [],
    }).length,
    3,
  );
});

test("8.15.1.1: 1 s into the new interval, after 2 s gave 93 W, the present demand is at most 93 x 1 x 1.5 / 2 + 1 = 70 W", () => {
  assert.deepEqual(presentRestartProblems([93, 0], [47, 0], 2, 1), []);
  assert.equal(presentRestartProblems([93, 0], [140, 0], 2, 1).length, 1);
  assert.deepEqual(remainingProblems([58, null], 59, 2), []);
  assert.equal(remainingProblems([839], 59, 2).length, 1);
});

test("8.15.1.2: 2 s at 2800 W in a 1-minute interval give 93 W; the previous demand must be at least half, less 1", () => {
  assert.deepEqual(previousDemandProblems([93, 0], [2800, null], 2, 1), []);
  assert.match(previousDemandProblems([0, 0], [2800, 0], 2, 1)[0] ?? "", /at least 46 W/);
});

test("8.15.1.3/8.15.1.4: the maximum is the interval's demand with its time; the coincident value is its source's demand then", () => {
  const b = block([demand(93), demand(0), demand(93)], [[93]]);
  assert.deepEqual(maximumProblems(b, [93, 0, 93], AT19), []);
  assert.equal(maximumProblems(b, [90, 0, 93], AT19).length, 1);
  assert.equal(maximumProblems(block([demand(93, 0, 93, { ...T19, hour: 18, minute: 59 })]), [93], AT19).length, 1);
  assert.deepEqual(coincidentProblems(b, selection, [0, 1, 4], [93, 0, 93]), []);
  assert.equal(coincidentProblems(block([demand(93)], [[0]]), selection, [0, 1, 4], [93, 0, 93]).length, 1);
  assert.deepEqual(coincidentProblems(block([demand(0)], [[0]]), selection, [0, 1, 4], [0, 0, 0]), []);
});

test("8.15.1.5-8.15.1.7: reset adds each maximum to the cumulative, continuous = cumulative + maximum, maxima zero after", () => {
  const before = block([demand(93, 10)]);
  assert.deepEqual(cumulativeProblems(before, block([demand(0, 103)])), []);
  assert.equal(cumulativeProblems(before, block([demand(0, 10)])).length, 1);
  assert.deepEqual(continuousProblems(before), []);
  assert.equal(continuousProblems(block([demand(93, 10, 10)])).length, 1);
  assert.deepEqual(clearedProblems(block([demand(0, 103)], [[0]])), []);
  assert.equal(clearedProblems(block([demand(93, 103)], [[5]])).length, 2);
});

test("8.15.1.8/8.15.1.9: the log entry records the reset; a restart leaves nothing of the calculation before", () => {
  const entry = {
    sequence: 1,
    time: { ...T19, minute: 5 },
    resetCount: 1,
    demands: [{ maximum: 93, maximumTime: T19, cumulative: 103 }],
  };
  const resetAt = AT19 + 5 * 60_000;
  assert.deepEqual(resetEntryProblems(entry, block([demand(93, 10)]), block([demand(0, 103)]), 1, resetAt), []);
  assert.equal(
    resetEntryProblems(
      { ...entry, resetCount: 2, demands: [{ maximum: 0, maximumTime: null, cumulative: 10 }] },
      block([demand(93, 10)]),
      block([demand(0, 103)]),
      1,
      resetAt,
    ).length,
    3,
  );
  const fresh: DemandTable = {
    configuration: { demands: 1, intervalMinutes: 1, subIntervals: 1, sources: [0] },
    status: { calculationStart: T19, lastIntervalEnd: null, previousDemands: [0] },
  };
  assert.deepEqual(restartProblems(fresh, AT19 + 20_000), []);
  assert.equal(
    restartProblems(
      { ...fresh, status: { calculationStart: { ...T19, hour: 0 }, lastIntervalEnd: T19, previousDemands: [93] } },
      AT19,
    ).length,
    3,
  );
});

test("an interval that ended between the read of the maxima and the check is named: ET40's end moved", () => {
  const t1901 = { ...T19, minute: 1 };
  assert.equal(intervalEndedBetween(T19, { ...T19 }), null);
  assert.equal(intervalEndedBetween(null, null), null);
  assert.match(intervalEndedBetween(T19, t1901) ?? "", /from 2024-01-01 19:00 to 2024-01-01 19:01/);
  assert.match(intervalEndedBetween(null, T19) ?? "", /from none to 2024-01-01 19:00/);
  assert.notEqual(intervalEndedBetween(T19, { ...T19, day: 2 }), null, "a day later, at the same minute");
});
