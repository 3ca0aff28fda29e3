import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SOCAT_SKIP, openBench, runHarness, simulatorPixitFile } from "../support/serial-bench";
import type { WireTotals } from "../../harness/report/wire-summary";

interface Run {
  readonly wire: WireTotals;
  readonly verdicts: readonly string[];
  /** The run's cucumber messages (the frames and notes of every scenario). */
  readonly messages: string;
}

/**
 * Reads (reader key) and clock scenarios (master key) over a pty, sessions kept between scenarios
 * or not; `simulatorArgs`: how the simulator misbehaves besides.
 */
async function benchRun(link: "optical" | "mep", reuse: boolean, simulatorArgs: readonly string[] = []): Promise<Run> {
  const bench = await openBench();
  try {
    await bench.startSimulator(["--quiet", ...(link === "mep" ? ["--mep-port"] : []), ...simulatorArgs]);
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
      messages: readFileSync(join(r.reportsDir, "cucumber-messages.ndjson"), "utf8"),
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

test(
  "optical: a kept session logged on again under another key gives the same verdicts with fewer requests than a fresh session",
  { skip: SOCAT_SKIP },
  async () => {
    const relogon = await benchRun("optical", true);
    // A device that refuses a Logon after Logoff: every change of key falls back to a fresh session.
    const refused = await benchRun("optical", true, ["--test-fault", "logoff-to-base"]);
    // Tested rather than matched: a failure would print every message of the run.
    assert.ok(/logged on again as \w+ on the same channel/.test(relogon.messages), "the run changed keys in place");
    assert.ok(/could not log on again as/.test(refused.messages), "the other run fell back");
    assert.ok(!/logged on again as/.test(refused.messages), "and never changed keys in place");
    assert.deepEqual(relogon.verdicts, refused.verdicts, "the harness's set-up changes no verdict");
    assert.ok(
      relogon.wire.requests < refused.wire.requests,
      `requests on the wire: ${relogon.wire.requests} logging on again, ${refused.wire.requests} opening afresh`,
    );
    // The overhead alone, since the scenarios' own requests may differ by a BT08 poll, which follows the clock.
    assert.ok(
      relogon.wire.overheadRequests < refused.wire.overheadRequests,
      `session overhead: ${relogon.wire.overheadRequests} logging on again, ${refused.wire.overheadRequests} opening afresh`,
    );
  },
);
