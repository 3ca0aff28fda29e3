import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readScenarioVerdicts, type ScenarioVerdict } from "../../harness/report/run-summary";
import { SOCAT_SKIP, holdOffPixitFile, logonLimitArgs, openBench, runHarness } from "../support/serial-bench";

const HOLD_OFF_SECONDS = 3;
const HOLD_OFF_REASON = new RegExp(
  `^the device answered logon with bsy \\(0x06\\), which the PIXIT takes for its logon hold-off \\(session\\.logonHoldOff\\.codes\\): no session opens on this target until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\(session\\.logonHoldOff\\.seconds, ${HOLD_OFF_SECONDS} s\\)`,
);

/**
 * The 9.3 scenarios over a pty, a session each (sessionReuse off, so that every scenario logs on),
 * against the standalone simulator, with or without its logon limit: 3 logons a minute, then a
 * hold-off the PIXIT knows.
 */
async function run(limited: boolean): Promise<{ scenarios: ScenarioVerdict[]; refusals: number }> {
  const bench = await openBench();
  try {
    const sim = await bench.startSimulator(limited ? logonLimitArgs(3, HOLD_OFF_SECONDS) : []);
    const file = holdOffPixitFile(bench.dir, HOLD_OFF_SECONDS, { sessionReuse: { enabled: false } });
    const r = await runHarness(
      ["--target", `optical:${bench.harnessEnd}`, "--pixit", file, "--tags", "@clause-9.3"],
      join(bench.dir, "reports"),
    );
    assert.equal(r.code, limited ? 1 : 0, r.output.slice(-3000));
    return {
      scenarios: readScenarioVerdicts(join(r.reportsDir, "cucumber-messages.ndjson")),
      refusals: sim
        .stderr()
        .split("\n")
        .filter((l) => /logon refused \(bsy\)/.test(l)).length,
    };
  } finally {
    await bench.close();
  }
}

test(
  "a meter that holds off logons: the scenario refused is inconclusive, the next waits out the hold-off once and passes, no result is lost",
  { skip: SOCAT_SKIP, timeout: 5 * 60_000 },
  async () => {
    const plain = await run(false);
    const held = await run(true);
    const id = (s: ScenarioVerdict) => `${s.name}:${s.line}`;
    assert.deepEqual(held.scenarios.map(id), plain.scenarios.map(id), "the same scenarios ran, none lost");
    assert.ok(
      plain.scenarios.every((s) => s.verdict === "pass"),
      "without the limit every one passes",
    );

    const refused = held.scenarios.flatMap((s, i) => (s.verdict === "pass" ? [] : [i]));
    assert.equal(refused.length, 1, held.scenarios.map((s) => `${s.verdict}: ${s.name}: ${s.reason}`).join("\n"));
    const i = refused[0] as number;
    const s = held.scenarios[i] as ScenarioVerdict;
    assert.equal(s.verdict, "inconclusive");
    assert.match(s.reason, HOLD_OFF_REASON);
    assert.equal(held.refusals, 1, "no logon was tried during the hold-off");

    const next = held.scenarios[i + 1];
    assert.ok(next !== undefined, "a scenario follows the refused one");
    assert.equal(next.verdict, "pass");
    const waited = held.scenarios.filter((x) => (x.durationMs ?? 0) >= (HOLD_OFF_SECONDS - 1) * 1000);
    assert.deepEqual(waited.map(id), [id(next)], "the next scenario waited, and it alone");
  },
);
