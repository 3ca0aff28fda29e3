import { test } from "node:test";
import assert from "node:assert/strict";
import { atTimeOfDay, intervalEnd, nextTimeOfDay, parseTimeOfDay } from "../../harness/conformance/billing-times";

test("times of day from the PIXIT: hh:mm:ss in seconds, any as null, anything else a PIXIT error", () => {
  assert.equal(parseTimeOfDay("19:00:00", "x"), 68_400);
  assert.equal(parseTimeOfDay("any", "x"), null);
  assert.throws(() => parseTimeOfDay("24:00:00", "billing.loadTime"), /billing.loadTime/);
  assert.throws(() => parseTimeOfDay("7pm", "x"), /hh:mm:ss/);
});

test("the same date at a time of day, and the next occurrence of a time of day", () => {
  const t = Date.UTC(2024, 1, 29, 23, 59, 30);
  assert.equal(atTimeOfDay(t, 68_400), Date.UTC(2024, 1, 29, 19));
  assert.equal(nextTimeOfDay(t, 0), Date.UTC(2024, 2, 1));
  assert.equal(nextTimeOfDay(Date.UTC(2024, 2, 1), 0), Date.UTC(2024, 2, 2));
});

test("interval ends: at or after a time, and (to tell lengths apart) not an end of another length", () => {
  const t = Date.UTC(2024, 0, 1, 19, 0, 0);
  assert.equal(intervalEnd(t, 15), t);
  assert.equal(intervalEnd(t + 1, 15), Date.UTC(2024, 0, 1, 19, 15));
  assert.equal(intervalEnd(t, 1, 2), Date.UTC(2024, 0, 1, 19, 1));
  assert.equal(intervalEnd(t, 15, 20), Date.UTC(2024, 0, 1, 19, 15));
});
