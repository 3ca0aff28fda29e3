import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { SimClock } from "../../harness/simulator/sim-clock";
import { clockMsOf, FakeTicks, meterOf, START_MS } from "./meter-requests";

test("SimClock starts where it is told and advances with the injected ticks", () => {
  const ticks = new FakeTicks();
  const clock = new SimClock(START_MS, 1, ticks.source);
  assert.equal(clock.nowMs(), START_MS);
  ticks.advance(1500);
  assert.equal(clock.nowMs(), START_MS + 1500);
});

test("SimClock runs at `speed` times the ticks", () => {
  const ticks = new FakeTicks();
  const clock = new SimClock(START_MS, 60, ticks.source);
  ticks.advance(1000);
  assert.equal(clock.nowMs(), START_MS + 60_000);
});

test("SimClock.set jumps to a time and runs on from there; adjust moves it by a delta", () => {
  const ticks = new FakeTicks();
  const clock = new SimClock(START_MS, 2, ticks.source);
  ticks.advance(500);
  const target = Date.UTC(2030, 11, 31, 23, 59, 59);
  clock.set(target);
  assert.equal(clock.nowMs(), target);
  ticks.advance(250);
  assert.equal(clock.nowMs(), target + 500);
  clock.adjust(-3600_000);
  assert.equal(clock.nowMs(), target + 500 - 3600_000);
  ticks.advance(1);
  assert.equal(clock.nowMs(), target + 502 - 3600_000);
});

test("SimClock never reads the wall clock: with the ticks frozen it stands still while real time passes", async (t) => {
  t.mock.method(Date, "now", () => {
    throw new Error("SimClock read Date.now");
  });
  const ticks = new FakeTicks();
  const clock = new SimClock(START_MS, 1, ticks.source);
  await sleep(30);
  assert.equal(clock.nowMs(), START_MS);
  clock.adjust(1000);
  await sleep(30);
  assert.equal(clock.nowMs(), START_MS + 1000);
});

test("the meter's BT52 follows its tick source only: still while frozen, across the leap day when moved", async () => {
  const { meter, ticks } = meterOf();
  await sleep(30);
  assert.equal(clockMsOf(meter), START_MS);
  // 2024-02-29 23:59:30 + 61 s is 2024-03-01 00:00:31 (2024 is a leap year, so February had 29 days).
  ticks.advance(61_000);
  assert.equal(clockMsOf(meter), Date.UTC(2024, 2, 1, 0, 0, 31));
});
