import { test } from "node:test";
import assert from "node:assert/strict";
import { defectRun, detectionTable, judgeDefectRun } from "../../harness/report/detection-plan";
import { DEFECTS } from "../../harness/simulator/defects";
import type { ScenarioVerdict } from "../../harness/report/run-summary";

const name = "response-sent-twice";
const run = defectRun(name, DEFECTS[name]);
const scenario = (verdict: ScenarioVerdict["verdict"]): ScenarioVerdict => ({
  name: "A response the harness ACKed is sent once",
  uri: "features/09-basic-services/9.1-c1218-link-layer.feature",
  clauses: [run.clause],
  verdict,
  reason: "",
  provisional: false,
});

test("a defect run that cannot be made is its own row, named, and the table is still written", async () => {
  let read = false;
  const o = await judgeDefectRun(
    run,
    () => Promise.reject(new Error("timed out waiting for the simulator")),
    () => {
      read = true;
      return [scenario("fail")];
    },
    () => 20,
  );
  assert.equal(o.caught, false);
  assert.equal(read, false, "verdicts left by another run in the directory are not read");
  assert.deepEqual(o.evidence, ["the run could not be made: timed out waiting for the simulator"]);
  const table = detectionTable([o], { ok: true, summary: "1 scenario" });
  assert.match(
    table,
    /response-sent-twice .*\*\*NO\*\* \| the run could not be made: timed out waiting for the simulator/,
  );
  assert.match(table, /^detection: 0\/1$/m);
});

test("a defect run that ran is judged from its verdicts: caught only by a fail of its clause", async () => {
  const caught = await judgeDefectRun(
    run,
    () => Promise.resolve(0),
    () => [scenario("pass"), scenario("fail")],
    () => 1,
  );
  assert.equal(caught.caught, true);
  const missed = await judgeDefectRun(
    run,
    () => Promise.resolve(1),
    () => [scenario("pass"), scenario("inconclusive")],
    () => 1,
  );
  assert.equal(missed.caught, false);
  assert.deepEqual(missed.evidence, ["2 scenario(s) of 9.1: 1 pass, 1 inconclusive"]);
});
