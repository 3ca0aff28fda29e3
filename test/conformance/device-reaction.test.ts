import { test } from "node:test";
import assert from "node:assert/strict";
import { untilDeviceShows, type DeviceReaction } from "../../harness/conformance/device-reaction";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { BT52, encodeClock } from "../../harness/protocol/tables/bt52-clock";
import type { ReadResponse } from "../../harness/protocol/table-responses";
import { epochMsToLTimeDate } from "../../harness/protocol/types/time-types";
import type { PollClock } from "../../harness/session/poll-backoff";
import type { TableClient } from "../../harness/session/table-client";

/**
 * A hand-turned harness clock and a fake device whose BT52 follows it (or not): the effect is due at
 * TRIGGER, the PIXIT allows REACTION_S device seconds more, and nothing here waits for real.
 */
const TRIGGER = Date.UTC(2025, 5, 15, 12, 0, 0);
const REACTION_S = 5;

function bench(deviceClock: (harnessMs: number) => number | "refused" | "unset") {
  let t = 0;
  const clock: PollClock = {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
  const clockReads: number[] = [];
  const readFull = async (table: number): Promise<ReadResponse> => {
    assert.equal(table, BT52, "the helper reads nothing but the device's clock");
    const at = deviceClock(t);
    if (at === "refused") return { code: 0x03 };
    if (at === "unset") return { code: 0, data: new Uint8Array(6) };
    const ms = Math.floor(at / 1000) * 1000; // BT52 has whole seconds
    clockReads.push(ms);
    return { code: 0, data: encodeClock({ clock: epochMsToLTimeDate(ms), qualifier: null }) };
  };
  const client: TableClient = {
    codec: { checksum: false },
    maxReadChunk: 64,
    lastResponse: null,
    requestRaw: () => Promise.reject(new Error("not used")),
    readFull,
    readPartial: () => Promise.reject(new Error("not used")),
    writeFull: () => Promise.reject(new Error("not used")),
    writePartial: () => Promise.reject(new Error("not used")),
  };
  const reaction = (triggerEpochMs: number | null): DeviceReaction => ({
    client,
    triggerEpochMs,
    reactionSeconds: REACTION_S,
    toleranceSeconds: 2,
    speed: 1,
    pacing: { intervalMs: 200, floorMs: 50 },
  });
  return { clock, clockReads, reaction, harnessMs: () => t };
}

const missing = () =>
  new ConformanceAssertionError("ET31 logs request 3 executed 0 times", [{ label: "ET31", hex: "00 03" }]);

/** Waiting for an effect the device never shows. */
function neverShown(b: ReturnType<typeof bench>): Promise<unknown> {
  return untilDeviceShows(
    b.reaction(TRIGGER),
    async () => {
      throw missing();
    },
    b.clock,
  );
}

test("an effect that shows on the third poll passes, with a clock read after each miss", async () => {
  const b = bench((t) => TRIGGER + t);
  let polls = 0;
  const shown = await untilDeviceShows(
    b.reaction(TRIGGER),
    async () => {
      polls += 1;
      if (polls < 3) throw missing();
      return "executed once";
    },
    b.clock,
  );
  assert.equal(shown, "executed once");
  assert.equal(polls, 3);
  assert.equal(b.clockReads.length, 2);
});

test("an effect that never shows fails only once the device's clock is past the trigger plus the reaction time", async () => {
  const b = bench((t) => TRIGGER + t);
  let polls = 0;
  await assert.rejects(
    untilDeviceShows(
      b.reaction(TRIGGER),
      async () => {
        polls += 1;
        throw missing();
      },
      b.clock,
    ),
    (e: unknown) =>
      e instanceof ConformanceAssertionError &&
      e.message.startsWith(
        "ET31 logs request 3 executed 0 times; still so when the device's clock read 2025-06-15T12:00:0",
      ) &&
      /more than 5 s \(PIXIT clock\.reactionSeconds\) after its trigger at 2025-06-15T12:00:00Z/.test(e.message) &&
      e.message.includes("ET31: [00 03]"),
  );
  const last = b.clockReads.at(-1) ?? 0;
  assert.ok(last > TRIGGER + REACTION_S * 1000, "the fail rests on a clock read past 12:00:05");
  assert.ok(
    b.clockReads.slice(0, -1).every((ms) => ms <= TRIGGER + REACTION_S * 1000),
    "no earlier read was already past it",
  );
  assert.equal(polls, b.clockReads.length);
  assert.ok(polls > 3, "the table was read again within the reaction time");
});

test("without a trigger, the reaction time counts from the first miss", async () => {
  const firstLook = TRIGGER + 3_600_000;
  const b = bench((t) => firstLook + t);
  await assert.rejects(
    untilDeviceShows(
      b.reaction(null),
      async () => {
        throw missing();
      },
      b.clock,
    ),
    (e: unknown) =>
      e instanceof ConformanceAssertionError && /first looked for at 2025-06-15T13:00:00Z/.test(e.message),
  );
  assert.ok(b.harnessMs() >= REACTION_S * 1000, "the device had its reaction time after the first miss");
});

test("a refused clock read is inconclusive", async () => {
  const b = bench(() => "refused");
  await assert.rejects(
    neverShown(b),
    (e: unknown) => e instanceof Inconclusive && /BT52 could not be read/.test(e.message),
  );
});

test("an unset device clock leaves an effect that is not the clock's undecided, naming BT52's bytes", async () => {
  const b = bench(() => "unset");
  await assert.rejects(
    neverShown(b),
    (e: unknown) =>
      e instanceof Inconclusive &&
      e.message ===
        "the device's clock (BT52) read [00 00 00 00 00 00], which holds the all-zero date (the clock is not set)," +
          " so the harness cannot tell when the trigger was due",
  );
});

test("a device clock that does not reach the limit in time is inconclusive, not a fail", async () => {
  const b = bench(() => TRIGGER);
  await assert.rejects(
    neverShown(b),
    (e: unknown) =>
      e instanceof Inconclusive &&
      /not yet past 2025-06-15T12:00:05Z/.test(e.message) &&
      e.message.endsWith("executed 0 times"),
  );
  assert.ok(b.harnessMs() >= (REACTION_S + 2) * 1000, "it waited the reaction time and the clock's tolerance");
});

test("a judgement that cannot decide ends the wait at once", async () => {
  const b = bench((t) => TRIGGER + t);
  await assert.rejects(
    untilDeviceShows(
      b.reaction(TRIGGER),
      async () => {
        throw new Inconclusive("ET16 has no entry for channel 2");
      },
      b.clock,
    ),
    /ET16 has no entry/,
  );
  assert.equal(b.clockReads.length, 0);
});
