import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, ROOT } from "../support/serial-bench";
import { stopGraceMs } from "../../harness/cli/run-interruption";
import { runConfig } from "../../harness/conformance/run-config";

/** 71 scenarios, some 30 s on the simulator: a signal after the first finds most of them to come. */
const TAGS = "@clause-9.1 or @clause-6.3 or @clause-8.18 or @clause-8.2";

interface Interrupted {
  readonly code: number | null;
  readonly output: string;
  readonly dir: string;
  /** From the first signal to the run's exit. */
  readonly stopMs: number;
}

/**
 * `osgp-conformance run` against the simulator, sent `signals` one after the other once its first scenario has ended.
 */
/** `gapMs`: between one signal and the next. */
function interruptedRun(signals: readonly NodeJS.Signals[], gapMs = 1500): Promise<Interrupted> {
  const dir = mkdtempSync(join(tmpdir(), "osgp-interrupted-"));
  const messages = join(dir, "cucumber-messages.ndjson");
  const child = spawn(process.execPath, [BIN, "run", "--target", "sim", "--tags", TAGS, "--reports-dir", dir], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr.on("data", (b: Buffer) => (output += b.toString()));
  let signalledAt = 0;
  const poll = setInterval(() => {
    if (signalledAt !== 0 || !existsSync(messages) || !readFileSync(messages, "utf8").includes('"testCaseFinished"'))
      return;
    signalledAt = Date.now();
    signals.forEach((s, i) => setTimeout(() => child.kill(s), i * gapMs));
  }, 100);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearInterval(poll);
      resolve({ code, output, dir, stopMs: Date.now() - signalledAt });
    });
  });
}

/** Processes still running whose command line names the run's reports directory (its cucumber). */
function leftBehind(dir: string): string[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .flatMap((p) => {
      try {
        return readFileSync(join("/proc", p, "cmdline"), "utf8").includes(dir) ? [p] : [];
      } catch {
        return [];
      }
    });
}

interface Summary {
  interrupted?: { signal: string; notRun: Record<string, number> };
  scenarios: { verdict: string; reason: string }[];
}

test("SIGTERM mid-run: the scenario in progress ends, the rest are counted as not run, the summary is written, exit 143", async () => {
  const r = await interruptedRun(["SIGTERM"]);
  assert.equal(r.code, 143, r.output.slice(-3000));
  const bound = stopGraceMs(runConfig("sim", null)) + 10_000;
  assert.ok(r.stopMs < bound, `the run took ${r.stopMs} ms to stop, more than ${bound}`);
  const summary = JSON.parse(readFileSync(join(r.dir, "summary.json"), "utf8")) as Summary;
  assert.equal(summary.interrupted?.signal, "SIGTERM");
  const notRun = Object.values(summary.interrupted?.notRun ?? {});
  assert.equal(notRun.length, 1);
  assert.ok(summary.scenarios.length >= 1, "the scenarios that finished keep their verdicts");
  assert.ok((notRun[0] ?? 0) > 0);
  const planned = readFileSync(join(r.dir, "cucumber-messages.ndjson"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith('{"testCase":')).length;
  assert.equal(
    summary.scenarios.length + (notRun[0] ?? 0),
    planned,
    "every scenario cucumber planned has a verdict or is counted as not run",
  );
  for (const s of summary.scenarios)
    assert.ok(
      s.verdict === "pass" || s.verdict === "not applicable" || /run interrupted/.test(s.reason),
      JSON.stringify(s),
    );
  const md = readFileSync(join(r.dir, "summary.md"), "utf8");
  assert.match(md, /^# OSGP conformance run: INTERRUPTED/m);
  assert.match(md, new RegExp(`^\\| not run \\| ${notRun[0]} \\(interrupted by SIGTERM\\) \\|$`, "m"));
  assert.ok(existsSync(join(r.dir, "junit.xml")));
  const results = readdirSync(join(r.dir, "allure-results")).filter((f) => f.endsWith("-result.json"));
  assert.equal(results.length, summary.scenarios.length, "Allure holds what ran, not the scenarios skipped as not run");
  assert.deepEqual(leftBehind(r.dir), []);
});

test("a second signal stops the run at once, leaving no cucumber process behind", async () => {
  const r = await interruptedRun(["SIGINT", "SIGINT"]);
  assert.equal(r.code, 130, r.output.slice(-3000));
  assert.ok(r.stopMs < 4500, `${r.stopMs} ms`);
  assert.deepEqual(leftBehind(r.dir), []);
});

test("one Ctrl-C delivered twice (by the terminal and again by npm) is one interruption: the summary is written", async () => {
  const r = await interruptedRun(["SIGINT", "SIGINT"], 50);
  assert.equal(r.code, 130, r.output.slice(-3000));
  const summary = JSON.parse(readFileSync(join(r.dir, "summary.json"), "utf8")) as Summary;
  assert.equal(summary.interrupted?.signal, "SIGINT");
  assert.deepEqual(leftBehind(r.dir), []);
});
