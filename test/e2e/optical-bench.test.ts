import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findSecret, filesUnder } from "../support/secret-scan";
import {
  LINK_SUITE_TAGS,
  SOCAT_SKIP,
  openBench,
  runHarness,
  simulatorPixitFile,
  SIMULATOR_KEYS_TEXT,
} from "../support/serial-bench";

const KEYS = Object.values(SIMULATOR_KEYS_TEXT).map((k) => Uint8Array.from(Buffer.from(k, "latin1")));

test(
  "the link, services and security suite passes over a pty against the standalone simulator, and no key reaches any file",
  { skip: SOCAT_SKIP },
  async () => {
    const bench = await openBench();
    try {
      const sim = await bench.startSimulator();
      const pixit = simulatorPixitFile(bench.dir);
      const r = await runHarness(
        ["--target", `optical:${bench.harnessEnd}`, "--pixit", pixit, "--tags", LINK_SUITE_TAGS],
        join(bench.dir, "reports"),
      );
      const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as {
        overall: string;
        totals: Record<string, number>;
        target: string;
      };
      assert.equal(r.code, 0, r.output.slice(-4000));
      assert.equal(summary.overall, "pass");
      assert.equal(summary.totals.fail, 0);
      assert.equal(summary.totals.inconclusive, 0);
      assert.ok((summary.totals.pass ?? 0) >= 50, `only ${summary.totals.pass} scenarios passed`);
      assert.match(summary.target, /optical port on .*ttyHarness/);

      // Everything the run produced: allure results, cucumber messages, summary, and the simulator's log.
      const logFile = join(bench.dir, "simulator.log");
      writeFileSync(logFile, sim.stderr());
      const files = [...filesUnder(r.reportsDir), logFile];
      assert.ok(files.length > 50, "the run should have produced its results");
      for (const key of KEYS)
        assert.deepEqual(findSecret(files, key), [], `key ${Buffer.from(key).toString("latin1").slice(0, 4)}... found`);
      // The scan itself must be able to fail: a file that does hold a key is found.
      writeFileSync(join(bench.dir, "leak.txt"), "frame: 53:49:4D:2D:4D:41:53:54:45:52:2D:4B:45:59");
      assert.equal(findSecret([join(bench.dir, "leak.txt")], KEYS[0] as Uint8Array).length, 1);
    } finally {
      await bench.close();
    }
  },
);

test("the suite fails against a simulator whose packets carry a bad CRC", { skip: SOCAT_SKIP }, async () => {
  const bench = await openBench();
  try {
    await bench.startSimulator(["--defect", "bad-response-crc", "--quiet"]);
    const r = await runHarness(
      ["--target", `optical:${bench.harnessEnd}`, "--pixit", simulatorPixitFile(bench.dir), "--tags", "@clause-9.1"],
      join(bench.dir, "reports"),
    );
    assert.equal(r.code, 1, r.output.slice(-3000));
    const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as {
      clauses: { clause: string; verdict: string }[];
    };
    assert.equal(summary.clauses.find((c) => c.clause === "9.1")?.verdict, "fail");
  } finally {
    await bench.close();
  }
});
