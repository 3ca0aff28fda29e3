import { test } from "node:test";
import assert from "node:assert/strict";
import { assumedOptionVerdict } from "../../harness/conformance/pics/assumed-options";
import { declaredSupport } from "../../harness/conformance/pics/pics";
import { declarationBreach } from "../../harness/conformance/provisional-layouts";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";

const FAIL = () => new ConformanceAssertionError("the BT07 write was answered ok (0x00); allowed: onp (0x04)");

test("a FAIL on an option's assumed value is inconclusive, naming the option, its value and the FAIL", () => {
  const v = assumedOptionVerdict(FAIL(), ["9.13/repeated-sequence-refused"]);
  assert.ok(v instanceof Inconclusive);
  assert.equal(
    v.message,
    "would FAIL, but the scenario ran on the assumed value of 9.13/repeated-sequence-refused (yes), which no PICS " +
      "declares (declare it in the PICS file): the BT07 write was answered ok (0x00); allowed: onp (0x04)",
  );
  assert.match(assumedOptionVerdict(FAIL(), ["8.16/meter-shop-mode"]).message, /8\.16\/meter-shop-mode \(no\)/);
});

test("without an assumed option, or for a pass, an inconclusive or a clause gate's FAIL, the verdict stands", () => {
  const fail = FAIL();
  assert.equal(assumedOptionVerdict(fail, []), fail);
  const inconclusive = new Inconclusive("no answer");
  assert.equal(assumedOptionVerdict(inconclusive, ["8.16/meter-shop-mode"]), inconclusive);
  const gate = declarationBreach(new ConformanceAssertionError("BT00 does not declare ET30, which 8.10 needs"));
  assert.equal(assumedOptionVerdict(gate, ["8.16/meter-shop-mode"]), gate);
});

test("an option is assumed only when no PICS declares it and the run settles it no other way", () => {
  assert.equal(declaredSupport("9.13/repeated-sequence-refused", null)?.assumed, true);
  assert.equal(declaredSupport("9.13/repeated-sequence-refused", {})?.assumed, true);
  const declared = declaredSupport("9.13/repeated-sequence-refused", { "9.13/repeated-sequence-refused": false });
  assert.deepEqual(declared, { supported: false, source: "the PICS" });
  // The run refuses to start unless the PIXIT's security.suite agrees with 7.4/aes-mode (run-config.ts).
  assert.deepEqual(declaredSupport("7.4/aes-mode", null), {
    supported: false,
    source: "the PICS's assumed value for it (no PICS declares it), checked against PIXIT security.suite",
  });
});
