import { test } from "node:test";
import assert from "node:assert/strict";
import { carriedWindow, expectClockInWindow } from "../../harness/conformance/device-clock";
import { ConformanceAssertionError } from "../../harness/conformance/verdicts";

/**
 * A clock read twice, judged on when each read went out and came back (ms on the harness's clock).
 * The first read goes out at 0 and is answered at 1500 (a PLC round trip), showing 12:00:00.
 */
const NOON = Date.UTC(2025, 5, 11, 12, 0, 0);
const FIRST = { epochMs: NOON, sentAt: 0, at: 1500 };

test("the elapsed time lies between the nearest and the farthest of the two reads' instants", () => {
  assert.deepEqual(carriedWindow(FIRST, { sentAt: 4000, at: 6000 }, 1), {
    earliest: NOON + 2500,
    latest: NOON + 6000,
  });
  assert.deepEqual(carriedWindow(FIRST, { sentAt: 4000, at: 6000 }, 10), {
    earliest: NOON + 25_000,
    latest: NOON + 60_000,
  });
});

test("a clock that ran on passes whichever instants of the slow reads the device took its time at", () => {
  const w = carriedWindow(FIRST, { sentAt: 4000, at: 6000 }, 1);
  // Sampled at 0 and 6000: it shows 12:00:06; sampled at 1500 and 4000: 12:00:02.
  for (const shown of [NOON + 6000, NOON + 2000])
    assert.doesNotThrow(() => expectClockInWindow({ epochMs: shown }, w, 0.5, "the clock"));
});

test("a clock that stopped, or jumped, fails once no instant of the reads explains it within the tolerance", () => {
  const w = carriedWindow(FIRST, { sentAt: 6500, at: 8000 }, 1);
  assert.throws(() => expectClockInWindow({ epochMs: NOON }, w, 2, "the clock"), ConformanceAssertionError);
  assert.throws(() => expectClockInWindow({ epochMs: NOON + 11_000 }, w, 2, "the clock"), ConformanceAssertionError);
  assert.doesNotThrow(() => expectClockInWindow({ epochMs: NOON + 3000 }, w, 2, "the clock"));
});
