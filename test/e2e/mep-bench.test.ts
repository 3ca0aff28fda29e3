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
  simulatorPicsFile,
  simulatorPixitFile,
  SIMULATOR_KEYS_TEXT,
} from "../support/serial-bench";

const KEYS = Object.values(SIMULATOR_KEYS_TEXT).map((k) => Uint8Array.from(Buffer.from(k, "latin1")));

interface Summary {
  overall: string;
  totals: Record<string, number>;
  clauses: { clause: string; verdict: string }[];
}

test(
  "the MEP suite passes over a pty against the standalone simulator, and no key reaches any file",
  { skip: SOCAT_SKIP },
  async () => {
    const bench = await openBench();
    try {
      const sim = await bench.startSimulator(["--mep-port"]);
      const r = await runHarness(
        [
          ...["--target", `mep:${bench.harnessEnd}`, "--pixit", simulatorPixitFile(bench.dir)],
          ...["--pics", simulatorPicsFile(bench.dir), "--tags", LINK_SUITE_TAGS],
        ],
        join(bench.dir, "reports"),
      );
      const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as Summary;
      assert.equal(r.code, 0, r.output.slice(-4000));
      assert.equal(summary.totals.fail, 0);
      assert.equal(summary.totals.inconclusive, 0);
      assert.ok((summary.totals.pass ?? 0) >= 20, `only ${summary.totals.pass} scenarios passed`);
      for (const c of ["6.8", "7.1", "7.2", "7.3", "7.5", "9.7", "9.10"])
        assert.equal(summary.clauses.find((x) => x.clause === c)?.verdict, "pass", c);

      const logFile = join(bench.dir, "simulator.log");
      writeFileSync(logFile, sim.stderr());
      const files = [...filesUnder(r.reportsDir), logFile];
      for (const key of KEYS)
        assert.deepEqual(findSecret(files, key), [], `key ${Buffer.from(key).toString("latin1").slice(0, 4)}... found`);
    } finally {
      await bench.close();
    }
  },
);

test("the MEP suite fails against a simulator that accepts replays, in clause 9.7", { skip: SOCAT_SKIP }, async () => {
  const bench = await openBench();
  try {
    await bench.startSimulator(["--mep-port", "--defect", "replay-accepted", "--quiet"]);
    const r = await runHarness(
      ["--target", `mep:${bench.harnessEnd}`, "--pixit", simulatorPixitFile(bench.dir), "--tags", "@clause-9.7"],
      join(bench.dir, "reports"),
    );
    assert.equal(r.code, 1, r.output.slice(-3000));
    const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as Summary;
    assert.equal(summary.clauses.find((c) => c.clause === "9.7")?.verdict, "fail");
  } finally {
    await bench.close();
  }
});
