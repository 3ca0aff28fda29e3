import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openBench, runHarness, simulatorPixitFile, SOCAT_SKIP } from "../support/serial-bench";

/**
 * The MEP link scenarios (@link) where their timing means something: over a pty against the
 * standalone simulator. The reference port passes all of them; one that sends long responses in
 * one burst fails 9.2, which no in-process run can show.
 */
interface Summary {
  totals: Record<string, number>;
  clauses: { clause: string; verdict: string }[];
}

/** The simulator's PIXIT, with room for a loaded test machine's scheduler in the timing checks. */
function linkPixitFile(dir: string): string {
  const file = simulatorPixitFile(dir);
  const pixit = JSON.parse(readFileSync(file, "utf8")) as { mep?: Record<string, unknown> };
  // The device's own timing is far inside the limits; the margin only absorbs the bench's pauses.
  pixit.mep = { ...pixit.mep, timingMarginMs: 150 };
  writeFileSync(file, JSON.stringify(pixit));
  return file;
}

test("the MEP link scenarios pass over a pty against the standalone simulator", { skip: SOCAT_SKIP }, async () => {
  const bench = await openBench();
  try {
    await bench.startSimulator(["--mep-port", "--quiet"]);
    const r = await runHarness(
      ["--target", `mep:${bench.harnessEnd}`, "--pixit", linkPixitFile(bench.dir), "--tags", "@link"],
      join(bench.dir, "reports"),
    );
    const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as Summary;
    assert.equal(r.code, 0, r.output.slice(-4000));
    assert.equal(summary.totals.fail ?? 0, 0);
    assert.equal(summary.totals.inconclusive ?? 0, 0);
    assert.equal(summary.totals["not applicable"] ?? 0, 0, "over a pty the timing scenarios apply");
    assert.ok((summary.totals.pass ?? 0) >= 5, `only ${summary.totals.pass} scenarios passed`);
    for (const c of ["9.1", "9.2", "9.7"])
      assert.equal(summary.clauses.find((x) => x.clause === c)?.verdict, "pass", c);
  } finally {
    await bench.close();
  }
});

test(
  "the MEP link scenarios fail 9.2 against a simulator that sends long responses in one burst",
  { skip: SOCAT_SKIP },
  async () => {
    const bench = await openBench();
    try {
      await bench.startSimulator(["--mep-port", "--defect", "mep-response-not-segmented", "--quiet"]);
      const r = await runHarness(
        ["--target", `mep:${bench.harnessEnd}`, "--pixit", linkPixitFile(bench.dir), "--tags", "@link and @clause-9.2"],
        join(bench.dir, "reports"),
      );
      assert.equal(r.code, 1, r.output.slice(-3000));
      const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as Summary;
      assert.equal(summary.clauses.find((c) => c.clause === "9.2")?.verdict, "fail");
      assert.match(
        r.output + readFileSync(join(r.reportsDir, "summary.md"), "utf8"),
        /segments of at most that many bytes/,
      );
    } finally {
      await bench.close();
    }
  },
);
