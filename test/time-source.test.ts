import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * docs/ARCHITECTURE.md: the harness, the simulator and the steps read and wait time only through
 * harness/transport/timers.ts. A performance.now() or setTimeout beside it would not see a run's
 * virtual time: against the in-process simulator it would sleep a wait the clock skips, or read a
 * time the device's clock has jumped past.
 */
const ROOT = join(__dirname, "..");
const CHECKED = [
  "harness/session",
  "harness/simulator",
  "harness/conformance",
  "harness/links",
  "harness/fuzz/campaign",
  "harness/fuzz/campaigns",
  "harness/transport/machine-runner.ts",
  "harness/transport/in-process.ts",
  "steps",
];
/** Files that measure or show the harness's own real time, and why. */
const REAL_TIME: Record<string, string> = {
  "harness/conformance/recording/recording-file.ts": "the date a recording file was written",
  "harness/fuzz/campaign/case-execution.ts": "how long the harness took over a case",
  "harness/fuzz/campaign/campaign-runner.ts": "a campaign's time budget and progress are the lab's time",
  "harness/fuzz/campaign/result-store.ts": "the date the results were written",
};
const DIRECT = /performance\.now\(\)|Date\.now\(\)|\bsetTimeout\(|\bsetInterval\(|new Date\(\)/;

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((f) => (f.endsWith(".ts") || !f.includes(".") ? files(join(path, f)) : []));
}

test("time is read and waited through transport/timers.ts in the harness, the simulator and the steps", () => {
  const offenders = CHECKED.flatMap(files)
    .filter((f) => f.endsWith(".ts") && REAL_TIME[f] === undefined)
    .flatMap((f) =>
      readFileSync(join(ROOT, f), "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${relative(ROOT, join(ROOT, f))}:${i + 1}` }))
        .filter(({ line }) => DIRECT.test(line) && !/^\s*(\/\/|\*|\/\*\*)/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
  assert.deepEqual(offenders, []);
});

test("every real-time exception still reads the real time (none is stale)", () => {
  for (const f of Object.keys(REAL_TIME)) assert.match(readFileSync(join(ROOT, f), "utf8"), DIRECT, f);
});
