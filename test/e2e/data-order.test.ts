import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHarness } from "../support/serial-bench";

/**
 * The suite takes the data order from the device's own BT00, never from what OSGP meters usually
 * do. A meter whose BT00 says MSB first, and whose tables are so, breaks one rule, that OSGP table
 * data is LSB first (6.1), and fails it once: in A.1's scenario on BT00's formats, on every link.
 * Every other scenario reads it in its declared order and passes; the same meter with a BT00 that
 * declares LSB first fails 6.1 and the clock and billing scenarios, as its bytes say.
 */
interface Scenario {
  readonly name: string;
  readonly clauses: readonly string[];
  readonly verdict: string;
  readonly reason: string;
  readonly detail?: string;
  readonly target: string;
}

function scenariosOf(dir: string): Scenario[] {
  return (JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { scenarios: Scenario[] }).scenarios;
}

const CLAUSE_6 = ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8"].map((c) => `@clause-${c}`).join(" or ");
const TAGS = `${CLAUSE_6} or @clause-8.3 or @clause-8.4 or @clause-A.1 or @clause-A.2`;
const TARGETS = ["sim:msb-first", "sim-mep:msb-first", "sim-plc:msb-first"];
const DATA_ORDER_RULE = "BT00 declares the formats OSGP tables use";
const fresh = () => mkdtempSync(join(tmpdir(), "osgp-order-"));
const inClause = (s: Scenario, clause: string) => s.clauses.some((c) => c === clause || c.startsWith(`${clause}.`));

test("a meter whose BT00 says MSB first fails only A.1's data-order rule, once per link; clause 6, 8.3 and 8.4 pass", async () => {
  const targets = TARGETS.flatMap((t) => ["--target", t]);
  const r = await runHarness([...targets, "--parallel", "3", "--tags", TAGS], fresh(), 480000);
  const scenarios = scenariosOf(r.reportsDir);
  const judged = scenarios.filter((s) => s.verdict !== "pass" && s.verdict !== "not applicable");
  assert.deepEqual(
    judged.map((s) => [s.clauses.join(","), s.name, s.verdict]),
    TARGETS.map(() => ["A.1", DATA_ORDER_RULE, "fail"]),
    JSON.stringify(judged.map((s) => [s.target, s.name, s.verdict, s.reason])),
  );
  for (const s of judged) {
    assert.match(s.reason, /^BT00 declares table data MSB first .*; OSGP table data is LSB first \(6\.1\)$/);
    // The frame that proves it: BT00's response, whose first data byte has bit 0 (data order) set.
    assert.match(s.detail ?? "", /response: \[00 [0-9a-f]{2} [0-9a-f]{2} [0-9a-f][13579bdf] /, s.detail);
  }
  assert.equal(new Set(judged.map((s) => s.target)).size, TARGETS.length);
  for (const clause of ["6.1", "6.6", "6.7", "8.3", "8.4"]) {
    const own = scenarios.filter((s) => inClause(s, clause));
    assert.ok(
      own.length >= TARGETS.length && own.every((s) => s.verdict === "pass"),
      `${clause}: ${JSON.stringify(own.map((s) => [s.target, s.name, s.verdict]))}`,
    );
  }
});

test("the same meter with a BT00 that says LSB first fails 6.1 and the clock and billing scenarios its bytes contradict", async () => {
  const r = await runHarness(
    ["--target", "sim:msb-first+bt00-data-order-lies", "--tags", "@clause-6.1 or @clause-8.3 or @clause-8.4"],
    fresh(),
  );
  assert.equal(r.code, 1, r.output.slice(-3000));
  const scenarios = scenariosOf(r.reportsDir);
  for (const clause of ["6.1", "8.3", "8.4"]) {
    const own = scenarios.filter((s) => inClause(s, clause));
    assert.ok(
      own.some((s) => s.verdict === "fail"),
      `${clause}: ${JSON.stringify(own.map((s) => [s.name, s.verdict, s.reason]))}`,
    );
  }
});
