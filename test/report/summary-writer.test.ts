import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScenarioVerdict } from "../../harness/report/run-summary";
import { writeSummary } from "../../harness/report/summary-writer";

const FACTS = { target: "meter", harnessVersion: "0", pixitFile: null, startedAt: "a", finishedAt: "b", device: {} };
const LONG = `the sweep found ${Array.from({ length: 60 }, (_, i) => `ET${i}`).join(" and ")} refused`;

const SCENARIOS: ScenarioVerdict[] = [
  {
    name: "n/a one",
    uri: "features/a.feature",
    clauses: ["8.10"],
    verdict: "not applicable",
    reason: "8.10 Contactor is not implemented, according to the PICS",
    provisional: false,
  },
  {
    name: "failing one",
    uri: "features/a.feature",
    clauses: ["9.3"],
    verdict: "fail",
    reason: "BT01 changed between reads",
    detail: "  first: [01]\n  second: [02]",
    provisional: false,
  },
  {
    name: "long one",
    uri: "features/a.feature",
    clauses: ["7.0"],
    verdict: "inconclusive",
    reason: LONG,
    provisional: false,
  },
];

test("summary.md gives every verdict's reason on the scenario's own line, long ones cut; summary.json keeps them whole", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-summary-"));
  const { file } = writeSummary(dir, FACTS, SCENARIOS);
  const lines = readFileSync(file, "utf8").split("\n");
  const line = (name: string): string => lines.find((l) => l.includes(name)) ?? assert.fail(`no line for ${name}`);
  assert.match(
    line("n/a one"),
    /^- \*\*not applicable\*\* 8\.10 n\/a one \(features\/a\.feature\): 8\.10 Contactor is not implemented, according to the PICS$/,
  );
  assert.match(line("failing one"), /: BT01 changed between reads \(details in summary\.json\)$/);
  const cut = line("long one");
  assert.ok(cut.length < 520, `one readable line, not ${cut.length} characters`);
  assert.match(
    cut,
    /and ET\d+ … \(\d+ characters: the full text and details are in summary\.json\)$/,
    "cut on a word boundary",
  );
  assert.ok(!lines.some((l) => l.startsWith("  first:")), "evidence lines stay out of the page");
  const json = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { scenarios: ScenarioVerdict[] };
  assert.equal(json.scenarios[2]?.reason, LONG);
  assert.equal(json.scenarios[1]?.detail, "  first: [01]\n  second: [02]");
});

test("an interrupted run's summary says so in its title and counts what was not run, per target", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-summary-"));
  const interrupted = { signal: "SIGINT", notRun: { "optical port": 120, "MEP port": 337 } };
  const md = readFileSync(writeSummary(dir, { ...FACTS, interrupted }, SCENARIOS).file, "utf8").split("\n");
  assert.equal(md[0], "# OSGP conformance run: INTERRUPTED (fail in what ran)");
  assert.ok(md.includes("| not run | 457 (interrupted by SIGINT): optical port 120; MEP port 337 |"), md.join("\n"));
  assert.deepEqual(
    (JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { interrupted: unknown }).interrupted,
    interrupted,
  );
  assert.equal(
    readFileSync(writeSummary(dir, { ...FACTS, interrupted }, []).file, "utf8").split("\n")[0],
    "# OSGP conformance run: INTERRUPTED",
    "nothing ran, nothing passed",
  );
});

test("a scenario that left the device changed is listed first, with its notice whole, and its verdict as it was", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-summary-"));
  const notice =
    "the device was left changed: refused again. Not put back:\n- restore ET03: npx osgp-conformance write ET03";
  const left: ScenarioVerdict = {
    name: "The reader key may not write",
    uri: "features/9.4.feature",
    clauses: ["9.4"],
    verdict: "pass",
    reason: "",
    provisional: false,
    leftChanged: notice,
  };
  const md = readFileSync(writeSummary(dir, FACTS, [...SCENARIOS, left]).file, "utf8");
  const json = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { scenarios: ScenarioVerdict[] };
  assert.deepEqual(
    json.scenarios.map((s) => s.leftChanged),
    [undefined, undefined, undefined, notice],
  );
  const section = md.indexOf("## Device left changed");
  assert.ok(section > 0 && section < md.indexOf("## Verdict per clause"), "before the verdicts");
  assert.match(md, /^1 scenario\(s\) could not put back what they changed on the device\./m);
  assert.ok(
    md.includes(
      "- **pass** 9.4 The reader key may not write (features/9.4.feature)\n\n  ```text\n  the device was left changed: refused again. Not put back:\n  - restore ET03: npx osgp-conformance write ET03\n  ```\n",
    ),
    md,
  );
  assert.ok(
    !readFileSync(writeSummary(dir, FACTS, SCENARIOS).file, "utf8").includes("left changed"),
    "none, no section",
  );
});
