import { test } from "node:test";
import assert from "node:assert/strict";
import { scheduleDue } from "../../harness/simulator/functions/mep-mbus/mbus-schedule";
import { RingLog } from "../../harness/simulator/functions/mep-mbus/ring-log";
import { Timeline } from "../../harness/simulator/functions/mep-mbus/timeline";
import { SimClock } from "../../harness/simulator/sim-clock";
import { FakeTicks } from "./meter-requests";

/** The M-Bus schedule rules of ET13 ([ESP] frequencies and day codes) on dates checked by hand, and the timeline. */
const SUNDAY_NOON = Date.UTC(2025, 5, 15, 12, 0, 0); // 15 June 2025 was a Sunday
const s = (frequency: number, day: number, hour: number, minute: number) => ({
  day,
  hour,
  minute,
  frequency,
  statusIntervalMinutes: 0,
});

test("hourly at the minute, daily at hh:mm, weekly on day 32 + weekday, monthly on the day (0 reads as 1), never", () => {
  assert.equal(scheduleDue(s(0, 0, 7, 0), SUNDAY_NOON), true, "hourly ignores the hour");
  assert.equal(scheduleDue(s(0, 0, 0, 1), SUNDAY_NOON), false);
  assert.equal(scheduleDue(s(1, 0, 12, 0), SUNDAY_NOON), true);
  assert.equal(scheduleDue(s(1, 0, 11, 0), SUNDAY_NOON), false);
  assert.equal(scheduleDue(s(2, 32, 12, 0), SUNDAY_NOON), true, "32 = Sunday");
  assert.equal(scheduleDue(s(2, 33, 12, 0), SUNDAY_NOON), false, "33 = Monday");
  assert.equal(scheduleDue(s(2, 39, 12, 0), SUNDAY_NOON), false, "39 = never");
  assert.equal(scheduleDue(s(3, 15, 12, 0), SUNDAY_NOON), true);
  assert.equal(scheduleDue(s(3, 0, 0, 0), Date.UTC(2025, 6, 1, 0, 0, 0)), true, "monthly day 0 is the 1st");
  assert.equal(scheduleDue(s(4, 0, 12, 0), SUNDAY_NOON), false);
});

test("the timeline runs what is due in order, stamps each with the clock at its due time, and survives a clock set", () => {
  const ticks = new FakeTicks();
  const clock = new SimClock(SUNDAY_NOON, 1, ticks.source);
  const t = new Timeline(clock);
  const seen: [string, number][] = [];
  t.after(300, (ms) => seen.push(["b", ms]));
  t.after(100, (ms) => {
    seen.push(["a", ms]);
    t.after(100, (ms2) => seen.push(["a+100", ms2]));
  });
  ticks.advance(150);
  clock.set(Date.UTC(2030, 0, 1)); // settles first: what was due before the set keeps its old time
  ticks.advance(200);
  t.settle();
  assert.deepEqual(seen, [
    ["a", SUNDAY_NOON + 100],
    ["a+100", Date.UTC(2030, 0, 1) + 50],
    ["b", Date.UTC(2030, 0, 1) + 150],
  ]);
});

test("a ring log of 2 keeps the newest two, numbers them 1, 2, 3 and says it wrapped", () => {
  const r = new RingLog<string>(2);
  assert.equal(
    r.push(() => "x"),
    1,
  );
  r.push(() => "y");
  assert.equal(r.wrapped, false);
  r.push((n) => `z${n}`);
  assert.deepEqual([r.raw(), r.newest, r.valid, r.newestSequence, r.wrapped], [["z3", "y"], 0, 2, 3, true]);
});
