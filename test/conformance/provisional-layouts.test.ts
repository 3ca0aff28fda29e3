import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { verdictForError } from "../../harness/conformance/checks";
import { indexFeatures } from "../../harness/conformance/catalogue/feature-index";
import { clauseGate } from "../../harness/conformance/clause-requirements";
import { PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import { layoutNotice, layoutVerdict, provisionalLayouts } from "../../harness/conformance/provisional-layouts";
import { weightProblem } from "../../harness/conformance/pulse-input-checks";
import { simulatorPixit } from "../../harness/conformance/target";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { DecodeError } from "../../harness/errors";
import { parseTableName } from "../../harness/protocol/table-id";
import { PROFILES, profileNamed } from "../../harness/simulator/profiles";
import { bt00Of, meterOf } from "../simulator/meter-requests";

const TAGS = ["@optical", "@clause-8.9.6", "@clause-8.9", "@provisional-layout-ET07", "@provisional-layout-ET67"];
const ratioKept = () => new ConformanceAssertionError("ET07's CT ratio 0 was kept", [{ label: "ET07", hex: "00 00" }]);

test("the tables a scenario is judged on come from its provisional-layout tags, once each", () => {
  assert.deepEqual(provisionalLayouts([...TAGS, "@provisional-layout-ET07"]), ["ET07", "ET67"]);
  assert.deepEqual(provisionalLayouts(["@clause-9.3", "@mandatory"]), []);
});

test("a FAIL on a layout the PIXIT does not confirm is inconclusive, naming it and keeping the FAIL whole", () => {
  const v = layoutVerdict(ratioKept(), provisionalLayouts(TAGS), ["ET67"]);
  assert.ok(v instanceof Inconclusive);
  assert.doesNotMatch(v.name, /Assertion/, "Allure must show it broken, not failed");
  assert.equal(
    v.message,
    "would FAIL if the device used our PROVISIONAL layout of ET07 (confirm it with PIXIT layouts.confirmed): ET07's CT ratio 0 was kept\n  ET07: [00 00]",
  );
  assert.match(layoutVerdict(ratioKept(), ["ET07", "ET67"], []).message, /layout of ET07, ET67 \(confirm/);
});

test("a device's answer that does not decode in our layout is no breach either, unconfirmed", () => {
  const decode = verdictForError(new DecodeError("OSGP_ERR_FIELD_RANGE", "scroll seconds 90 above 60"), "step");
  assert.ok(decode instanceof ConformanceAssertionError);
  const v = layoutVerdict(decode, ["ET07"], PIXIT_DEFAULTS.layouts.confirmed);
  assert.ok(v instanceof Inconclusive);
  assert.match(v.message, /^would FAIL if .*: step: the device's answer does not decode: .*scroll seconds 90 above 60/);
});

test("a FAIL stands when the PIXIT confirms every layout, or the scenario rests on none", () => {
  const fail = ratioKept();
  assert.equal(layoutVerdict(fail, ["ET07", "ET67"], ["ET67", "ET07", "ET09"]), fail);
  assert.equal(layoutVerdict(fail, provisionalLayouts(["@clause-9.3"]), []), fail);
  const undecided = new Inconclusive("ET07 could not be read: isc");
  assert.equal(layoutVerdict(undecided, ["ET07"], []), undecided);
});

test("a clause gate's FAIL rests on BT00's declarations, not on a layout: it stands unconfirmed", () => {
  const gate = clauseGate("8.12.1.2", bt00Of(meterOf("minimal").meter), simulatorPixit(profileNamed("minimal")));
  assert.ok(gate !== null);
  assert.equal(layoutVerdict(gate, ["ET72", "ET73"], []), gate);
});

test("the notice names the tables, and which of them the PIXIT confirms", () => {
  const open = layoutNotice(["ET07", "ET67"], ["ET67"]);
  assert.match(open, /^PROVISIONAL: table layouts of this suite's own: ET07, ET67\./);
  assert.match(open, /uses ours for ET67\./);
  assert.match(open, /Not confirmed: ET07; a FAIL here is reported inconclusive/);
  assert.doesNotMatch(layoutNotice(["ET07"], []), /uses ours/);
  assert.match(layoutNotice(["ET07"], ["ET07"]), /A FAIL here stands\./);
});

test("the simulator's PIXIT confirms every layout a feature is tagged with, so its defects still FAIL", () => {
  const tagged = new Set(
    indexFeatures(join(__dirname, "..", "..", "features")).flatMap((s) => provisionalLayouts(s.tags)),
  );
  for (const t of ["ET07", "ET06", "ET09", "ET21", "ET47", "ET54", "ET57"]) assert.ok(tagged.has(t), t);
  for (const t of tagged) assert.doesNotThrow(() => parseTableName(t), `@provisional-layout-${t} names no table`);
  for (const profile of Object.keys(PROFILES)) {
    const confirmed = simulatorPixit(profileNamed(profile)).layouts.confirmed;
    const missing = [...tagged].filter((t) => !confirmed.includes(t));
    assert.deepEqual(missing, [], `${profile}: layouts.confirmed lacks ${missing.join(", ")}`);
  }
  assert.deepEqual(PIXIT_DEFAULTS.layouts.confirmed, [], "a lab's device confirms nothing until the lab says so");
});

test("8.7: no pulse between the readings is no breach, but a value that moves without pulses is", () => {
  const ch = { enabled: 1, unit: 0, pulseWeight: 7, pulseCount: 10, value: 70 };
  assert.equal(weightProblem(ch, { ...ch }), null);
  assert.equal(weightProblem(ch, { ...ch, value: 75 }), "0 pulse(s) of weight 7 moved the value by 5, not 0");
});
