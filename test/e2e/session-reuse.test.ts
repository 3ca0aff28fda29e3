import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SOCAT_SKIP, openBench, runHarness, simulatorPixitFile } from "../support/serial-bench";
import type { WireTotals } from "../../harness/report/wire-summary";

interface Run {
  readonly wire: WireTotals;
  readonly verdicts: readonly string[];
}

/** Reads (reader key) and clock scenarios (master key) over a pty, sessions kept between scenarios or not. */
async function benchRun(link: "optical" | "mep", reuse: boolean): Promise<Run> {
  const bench = await openBench();
  try {
    await bench.startSimulator(["--quiet", ...(link === "mep" ? ["--mep-port"] : [])]);
    const file = simulatorPixitFile(bench.dir);
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), sessionReuse: { enabled: reuse } }),
    );
    const tags = link === "optical" ? "@clause-9.3 or @clause-9.5 or @clause-8.3.1" : "@clause-9.3 or @clause-9.4";
    const r = await runHarness(
      ["--target", `${link}:${bench.harnessEnd}`, "--pixit", file, "--tags", tags],
      join(bench.dir, "reports"),
    );
    assert.equal(r.code, 0, r.output.slice(-3000));
    const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as {
      wire?: WireTotals[];
      scenarios: { name: string; line?: number; verdict: string }[];
    };
    return {
      wire: summary.wire?.[0] as WireTotals,
      verdicts: summary.scenarios.map((s) => `${s.name}:${s.line}: ${s.verdict}`).sort(),
    };
  } finally {
    await bench.close();
  }
}

for (const link of ["optical", "mep"] as const) {
  test(
    `${link}: a session kept across scenarios gives the same verdicts with fewer requests on the wire`,
    { skip: SOCAT_SKIP },
    async () => {
      const fresh = await benchRun(link, false);
      const kept = await benchRun(link, true);
      assert.deepEqual(kept.verdicts, fresh.verdicts);
      assert.ok(kept.verdicts.length > 5, "enough scenarios to keep a session between");
      assert.ok(
        kept.wire.overheadRequests < fresh.wire.overheadRequests,
        `session overhead: kept ${kept.wire.overheadRequests}, fresh ${fresh.wire.overheadRequests}`,
      );
      assert.equal(
        kept.wire.requests - kept.wire.overheadRequests,
        fresh.wire.requests - fresh.wire.overheadRequests,
        "the scenarios' own requests are the same",
      );
    },
  );
}
