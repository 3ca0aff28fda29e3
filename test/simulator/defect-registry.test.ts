import { test } from "node:test";
import assert from "node:assert/strict";
import { clauseEntry } from "../../harness/conformance/clause-catalogue";
import { DEFECTS } from "../../harness/simulator/defects";
import { defectMeaning } from "../../harness/simulator/defects/defect-info";

test("every defect breaks a clause of the spec's table of contents and says what the meter does wrong", () => {
  for (const [name, d] of Object.entries(DEFECTS)) {
    assert.ok(clauseEntry(d.clause) !== undefined, `${name}: clause ${d.clause} is not in spec-toc.json`);
    assert.match(d.what, /^\S.*[^.\s]$/, `${name}: a phrase that reads in the README's table, with no full stop`);
  }
});

test("where a defect shows only over a pty is said once, from its bench, not in its own words", () => {
  for (const [name, d] of Object.entries(DEFECTS)) assert.doesNotMatch(d.what, /pty/, name);
  assert.equal(defectMeaning({ clause: "9.1", what: "x", bench: "pty" }), "x (shown over a pty)");
  assert.equal(defectMeaning({ clause: "9.1", what: "x", link: "mep" }), "x");
  assert.equal(
    defectMeaning(DEFECTS["mep-response-not-segmented"]),
    "the MEP port sends a response longer than 117 bytes in one burst, with no gaps between segments (shown over a pty)",
  );
});
