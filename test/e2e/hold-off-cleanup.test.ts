import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ScenarioVerdict } from "../../harness/report/run-summary";
import {
  BIN,
  ROOT,
  SOCAT_SKIP,
  holdOffPixitFile,
  logonLimitArgs,
  openBench,
  runHarness,
  type Bench,
} from "../support/serial-bench";

/**
 * 9.4's "The reader key may not write" (its one scenario tagged @clause-7.0) over a pty, a session
 * per scenario: a master session saves the scratch table, a reader session tries to write it, and
 * the clean-up opens a master session again to put it back: the third logon, which the standalone
 * simulator refuses with bsy (--logon-limit 2), starting its hold-off.
 */
const TAGS = "@clause-9.4 and @clause-7.0";

interface Run {
  readonly code: number;
  readonly output: string;
  readonly scenarios: ScenarioVerdict[];
  readonly summaryMd: string;
  readonly messages: string;
  /** The simulator's log when the run ended, a line each: its logons refused, the requests it served. */
  readonly simulator: string[];
  /** Its log as it is now. */
  readonly simulatorLog: () => string[];
  readonly pixit: string;
}

async function run(bench: Bench, simulatorHoldOffSeconds: number, pixitHoldOffSeconds: number): Promise<Run> {
  const sim = await bench.startSimulator(logonLimitArgs(2, simulatorHoldOffSeconds));
  const pixit = holdOffPixitFile(bench.dir, pixitHoldOffSeconds, { sessionReuse: { enabled: false } });
  const r = await runHarness(
    ["--target", `optical:${bench.harnessEnd}`, "--pixit", pixit, "--tags", TAGS],
    join(bench.dir, "reports"),
  );
  const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as {
    scenarios: ScenarioVerdict[];
  };
  return {
    code: r.code,
    output: r.output,
    scenarios: summary.scenarios,
    summaryMd: readFileSync(join(r.reportsDir, "summary.md"), "utf8"),
    messages: readFileSync(join(r.reportsDir, "cucumber-messages.ndjson"), "utf8"),
    simulator: sim.stderr().split("\n"),
    simulatorLog: () => sim.stderr().split("\n"),
    pixit,
  };
}

/** The simulator served a partial write of ET03 (0x4F, table 08 03) with the master key, answered ok. */
const RESTORE = /request 4f 08 03 .* as master -> 00/;

test(
  "a clean-up refused for the logon hold-off waits it out and then puts the scratch table back; the verdict stands",
  { skip: SOCAT_SKIP, timeout: 120_000 },
  async () => {
    const bench = await openBench();
    try {
      const r = await run(bench, 2, 2);
      assert.equal(r.code, 0, r.output.slice(-3000));
      assert.deepEqual(
        r.scenarios.map((s) => [s.verdict, s.leftChanged]),
        [["pass", undefined]],
      );
      const refused = r.simulator.findIndex((l) => /logon refused \(bsy\)/.test(l));
      assert.ok(refused >= 0, "the clean-up's logon was refused");
      assert.equal(r.simulator.filter((l) => /logon refused/.test(l)).length, 1, "and only once");
      assert.ok(
        r.simulator.slice(refused).some((l) => RESTORE.test(l)),
        "ET03 written back after the hold-off",
      );
      assert.match(
        r.messages,
        /waited \d+\.\d s for the end of the device's logon hold-off \(session\.logonHoldOff\), before the scenario's clean-up/,
      );
      assert.ok((r.scenarios[0]?.durationMs ?? 0) >= 1500, "the hook waited the hold-off");
    } finally {
      await bench.close();
    }
  },
);

test(
  "a clean-up still refused after the PIXIT's hold-off: the verdict stands, the summary says what was left changed, and its command puts it back",
  { skip: SOCAT_SKIP, timeout: 120_000 },
  async () => {
    const bench = await openBench();
    try {
      // The meter holds off for 5 s, the PIXIT says 1: the clean-up waits 1 s and is refused again.
      const r = await run(bench, 5, 1);
      assert.equal(r.code, 1, "a run that left the device changed fails");
      const [s] = r.scenarios;
      assert.equal(s?.verdict, "pass", s?.reason);
      assert.equal(r.simulator.filter((l) => /logon refused/.test(l)).length, 2);
      assert.ok(!r.simulator.some((l) => RESTORE.test(l)), "nothing written back");
      const notice = s.leftChanged ?? assert.fail("no notice of the device left changed");
      assert.match(
        notice,
        /^the device was left changed: the clean-up's session did not open after the device's logon hold-off \(session\.logonHoldOff\) was waited out: .*bsy \(0x06\)/,
      );
      const command =
        /^- restore ET03: (npx osgp-conformance write ET03 --offset 0 --hex [0-9a-f]+ --yes --target \S+ --pixit \S+)$/m.exec(
          notice,
        )?.[1] ?? assert.fail(notice);
      assert.ok(r.summaryMd.includes("## Device left changed"), r.summaryMd);
      assert.ok(r.summaryMd.includes(command), "the summary gives the command");
      assert.match(r.output, /the device was left changed by 1 scenario\(s\)/);

      // The lab's restore, as the notice gives it, once the meter lets sessions in again: with a PIXIT
      // that knows the meter's 5 s, --wait-hold-off waits out what is left.
      const words = command.split(" ").slice(2);
      const at = words.indexOf("--pixit") + 1;
      const p = JSON.parse(readFileSync(r.pixit, "utf8")) as { session: object };
      const patient = join(bench.dir, "patient.json");
      writeFileSync(patient, JSON.stringify({ ...p, session: { ...p.session, logonHoldOff: { seconds: 5 } } }));
      words[at] = patient;
      const restore = await cli([...words, "--wait-hold-off"]);
      assert.equal(restore.code, 0, restore.stdout + restore.stderr);
      assert.match(restore.stdout, /^ET03: wrote \d+ byte\(s\) at offset 0; read back:$/m);
      assert.ok(
        r.simulatorLog().some((l) => RESTORE.test(l)),
        "the meter served the write",
      );
    } finally {
      await bench.close();
    }
  },
);

function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
