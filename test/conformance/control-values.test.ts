import { test } from "node:test";
import assert from "node:assert/strict";
import { controlValue } from "../../harness/conformance/control-pixit";
import { overlayPixit, PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import { Inconclusive } from "../../harness/conformance/verdicts";

/** The values of the control scenarios' tables: a number, or a limit the lab states with an offset. */
test("a control table's value is a whole number, or a PIXIT limit with an offset", () => {
  assert.equal(controlValue(PIXIT_DEFAULTS, "8"), 8);
  assert.equal(controlValue(PIXIT_DEFAULTS, " 0 "), 0);
  assert.equal(controlValue(PIXIT_DEFAULTS, "control.limits.maxPowerW"), 1_000_000);
  assert.equal(controlValue(PIXIT_DEFAULTS, "control.limits.maxPowerW + 1"), 1_000_001);
  assert.equal(controlValue(PIXIT_DEFAULTS, "control.limits.minDurationSeconds - 1"), 0);
  assert.equal(controlValue(PIXIT_DEFAULTS, "control.limits.relayModeMax+1"), 2);
});

test("the limits are the lab's: a meter of 100 A and durations up to 65535 s", () => {
  const lab = overlayPixit(PIXIT_DEFAULTS, {
    control: { limits: { maxCurrentCentiA: 10_000, maxDurationSeconds: 65_535 } },
  });
  assert.equal(controlValue(lab, "control.limits.maxCurrentCentiA"), 10_000);
  assert.equal(controlValue(lab, "control.limits.maxCurrentCentiA + 1"), 10_001);
  assert.equal(controlValue(lab, "control.limits.maxDurationSeconds + 1"), 65_536);
});

test("a value that names no whole-number PIXIT item leaves the scenario inconclusive", () => {
  for (const cell of ["control.badRequest", "control.limits.nothing + 1", "control.limits", "1e3", "-1", "x * 2", ""])
    assert.throws(() => controlValue(PIXIT_DEFAULTS, cell), Inconclusive, cell);
});
