import { test } from "node:test";
import assert from "node:assert/strict";
import { expectClockInWindow, setClockWindow } from "../../harness/conformance/device-clock";
import { ConformanceAssertionError } from "../../harness/conformance/verdicts";

const T = Date.UTC(2025, 5, 15, 12, 0, 0);
const at = (hms: string): number => Date.parse(`2025-06-15T${hms}Z`);

/** The audit's PLC run: 700 ms each way, BT08 polled once after the write, then BT52 read. */
const plc = { setSentAt: 10_000, setDoneAt: 12_800, readSentAt: 13_000, readAnsweredAt: 14_400 };

test("the window runs from the read going out after the set was done, less a second, to the read's answer after the set went out", () => {
  assert.deepEqual(setClockWindow(T, plc, 1), { earliest: at("11:59:59.200"), latest: at("12:00:04.400") });
  // A clock running 10 times real time moves 10 device ms per harness ms.
  assert.deepEqual(setClockWindow(T, { setSentAt: 0, setDoneAt: 100, readSentAt: 200, readAnsweredAt: 300 }, 10), {
    earliest: T,
    latest: at("12:00:03"),
  });
});

test("a meter that set exactly the time it was given passes on a slow link", () => {
  // What the audit's conforming meter read: a point anchored before the BT08 read expected 12:00:05.662.
  expectClockInWindow({ epochMs: at("12:00:02") }, setClockWindow(T, plc, 1), 2, "clock");
});

test("a reading outside the window by more than the tolerance fails; within it passes", () => {
  const w = setClockWindow(T, plc, 1);
  expectClockInWindow({ epochMs: at("12:00:06.300") }, w, 2, "clock");
  expectClockInWindow({ epochMs: at("11:59:57.300") }, w, 2, "clock");
  assert.throws(
    () => expectClockInWindow({ epochMs: at("12:00:06.500") }, w, 2, "clock"),
    (e) => e instanceof ConformanceAssertionError && /off by 2\.1 s/.test(e.message),
  );
  assert.throws(
    () => expectClockInWindow({ epochMs: at("11:59:57.100") }, w, 2, "clock"),
    (e) => e instanceof ConformanceAssertionError && /off by -2\.1 s/.test(e.message),
  );
});

test("a clock counting whole seconds may show the second it is in, not one less", () => {
  // Set at once, read 1.9 s later: the clock has run 1.9 s and shows 12:00:01.
  const w = setClockWindow(T, { setSentAt: 0, setDoneAt: 0, readSentAt: 1900, readAnsweredAt: 1900 }, 1);
  expectClockInWindow({ epochMs: at("12:00:01") }, w, 0, "clock");
  assert.throws(() => expectClockInWindow({ epochMs: T }, w, 0, "clock"), ConformanceAssertionError);
});

test("a BP10 that kept the old date fails however slow the link", () => {
  const slow = { setSentAt: 0, setDoneAt: 8000, readSentAt: 9000, readAnsweredAt: 12_000 };
  assert.throws(
    () => expectClockInWindow({ epochMs: Date.UTC(2025, 5, 14, 12, 0, 5) }, setClockWindow(T, slow, 1), 2, "clock"),
    ConformanceAssertionError,
  );
});
