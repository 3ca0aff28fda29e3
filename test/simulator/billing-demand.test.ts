import { test } from "node:test";
import assert from "node:assert/strict";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { PROCEDURE_RESULT } from "../../harness/protocol/procedures/procedure-result-codes";
import { BT25 } from "../../harness/protocol/tables/bt24-bt25-dated-register-data";
import { ET40 } from "../../harness/protocol/tables/et40-demand-configuration";
import { codeOf, fullWrite, meterOf, partialWrite } from "./meter-requests";
import { bt23Of, copyOf, et40Of, et41Of, presentOf, remoteReset, setClock, writeDemand } from "./billing-requests";

const SOURCES = [0, 1, 4];
const EVENING = Date.UTC(2024, 0, 1, 18, 59, 30);
const stamp = (ms: number) => {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
};

/** A reference meter at 18:59:30 on 1-minute block demand: the interval in progress ends at 19:00. */
function evening() {
  const m = meterOf("reference");
  setClock(m.meter, EVENING);
  assert.equal(writeDemand(m.meter, { intervalMinutes: 1, subIntervals: 1, sources: SOURCES }), RESPONSE_CODE.ok);
  return m;
}

test("ET40 starts with 15-minute block demand of forward, reverse and total active energy", () => {
  const t = et40Of(meterOf("reference").meter);
  assert.deepEqual(t.configuration, { demands: 3, intervalMinutes: 15, subIntervals: 1, sources: SOURCES });
  assert.equal(t.status.lastIntervalEnd, null);
});

test("8.15.1.1/8.15.1.2: the present demand builds up over the interval, then becomes the previous demand and starts again", () => {
  const { meter, ticks } = evening();
  ticks.advance(29_000);
  const late = presentOf(meter).demands;
  // About 2.8 kW imported for 29 s of a 1-minute interval: W = Wh x 60 / 1 = 2800 x 29 / 60, about 1350 W.
  assert.ok((late[0]?.value ?? 0) > 1100 && (late[0]?.value ?? 0) < 1600, `${late[0]?.value}`);
  assert.deepEqual(late[0]?.timeRemaining, { hour: 0, minute: 0, second: 1 });
  assert.equal(late[1]?.value, 0);
  ticks.advance(2_000);
  const t = et40Of(meter);
  assert.deepEqual(t.status.lastIntervalEnd, stamp(EVENING + 30_000));
  assert.ok((t.status.previousDemands[0] ?? 0) >= (late[0]?.value ?? 0));
  assert.equal(t.status.previousDemands[2], t.status.previousDemands[0]);
  assert.ok((presentOf(meter).demands[0]?.value ?? 0) < (late[0]?.value ?? 0) / 10);
});

test("8.15.1.3-8.15.1.6: the interval's demand becomes the maximum at its end, with the coincident total; continuous = cumulative + maximum", () => {
  const { meter, ticks } = evening();
  ticks.advance(31_000);
  const previous = et40Of(meter).status.previousDemands;
  const d = bt23Of(meter).total;
  assert.equal(d.demands[0]?.values[0], previous[0]);
  assert.deepEqual(d.demands[0]?.eventTimes[0], stamp(EVENING + 30_000));
  assert.deepEqual(d.coincidents[0], [previous[2]]);
  assert.equal(d.demands[0]?.continuousCumulative, (d.demands[0]?.cumulative ?? 0) + (d.demands[0]?.values[0] ?? 0));
});

test("8.15.1.7/8.15.1.8: a demand reset moves each maximum into the cumulative demand, copies it into BT25 and logs it in ET41", () => {
  const { meter, ticks } = evening();
  ticks.advance(31_000);
  const max = bt23Of(meter).total.demands.map((x) => x.values[0] ?? 0);
  assert.ok((max[0] ?? 0) > 0);
  assert.equal(remoteReset(meter, { demandReset: true }), PROCEDURE_RESULT.completed);
  const after = bt23Of(meter).total;
  assert.deepEqual(
    after.demands.map((x) => [x.values[0], x.cumulative, x.eventTimes[0]]),
    max.map((m) => [0, m, null]),
  );
  assert.deepEqual(after.coincidents, [[0]]);
  assert.deepEqual(
    copyOf(meter, BT25).data.total.demands.map((x) => x.values[0]),
    max,
  );
  const log = et41Of(meter);
  assert.deepEqual([log.validEntries, log.lastSequence, log.entries[0]?.resetCount], [1, 1, 1]);
  assert.deepEqual(
    log.entries[0]?.demands.map((x) => [x.maximum, x.cumulative]),
    max.map((m) => [m, m]),
  );
});

test("a clock change ends the interval in progress unrecorded; the new one ends at the next boundary after the new time", () => {
  const { meter, ticks } = evening();
  setClock(meter, Date.UTC(2024, 0, 1, 20, 0, 45));
  ticks.advance(10_000);
  assert.equal(et40Of(meter).status.lastIntervalEnd, null);
  ticks.advance(10_000);
  assert.deepEqual(et40Of(meter).status.lastIntervalEnd, stamp(Date.UTC(2024, 0, 1, 20, 1)));
});

test("8.15.1.9/8.15.1.10: writing ET40 restarts the calculation on the new configuration, keeping the maxima", () => {
  const { meter, ticks } = evening();
  ticks.advance(31_000);
  const max = bt23Of(meter).total.demands[0]?.values[0];
  assert.equal(writeDemand(meter, { intervalMinutes: 2, subIntervals: 1, sources: SOURCES }), RESPONSE_CODE.ok);
  const t = et40Of(meter);
  assert.deepEqual(
    [t.configuration.intervalMinutes, t.status.lastIntervalEnd, t.status.previousDemands],
    [2, null, [0, 0, 0]],
  );
  assert.deepEqual(t.status.calculationStart, stamp(EVENING + 31_000));
  // 19:00:01 in a 2-minute interval: 119 s to 19:02.
  assert.deepEqual(presentOf(meter).demands[0]?.timeRemaining, { hour: 0, minute: 1, second: 59 });
  assert.equal(bt23Of(meter).total.demands[0]?.values[0], max);
});

test("an ET40 write the meter cannot use is refused and changes nothing", () => {
  const { meter } = evening();
  const before = et40Of(meter).configuration;
  assert.equal(writeDemand(meter, { intervalMinutes: 7, subIntervals: 1, sources: SOURCES }), RESPONSE_CODE.onp);
  assert.equal(writeDemand(meter, { intervalMinutes: 15, subIntervals: 4, sources: SOURCES }), RESPONSE_CODE.onp);
  assert.equal(writeDemand(meter, { intervalMinutes: 15, subIntervals: 1, sources: [0, 0, 4] }), RESPONSE_CODE.onp);
  assert.equal(writeDemand(meter, { intervalMinutes: 15, subIntervals: 1, sources: [200, 1, 4] }), RESPONSE_CODE.onp);
  // Byte 0 (the number of demands) is meter-controlled (6.4): changing it is refused with iar.
  assert.equal(codeOf(meter, fullWrite(ET40, Uint8Array.of(4, 15, 1, 0, 1, 4, 2))), RESPONSE_CODE.iar);
  // The status part is the meter's too: a write changing its start year (0x18, 2024) is refused.
  assert.equal(codeOf(meter, partialWrite(ET40, 6, Uint8Array.of(0x19))), RESPONSE_CODE.iar);
  assert.deepEqual(et40Of(meter).configuration, before);
});

test("rolling demand: with 3 sub-intervals of 1 minute the demand is recalculated every minute over the last three", () => {
  const { meter, ticks } = evening();
  assert.equal(writeDemand(meter, { intervalMinutes: 3, subIntervals: 3, sources: SOURCES }), RESPONSE_CODE.ok);
  ticks.advance(30_000 + 60_000);
  const oneAndHalf = et40Of(meter).status.previousDemands[0] ?? 0;
  ticks.advance(60_000);
  const twoAndHalf = et40Of(meter).status.previousDemands[0] ?? 0;
  // At the peak the load is near constant: 2.5 minutes of it over a 3-minute interval is 5/3 of 1.5 minutes.
  assert.ok(Math.abs(twoAndHalf / oneAndHalf - 5 / 3) < 0.1, `${oneAndHalf} -> ${twoAndHalf}`);
  assert.ok((presentOf(meter).demands[0]?.timeRemaining?.second ?? 99) <= 60);
});
