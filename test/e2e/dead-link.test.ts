import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readScenarioVerdicts } from "../../harness/report/run-summary";
import { LINK_SUITE_TAGS, SOCAT_SKIP, openBench, runHarness, simulatorPixitFile } from "../support/serial-bench";

const GOAL_SECONDS = 120;
const LOST =
  /^the link to the device was lost at \d\d:\d\d:\d\d after 3 consecutive failures \(last: OSGP_ERR_NO_ACK: .*\); not probed again until \d\d:\d\d:\d\d$/;

test(
  "against a meter that never answers, the run ends within 2 minutes with a summary, every scenario inconclusive for the lost link",
  { skip: SOCAT_SKIP, timeout: 6 * 60_000 },
  async () => {
    const bench = await openBench();
    try {
      await bench.startSimulator(["--silent", "--quiet"]);
      const t0 = performance.now();
      const r = await runHarness(
        [
          "--target",
          `optical:${bench.harnessEnd}`,
          "--pixit",
          simulatorPixitFile(bench.dir),
          "--tags",
          LINK_SUITE_TAGS,
        ],
        join(bench.dir, "reports"),
        5 * 60_000,
      );
      const seconds = (performance.now() - t0) / 1000;
      assert.equal(r.code, 1, r.output.slice(-3000));
      assert.ok(seconds <= GOAL_SECONDS, `the run took ${seconds.toFixed(1)} s`);
      assert.ok(existsSync(join(r.reportsDir, "summary.md")), "summary.md is written");

      const scenarios = readScenarioVerdicts(join(r.reportsDir, "cucumber-messages.ndjson"));
      assert.ok(scenarios.length >= 20, `only ${scenarios.length} scenarios ran`);
      assert.deepEqual(
        scenarios.filter((s) => s.verdict !== "inconclusive").map((s) => `${s.verdict}: ${s.name}`),
        [],
        "a silent meter gives no pass, no fail and no not-applicable",
      );
      // Scenarios until the third failure in a row (link.deadAfterFailures) meet the time-outs themselves, at most
      // one failure each (a session that did not open is not also logged off); every later one is refused.
      const refused = scenarios.filter((s) => LOST.test(s.reason));
      const metTheTimeOuts = scenarios.filter((s) => !LOST.test(s.reason));
      assert.ok(
        metTheTimeOuts.length <= 3,
        `${metTheTimeOuts.length} scenarios waited for the device:\n${metTheTimeOuts.map((s) => `${s.name}: ${s.reason}`).join("\n")}`,
      );
      for (const s of metTheTimeOuts) assert.match(s.reason, /OSGP_ERR_NO_ACK/, s.name);
      assert.equal(refused.length, scenarios.length - metTheTimeOuts.length);

      const summary = readFileSync(join(r.reportsDir, "summary.md"), "utf8");
      assert.match(summary, /# OSGP conformance run: INCONCLUSIVE/);
      assert.match(summary, /the link to the device was lost at \d\d:\d\d:\d\d after 3 consecutive failures/);
    } finally {
      await bench.close();
    }
  },
);
