import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHarness } from "../support/serial-bench";
import { findSecret, filesUnder } from "../support/secret-scan";

interface Summary {
  overall: string;
  totals: Record<string, number>;
  clauses: { clause: string; verdict: string }[];
  scenarios: { name: string; clauses: string[]; verdict: string; reason: string }[];
}

function summaryOf(dir: string): Summary {
  return JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Summary;
}

const fresh = () => mkdtempSync(join(tmpdir(), "osgp-run-"));

test("a simulator that answers a missing table with the wrong code fails clause 9.3, as a fail and not an inconclusive", async () => {
  const r = await runHarness(["--target", "sim+unknown-table-wrong-code"], fresh());
  assert.equal(r.code, 1, r.output.slice(-3000));
  const s = summaryOf(r.reportsDir);
  const failed = s.scenarios.filter((x) => x.verdict === "fail");
  assert.ok(
    failed.some((x) => x.clauses.includes("9.3") && /err \(0x01\)/.test(x.reason)),
    JSON.stringify(failed, null, 1),
  );
  assert.equal(s.totals.inconclusive, 0);
});

test("a run that selects no scenario exits non-zero", async () => {
  const r = await runHarness(["--target", "sim", "--tags", "@no-such-tag"], fresh());
  assert.equal(r.code, 1);
  assert.match(r.output, /no scenario ran/);
});

test("npm run conformance's command writes a single-file Allure report with the device in its environment, and no key", async () => {
  const dir = fresh();
  const r = await runHarness(["--target", "sim", "--report", "--tags", "@clause-A.2 or @clause-9.9"], dir);
  assert.equal(r.code, 0, r.output.slice(-3000));
  const index = join(dir, "allure-report", "index.html");
  assert.ok(existsSync(index) && statSync(index).size > 100_000, "the report is one self-contained file");
  const html = readFileSync(index, "utf8");
  assert.doesNotMatch(html, /googletagmanager|google-analytics/i, "analytics must be off");
  const env = readFileSync(join(dir, "allure-results", "environment.properties"), "utf8");
  assert.match(env, /device\.model=REFMETER/);
  assert.match(env, /harness=osgp-conformance /);
  for (const key of ["SIM-MASTER-KEY", "SIM-PROVISIONING", "SIM-READER-KEY"]) {
    assert.deepEqual(findSecret(filesUnder(dir), Buffer.from(key, "latin1")), [], key);
  }
});

test("the profile without EP16 makes 8.3.2 not applicable, and the run still passes", async () => {
  const r = await runHarness(["--target", "sim:minimal", "--tags", "@clause-8.3.2"], fresh());
  assert.equal(r.code, 0, r.output.slice(-3000));
  const s = summaryOf(r.reportsDir);
  assert.equal(s.clauses.find((c) => c.clause === "8.3.2")?.verdict, "not applicable");
});
