import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findSecret } from "../support/secret-scan";
import { SOCAT_SKIP, openBench, runHarness, simulatorPixitFile, SIMULATOR_KEYS_TEXT } from "../support/serial-bench";

/**
 * The bench session recorded: reads (9.3) and the clock scenarios
 * (8.3), whose requests and expectations follow the harness's clock.
 */
const TAGS = "@clause-9.3 or @clause-8.3";
const KEYS = Object.values(SIMULATOR_KEYS_TEXT).map((k) => Uint8Array.from(Buffer.from(k, "latin1")));

interface Verdicts {
  readonly overall: string;
  readonly scenarios: readonly {
    readonly uri: string;
    readonly line: number;
    readonly name: string;
    readonly verdict: string;
    readonly reason: string;
  }[];
}

function verdicts(reportsDir: string): Verdicts {
  return JSON.parse(readFileSync(join(reportsDir, "summary.json"), "utf8")) as Verdicts;
}

const byScenario = (v: Verdicts) => Object.fromEntries(v.scenarios.map((s) => [`${s.uri}:${s.line}`, s.verdict]));

test(
  "a bench session recorded over a pty replays with the simulator stopped: the same verdicts, no key in the file; a request that differs is inconclusive at the first differing byte",
  { skip: SOCAT_SKIP },
  async () => {
    const bench = await openBench();
    const recording = join(bench.dir, "bench.jsonl");
    const pixit = simulatorPixitFile(bench.dir);
    let recorded: Verdicts;
    try {
      await bench.startSimulator(["--quiet"]);
      const r = await runHarness(
        ["--target", `optical:${bench.harnessEnd}`, "--pixit", pixit, "--tags", TAGS, "--record", recording],
        join(bench.dir, "recorded"),
      );
      recorded = verdicts(r.reportsDir);
      assert.ok(recorded.scenarios.length >= 10, r.output.slice(-3000));
    } finally {
      await bench.close();
    }
    for (const key of KEYS)
      assert.deepEqual(
        findSecret([recording], key),
        [],
        `key ${Buffer.from(key).toString("latin1").slice(0, 4)}... in the recording`,
      );
    assert.match(readFileSync(recording, "utf8"), /<master 20>/, "the logons' passwords are placeholders");

    const replay = await runHarness(
      ["--target", `replay:${recording}`, "--pixit", pixit, "--tags", TAGS],
      join(bench.dir, "replayed"),
    );
    const replayed = verdicts(replay.reportsDir);
    assert.deepEqual(byScenario(replayed), byScenario(recorded), replay.output.slice(-3000));
    assert.equal(replayed.overall, recorded.overall);
    assert.ok(!replay.output.includes("OSGP_ERR_REPLAY_MISMATCH"), replay.output.slice(-3000));

    // The last scenario that wrote a request of some length has one byte of it changed in the recording.
    const lines = readFileSync(recording, "utf8").split("\n");
    const at = lines.findLastIndex((l) => /"dir":"tx".*"hex":"ee( [0-9a-f]{2}){8}/.test(l));
    const line = JSON.parse(lines[at] as string) as { scenario: string; hex: string };
    const bytes = line.hex.split(" ");
    bytes[6] = bytes[6] === "00" ? "01" : "00";
    lines[at] = JSON.stringify({ ...line, hex: bytes.join(" ") });
    const tampered = join(bench.dir, "tampered.jsonl");
    writeFileSync(tampered, lines.join("\n"));
    const t = await runHarness(
      ["--target", `replay:${tampered}`, "--pixit", pixit, "--tags", TAGS],
      join(bench.dir, "tampered"),
    );
    const changed = verdicts(t.reportsDir).scenarios.find((s) => `${s.uri}:${s.line}` === line.scenario);
    assert.equal(changed?.verdict, "inconclusive", t.output.slice(-3000));
    assert.match(
      changed?.reason ?? "",
      /OSGP_ERR_REPLAY_MISMATCH: connection \d+ of .*: the harness sent other bytes than the recorded run: at byte \d+ .*\(byte 6 of the write recorded at t = [\d.]+ ms\) the recording has [0-9a-f]{2}, the harness sent [0-9a-f]{2}/,
    );
    const others = (v: Verdicts) =>
      Object.fromEntries(Object.entries(byScenario(v)).filter(([k]) => k !== line.scenario));
    assert.deepEqual(others(verdicts(t.reportsDir)), others(recorded), "the other scenarios keep their verdicts");
  },
);

/** Records `tags` over a pty against the standalone simulator (`simulatorArgs`), then replays them with it stopped. */
async function recordAndReplayMep(tags: string, simulatorArgs: readonly string[]) {
  const bench = await openBench();
  const recording = join(bench.dir, "mep.jsonl");
  const pixit = simulatorPixitFile(bench.dir);
  let recorded: Verdicts;
  try {
    await bench.startSimulator(["--mep-port", "--quiet", ...simulatorArgs]);
    const r = await runHarness(
      ["--target", `mep:${bench.harnessEnd}`, "--pixit", pixit, "--tags", tags, "--record", recording],
      join(bench.dir, "recorded"),
    );
    recorded = verdicts(r.reportsDir);
  } finally {
    await bench.close();
  }
  const replay = await runHarness(
    ["--target", `replay:${recording}`, "--pixit", pixit, "--tags", tags],
    join(bench.dir, "replayed"),
  );
  return { recorded, replayed: verdicts(replay.reportsDir), output: replay.output };
}

test(
  "the MEP link's timing scenarios recorded over a pty are judged on replay from the recorded times: what passed passes, what failed fails",
  { skip: SOCAT_SKIP },
  async () => {
    // 9.1's 500 ms response rule, and 9.2's segments and inter-byte silences.
    const clean = await recordAndReplayMep("@link and (@clause-9.1 or @clause-9.2)", []);
    const timing = clean.recorded.scenarios.filter((s) =>
      /begins within the PIXIT.s response time|segments with gaps/.test(s.name),
    );
    assert.equal(timing.length, 2, JSON.stringify(clean.recorded.scenarios.map((s) => s.name)));
    for (const s of timing) assert.equal(s.verdict, "pass", `${s.name}: ${s.reason}`);
    assert.deepEqual(byScenario(clean.replayed), byScenario(clean.recorded), clean.output.slice(-3000));

    // A meter that sends long responses in one burst: 9.2 FAILs from the arrival times, recorded and replayed.
    const burst = await recordAndReplayMep("@link and @clause-9.2", ["--defect", "mep-response-not-segmented"]);
    assert.equal(burst.recorded.overall, "fail", JSON.stringify(burst.recorded.scenarios));
    assert.deepEqual(byScenario(burst.replayed), byScenario(burst.recorded), burst.output.slice(-3000));
  },
);

test("a device's FAILs replay as FAILs; a recording cut short, made by another suite version, or replayed with other tags stops the run before it starts, naming the problem", async () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-replay-bad-"));
  const recording = join(dir, "sim.jsonl");
  const made = await runHarness(
    ["--target", "sim:reference+bad-read-checksum", "--tags", "@clause-9.3", "--record", recording],
    join(dir, "recorded"),
  );
  const recorded = verdicts(made.reportsDir);
  assert.ok(
    recorded.scenarios.some((s) => s.verdict === "fail"),
    made.output.slice(-2000),
  );
  const replay = await runHarness(["--target", `replay:${recording}`, "--tags", "@clause-9.3"], join(dir, "replayed"));
  assert.deepEqual(byScenario(verdicts(replay.reportsDir)), byScenario(recorded), replay.output.slice(-2000));
  assert.equal(replay.code, made.code);
  const text = readFileSync(recording, "utf8");

  const cut = join(dir, "cut.jsonl");
  writeFileSync(cut, text.slice(0, text.length - 7));
  const c = await runHarness(["--target", `replay:${cut}`, "--tags", "@clause-9.3"], join(dir, "cut"));
  assert.equal(c.code, 2, c.output);
  assert.match(c.output, /OSGP_ERR_RECORDING: .*cut\.jsonl is cut short: its last line \(\d+\) ends without a newline/);

  const older = join(dir, "older.jsonl");
  writeFileSync(older, text.replace(/"harness":"[^"]*"/, '"harness":"0.0.1"'));
  const o = await runHarness(["--target", `replay:${older}`, "--tags", "@clause-9.3"], join(dir, "older"));
  assert.equal(o.code, 2, o.output);
  assert.match(
    o.output,
    /OSGP_ERR_RECORDING: .*older\.jsonl is a recording of another suite version: it was made by harness 0\.0\.1, this is /,
  );

  const otherTags = await runHarness(["--target", `replay:${recording}`, "--tags", "@clause-9.5"], join(dir, "tags"));
  assert.equal(otherTags.code, 2, otherTags.output);
  assert.match(otherTags.output, /was recorded with --tags "@clause-9.3"; replay it with the same/);
});
