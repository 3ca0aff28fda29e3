import { test } from "node:test";
import assert from "node:assert/strict";
import { readDeviceClock } from "../../harness/conformance/device-clock";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { BT52 } from "../../harness/protocol/tables/bt52-clock";
import type { TableClient } from "../../harness/session/table-client";

/** A fake device whose BT52 answers `data` as it is: the bytes are written by hand, not by our encoder. */
function deviceAnswering(data: readonly number[]): TableClient {
  return {
    codec: { checksum: false },
    maxReadChunk: 64,
    lastResponse: null,
    requestRaw: () => Promise.reject(new Error("not used")),
    readFull: async (table) => {
      assert.equal(table, BT52);
      return { code: 0, data: Uint8Array.from(data) };
    },
    readPartial: () => Promise.reject(new Error("not used")),
    writeFull: () => Promise.reject(new Error("not used")),
    writePartial: () => Promise.reject(new Error("not used")),
  };
}

const ALL_ZERO = [0, 0, 0, 0, 0, 0, 0];
const CUT_SHORT = [0x19, 0x06];

test("a set clock reads as its date and time, whoever asks", async () => {
  // 2025-06-15 12:34:56: LTIME_DATE is year - 2000, month, day, hour, minute, second.
  const bytes = [25, 6, 15, 12, 34, 56];
  for (const timeBaseFor of [undefined, "when the trigger was due"]) {
    const r = await readDeviceClock(deviceAnswering(bytes), timeBaseFor);
    assert.equal(r.epochMs, Date.UTC(2025, 5, 15, 12, 34, 56));
  }
});

test("where the clock is the subject, an all-zero BT52 fails with its bytes", async () => {
  await assert.rejects(
    readDeviceClock(deviceAnswering(ALL_ZERO)),
    (e: unknown) =>
      e instanceof ConformanceAssertionError &&
      e.rule === "BT52 holds the all-zero date (the clock is not set)" &&
      e.message.includes("BT52: [00 00 00 00 00 00 00]"),
  );
});

test("where the clock is the subject, a BT52 that does not decode fails", async () => {
  await assert.rejects(
    readDeviceClock(deviceAnswering(CUT_SHORT)),
    (e: unknown) =>
      e instanceof ConformanceAssertionError &&
      e.rule.startsWith("BT52 does not decode") &&
      /\[19 06\]/.test(e.message),
  );
});

test("a scenario that only times something by the clock is left inconclusive by an unset clock, with BT52's bytes", async () => {
  await assert.rejects(
    readDeviceClock(deviceAnswering(ALL_ZERO), "when the trigger was due"),
    (e: unknown) =>
      e instanceof Inconclusive &&
      e.message ===
        "the device's clock (BT52) read [00 00 00 00 00 00 00], which holds the all-zero date (the clock is not set)," +
          " so the harness cannot tell when the trigger was due",
  );
});

test("a scenario that only times something by the clock is left inconclusive by a clock that does not decode", async () => {
  await assert.rejects(
    readDeviceClock(deviceAnswering(CUT_SHORT), "what time the device is at"),
    (e: unknown) =>
      e instanceof Inconclusive &&
      e.message.startsWith("the device's clock (BT52) read [19 06], which does not decode") &&
      e.message.endsWith(", so the harness cannot tell what time the device is at"),
  );
});
