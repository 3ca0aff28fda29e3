import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeClean, type CleanRun } from "../../harness/cli/detection-command";
import type { ScenarioVerdict } from "../../harness/report/run-summary";

const verdict = (name: string, v: ScenarioVerdict["verdict"], clause = "8.18"): ScenarioVerdict => ({
  name,
  uri: `features/${clause}.feature`,
  line: 7,
  clauses: [clause],
  verdict: v,
  reason: v === "pass" ? "" : "no response within 2000 ms",
  provisional: false,
});

test("a clean run with no bad verdict and exit 0 is clean, and nothing is run again", async () => {
  const reruns: string[] = [];
  const j = await judgeClean({ code: 0, total: 10, bad: [] }, async (t) => (reruns.push(t), []));
  assert.equal(j.ok, true);
  assert.deepEqual(reruns, []);
});

test("a clean run that produced no verdicts is not clean", async () => {
  const j = await judgeClean({ code: 2, total: 0, bad: [] }, async () => []);
  assert.equal(j.ok, false);
  assert.match(j.summary, /no verdicts \(exit 2\)/);
});

test("a scenario inconclusive under load that passes alone is named as flaky, and the run stays clean", async () => {
  const bad = verdict("An on-demand read puts a fresh reading in ET16", "inconclusive");
  const asked: string[] = [];
  const run: CleanRun = { code: 1, total: 10, bad: [{ target: "sim", v: bad }] };
  const j = await judgeClean(run, async (target, tags) => {
    asked.push(`${target} ${tags}`);
    return [{ ...bad, verdict: "pass", reason: "" }];
  });
  assert.deepEqual(asked, ["sim @clause-8.18"]);
  assert.equal(j.ok, true);
  assert.equal(j.flaky, 1);
  assert.match(j.summary, /passed when run alone.*An on-demand read puts a fresh reading in ET16 \(sim: inconclusive/);
});

test("a scenario that fails again when run alone makes the run not clean, and is named", async () => {
  const bad = verdict("A device scheduled hourly is read at its minute", "fail");
  const j = await judgeClean({ code: 1, total: 10, bad: [{ target: "sim-mep", v: bad }] }, async () => [bad]);
  assert.equal(j.ok, false);
  assert.match(
    j.summary,
    /1 failed or inconclusive again when run alone: A device scheduled hourly is read at its minute \(sim-mep\): fail, again fail/,
  );
});

test("a scenario the second run does not reach counts as still bad", async () => {
  const bad = verdict("x", "inconclusive");
  const j = await judgeClean({ code: 1, total: 3, bad: [{ target: "sim", v: bad }] }, async () => []);
  assert.equal(j.ok, false);
  assert.match(j.summary, /again not run/);
});
