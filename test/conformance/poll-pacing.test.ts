import { test } from "node:test";
import assert from "node:assert/strict";
import { PIXIT_DEFAULTS, type Pixit } from "../../harness/conformance/pixit";
import { procedureSettings, statePacing } from "../../harness/conformance/poll-pacing";

const PIXIT: Pixit = {
  ...PIXIT_DEFAULTS,
  session: { ...PIXIT_DEFAULTS.session, minRequestIntervalMs: 120 },
  mep: { ...PIXIT_DEFAULTS.mep, minRequestIntervalMs: 70 },
  procedures: { ...PIXIT_DEFAULTS.procedures, pollIntervalMs: 250, resultTimeoutMs: 8000, resultWithinMs: 1500 },
};

test("BT08 polls start at the PIXIT's interval, keep it for 9.13.1's limit, and never go faster than the link allows", () => {
  assert.deepEqual(procedureSettings(PIXIT, "optical", "le"), {
    resultTimeoutMs: 8000,
    pollIntervalMs: 250,
    minRequestIntervalMs: 120,
    steadyForMs: 1500,
    dataOrder: "le",
  });
  assert.equal(procedureSettings(PIXIT, "mep", "be").minRequestIntervalMs, 70);
  assert.equal(procedureSettings(PIXIT, "plc", "le").minRequestIntervalMs, 0, "the PLC link sets no least interval");
});

test("a state the device reaches by itself is polled from the PIXIT's interval within the time-out given, with no steady stretch", () => {
  assert.deepEqual(statePacing(PIXIT, "mep", 3000), { intervalMs: 250, timeoutMs: 3000, floorMs: 70 });
});
