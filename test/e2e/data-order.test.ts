import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHarness } from "../support/serial-bench";

/**
 * The suite takes the data order from the device's own BT00, never from what OSGP meters usually
 * do. A meter whose BT00 says MSB first, and whose tables are so, passes the clock and billing
 * scenarios and fails only the checks of 6.1 and A.1 that OSGP table data is LSB first; the same
 * meter with a BT00 that declares LSB first fails the clock and billing scenarios, as its bytes say.
 */
interface Scenario {
  readonly name: string;
  readonly clauses: readonly string[];
  readonly verdict: string;
  readonly reason: string;
}

function scenariosOf(dir: string): Scenario[] {
  return (JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { scenarios: Scenario[] }).scenarios;
}

const TAGS = "@clause-6.1 or @clause-8.3 or @clause-8.4 or @clause-A.1";
const fresh = () => mkdtempSync(join(tmpdir(), "osgp-order-"));
const inClause = (s: Scenario, clause: string) => s.clauses.some((c) => c === clause || c.startsWith(`${clause}.`));

test("a meter whose BT00 says MSB first has its tables read MSB first: of 6.1, 8.3, 8.4 and A.1, only the LSB-first checks fail", async () => {
  const r = await runHarness(["--target", "sim:msb-first", "--tags", TAGS], fresh());
  const scenarios = scenariosOf(r.reportsDir);
  const failed = scenarios.filter((s) => s.verdict !== "pass" && s.verdict !== "not applicable");
  assert.deepEqual(
    failed.map((s) => [s.name, s.verdict]).sort(),
    [
      ["BT00 declares the formats OSGP tables use", "fail"],
      ["BT08 holds the number of the procedure just run least significant byte first", "fail"],
      ["BT51's calendar size, a UINT16, read least significant byte first is BT54's length", "fail"],
    ],
    r.output.slice(-3000),
  );
  assert.match(failed.find((s) => s.name.startsWith("BT51"))?.reason ?? "", /BT00 says table data is MSB first/);
  assert.match(failed.find((s) => s.name.startsWith("BT08"))?.reason ?? "", /BT08 starts with 00 0a/);
  for (const clause of ["8.3", "8.4"]) {
    const own = scenarios.filter((s) => inClause(s, clause));
    assert.ok(
      own.length >= 5 && own.every((s) => s.verdict === "pass"),
      `${clause}: ${JSON.stringify(own.map((s) => [s.name, s.verdict]))}`,
    );
  }
});

test("the same meter with a BT00 that says LSB first fails the clock and billing scenarios its bytes contradict", async () => {
  const r = await runHarness(
    ["--target", "sim:msb-first+bt00-data-order-lies", "--tags", "@clause-8.3 or @clause-8.4"],
    fresh(),
  );
  assert.equal(r.code, 1, r.output.slice(-3000));
  const scenarios = scenariosOf(r.reportsDir);
  for (const clause of ["8.3", "8.4"]) {
    const own = scenarios.filter((s) => inClause(s, clause));
    assert.ok(
      own.some((s) => s.verdict === "fail"),
      `${clause}: ${JSON.stringify(own.map((s) => [s.name, s.verdict, s.reason]))}`,
    );
  }
});
