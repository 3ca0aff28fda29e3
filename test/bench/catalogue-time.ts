import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLEAN_TARGETS } from "../../harness/cli/detection-command";
import { runTimeline, timerSites, type RunTimeline } from "./run-timeline";

/**
 * Where the catalogue's time goes: the whole catalogue against the built-in simulator on its four
 * targets, 4 cucumber workers each, as `npm test` runs it, with every process's timers metered
 * (timer-meter.ts). Then, from cucumber's messages and the meter: each target's start-up (cucumber
 * itself, then each worker loading the step code through tsx), the scenarios' worker time by
 * feature file and by step definition, the time spent waiting on timers by the code that set them,
 * and what loading the step code costs with tsx's cache and without it.
 *
 *   node --import tsx test/bench/catalogue-time.ts [--top N]
 */
const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "harness", "cli", "bin.js");

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)} %`;

function top<T>(entries: Iterable<[string, T]>, by: (t: T) => number, n: number): [string, T][] {
  return [...entries].sort((a, b) => by(b[1]) - by(a[1])).slice(0, n);
}

function runCatalogue(
  reportsDir: string,
  timersDir: string,
): Promise<{ startedAt: number; finishedAt: number; code: number }> {
  const meter = `--require tsx/cjs --require ${join(__dirname, "timer-meter.ts")}`;
  const env = {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${meter}`.trim(),
    OSGP_TIMER_METER_DIR: timersDir,
  };
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [BIN, "run", ...CLEAN_TARGETS.flatMap((t) => ["--target", t]), "--parallel", "4", "--reports-dir", reportsDir],
      { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] },
    );
    child.on("close", (code) => resolve({ startedAt, finishedAt: Date.now(), code: code ?? 1 }));
  });
}

/**
 * What a cucumber worker pays before its first scenario, in a fresh process: requiring cucumber,
 * loading cucumber.js (the profiles, through tsx) and loading the step code (every step file and
 * the harness modules they import, through tsx), with tsx's cache of compiled files and without.
 */
function startUpCost(cache: boolean): { cucumber: number; config: number; support: number; modules: number } {
  const script = `const t0=performance.now();const api=require("@cucumber/cucumber/api");(async()=>{const t1=performance.now();const {runConfiguration}=await api.loadConfiguration({profiles:["default"]});const t2=performance.now();await api.loadSupport(runConfiguration);console.log(JSON.stringify({cucumber:t1-t0,config:t2-t1,support:performance.now()-t2,modules:Object.keys(require.cache).length}))})()`;
  const r = spawnSync(process.execPath, ["-e", script], {
    cwd: ROOT,
    env: { ...process.env, ...(cache ? {} : { TSX_DISABLE_CACHE: "1" }) },
    encoding: "utf8",
  });
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as {
    cucumber: number;
    config: number;
    support: number;
    modules: number;
  };
}

function report(
  whole: { startedAt: number; finishedAt: number },
  runs: readonly { target: string; t: RunTimeline }[],
  timersDir: string,
  n: number,
): void {
  const wall = whole.finishedAt - whole.startedAt;
  console.log(`catalogue, ${runs.map((r) => r.target).join(" + ")}: ${s(wall)} wall`);
  let before = whole.startedAt;
  let workerTotal = 0;
  const byFeature = new Map<string, number>();
  const bySteps = new Map<string, { ms: number; count: number }>();
  for (const { target, t } of runs) {
    const starts = [...t.workerStartMs.values()];
    const scenarioMs = t.scenarios.reduce((a, x) => a + x.ms, 0);
    workerTotal += scenarioMs;
    console.log(
      `  ${target.padEnd(12)} ${s(t.finishedAt - before)}: cucumber start ${s(t.startedAt - before)}, workers' first scenario after ${starts.map(s).join(", ")}, scenarios ${s(t.finishedAt - t.startedAt)} (${t.scenarios.length} scenarios, ${s(scenarioMs)} of worker time)`,
    );
    before = t.finishedAt;
    for (const x of t.scenarios) byFeature.set(x.uri, (byFeature.get(x.uri) ?? 0) + x.ms);
    for (const [label, v] of t.steps) {
      const b = bySteps.get(label) ?? { ms: 0, count: 0 };
      bySteps.set(label, { ms: b.ms + v.ms, count: b.count + v.count });
    }
  }
  console.log(`  after the last target (verdicts, summary, JUnit, Allure settled): ${s(whole.finishedAt - before)}`);
  console.log(`\nscenario worker time ${s(workerTotal)}; by feature file (top ${n}):`);
  for (const [uri, ms] of top(byFeature, (x) => x, n))
    console.log(`  ${s(ms).padStart(8)} ${pct(ms, workerTotal).padStart(5)}  ${uri}`);
  console.log(`by step definition or hook (top ${n}; total, count, mean):`);
  for (const [label, v] of top(bySteps, (x) => x.ms, n))
    console.log(
      `  ${s(v.ms).padStart(8)} ${pct(v.ms, workerTotal).padStart(5)} ${String(v.count).padStart(6)} x ${(v.ms / v.count).toFixed(0).padStart(5)} ms  ${label}`,
    );
  const timers = timerSites(timersDir);
  const timerTotal = [...timers.values()].reduce((a, t) => a + t.ms, 0);
  console.log(
    `\ntimers that fired, every process (${s(timerTotal)} in all; timers that overlap count each), by where they were set (top ${n}):`,
  );
  for (const [site, t] of top(timers, (x) => x.ms, n))
    console.log(
      `  ${s(t.ms).padStart(8)} ${String(t.count).padStart(7)} x ${(t.ms / t.count).toFixed(0).padStart(5)} ms  ${site}`,
    );
  const byFile = new Map<string, number>();
  for (const [site, t] of timers)
    byFile.set(site.split(":")[0] as string, (byFile.get(site.split(":")[0] as string) ?? 0) + t.ms);
  console.log("by file:");
  for (const [file, ms] of top(byFile, (x) => x, n)) console.log(`  ${s(ms).padStart(8)}  ${file}`);
}

async function main(): Promise<void> {
  const n = Number(process.argv[process.argv.indexOf("--top") + 1]) || 12;
  const dir = mkdtempSync(join(tmpdir(), "osgp-catalogue-time-"));
  const timersDir = join(dir, "timers");
  mkdirSync(timersDir);
  const whole = await runCatalogue(join(dir, "catalogue"), timersDir);
  const files = readdirSync(join(dir, "catalogue"))
    .filter((f) => /^cucumber-messages-\d+\.ndjson$/.test(f))
    .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
  const runs = files.map((f, i) => ({
    target: CLEAN_TARGETS[i] ?? f,
    t: runTimeline(readFileSync(join(dir, "catalogue", f), "utf8")),
  }));
  report(whole, runs, timersDir, n);
  for (const cache of [true, false]) {
    const c = startUpCost(cache);
    console.log(
      `${cache ? "\n" : ""}a fresh worker's start-up, tsx's cache ${cache ? "on" : "off"}: cucumber required ${s(c.cucumber)}, cucumber.js ${s(c.config)}, step code ${s(c.support)} (${c.modules} modules)`,
    );
  }
  console.log(`(run exit code ${whole.code}; reports and timer files in ${dir})`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
