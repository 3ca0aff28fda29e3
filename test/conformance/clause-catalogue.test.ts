import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  catalogueMarkdown,
  catalogueProblems,
  clauseCatalogue,
  leafClauses,
} from "../../harness/conformance/catalogue/clause-coverage";
import { indexFeature, indexFeatures } from "../../harness/conformance/catalogue/feature-index";

const FEATURES = join(__dirname, "..", "..", "features");

test("every leaf clause of the table of contents has scenarios, or a written reason why it cannot be tested", () => {
  const problems = catalogueProblems(clauseCatalogue(indexFeatures(FEATURES)));
  assert.deepEqual(problems, []);
});

test("the leaves are the clauses with no sub-clause: 8.10.1.1 is one, 8.10.1 and 8 are not", () => {
  const leaves = new Set(leafClauses().map((c) => c.clause));
  assert.ok(leaves.has("8.10.1.1"));
  assert.ok(leaves.has("9.7"));
  assert.ok(!leaves.has("8.10.1"));
  assert.ok(!leaves.has("8"));
});

test("a scenario counts for the clauses of its feature's tags and of its own tags, not for those of the next scenario", () => {
  const text = [
    "@optical @clause-9.5 @clause-9.5.1 @mandatory",
    "Feature: 9.5 Partial table read",
    "  Background:",
    "    Given a session that may read tables",
    "",
    "  @clause-9.5.2",
    "  Scenario: First",
    "    Then something",
    "",
    "  Scenario: Second",
    "    Then something else",
  ].join("\n");
  const s = indexFeature(text, "x.feature");
  assert.deepEqual(
    s.map((x) => [x.scenario, x.clauses]),
    [
      ["First", ["9.5", "9.5.1", "9.5.2"]],
      ["Second", ["9.5", "9.5.1"]],
    ],
  );
});

test("the catalogue names a clause without scenarios with its reason, and flags one with neither", () => {
  const rows = clauseCatalogue([]);
  const md = catalogueMarkdown(rows);
  assert.match(md, /\| 9\.12 \| Downloading \| .*\*not tested:\* the firmware download protocol/);
  assert.ok(
    catalogueProblems(rows).some((p) => p.startsWith("9.3.1 ")),
    "9.3.1 with no scenario must be a problem",
  );
});
