import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLEAN_TARGETS } from "../../harness/cli/detection-command";
import { processCpu, runTimeline, timerSites, type RunTimeline } from "./run-timeline";

/**
 * Where the catalogue's time goes: the whole catalogue against the built-in simulator on its four
 * targets, 4 cucumber workers each, as `npm test` runs it, with every process's timers metered
 * (timer-meter.ts). Then, from cucumber's messages and the meter: each target's start-up (cucumber
 * itself, then each worker loading the step code through tsx), the scenarios' worker time by
 * feature file and by step definition, the time spent waiting on timers by the code that set them,
 * every process's CPU time (the floor of the wall time on 2 cores), and what loading the step code
 * costs with tsx's cache, without it, and from the bundle the run command loads.
 *
 *   node --import tsx test/bench/catalogue-time.ts [--top N]
 */
const ROOT = join(__dirname, "..", "..");
// Plain JavaScript, which bin.js loads before any TypeScript can be.
const { harnessBundle } = require("../../harness/cli/harness-bundle.js") as { harnessBundle(): Promise<string> };
const BIN = join(ROOT, "harness", "cli", "bin.js");

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const phase = (p: Phase) => `${s(p.cpu)}, ${s(p.wall)}`;
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

/** Wall and CPU time (ms) of one phase of a start-up. */
interface Phase {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * What a cucumber worker pays before its first scenario, in a fresh process: requiring cucumber,
 * loading cucumber.js (the profiles, through tsx) and loading the step code (every step file and
 * the harness modules they import, through tsx), with tsx's cache of compiled files and without;
 * CPU time beside wall time, which a loaded machine stretches.
 */
function startUpCost(env: NodeJS.ProcessEnv): { cucumber: Phase; config: Phase; support: Phase; modules: number } {
  const script = `const w=[performance.now()];const c=[process.cpuUsage()];const mark=()=>{w.push(performance.now());c.push(process.cpuUsage())};const api=require("@cucumber/cucumber/api");mark();(async()=>{const {runConfiguration}=await api.loadConfiguration({profiles:["default"]});mark();await api.loadSupport(runConfiguration);mark();const p=(i)=>({wall:w[i]-w[i-1],cpu:(c[i].user+c[i].system-c[i-1].user-c[i-1].system)/1000});console.log(JSON.stringify({cucumber:p(1),config:p(2),support:p(3),modules:Object.keys(require.cache).length}))})()`;
  const r = spawnSync(process.execPath, ["-e", script], {
    cwd: ROOT,
    env: { ...process.env, OSGP_BUNDLE: "", ...env },
    encoding: "utf8",
  });
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as {
    cucumber: Phase;
    config: Phase;
    support: Phase;
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
  // The targets run at once (--parallel 4): each one's times count from the run's start.
  let lastEnd = whole.startedAt;
  let workerTotal = 0;
  const byFeature = new Map<string, number>();
  const bySteps = new Map<string, { ms: number; count: number }>();
  for (const { target, t } of runs) {
    const starts = [...t.workerStartMs.values()];
    const scenarioMs = t.scenarios.reduce((a, x) => a + x.ms, 0);
    workerTotal += scenarioMs;
    console.log(
      `  ${target.padEnd(12)} done at ${s(t.finishedAt - whole.startedAt)}: cucumber's run started at ${s(t.startedAt - whole.startedAt)}, its workers' first scenario ${starts.map(s).join(", ")} later, scenarios ${s(t.finishedAt - t.startedAt)} (${t.scenarios.length} scenarios, ${s(scenarioMs)} of worker time)`,
    );
    lastEnd = Math.max(lastEnd, t.finishedAt);
    for (const x of t.scenarios) byFeature.set(x.uri, (byFeature.get(x.uri) ?? 0) + x.ms);
    for (const [label, v] of t.steps) {
      const b = bySteps.get(label) ?? { ms: 0, count: 0 };
      bySteps.set(label, { ms: b.ms + v.ms, count: b.count + v.count });
    }
  }
  console.log(`  after the last target (verdicts, summary, JUnit, Allure settled): ${s(whole.finishedAt - lastEnd)}`);
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
  // On c cores no run ends before its CPU time over c, nor before its longest chain: a cucumber process with one
  // worker runs its scenarios one after another, each its CPU time and its waits (timers that overlap, as the
  // simulator's and the harness's in one exchange can, count twice here).
  const processes = processCpu(timersDir);
  const cpu = processes.reduce((a, p) => a + p.cpuMs, 0);
  console.log(
    `\nCPU time of every process: ${s(cpu)}, a floor of ${s(cpu / 2)} on 2 cores (this run's wall: ${s(wall)}); per process, CPU + fired timers:`,
  );
  for (const p of [...processes].sort((a, b) => b.cpuMs + b.timersMs - (a.cpuMs + a.timersMs)))
    console.log(
      `  ${s(p.cpuMs).padStart(8)} + ${s(p.timersMs).padStart(8)} = ${s(p.cpuMs + p.timersMs).padStart(8)}  ${p.target || "-"} ${p.argv.map((a) => a.replace(/^.*node_modules\//, "")).join(" ")}`,
    );
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
  const bundle = await harnessBundle();
  for (const [way, env] of [
    ["through tsx, its cache on", {}],
    ["through tsx, its cache off", { TSX_DISABLE_CACHE: "1" }],
    ["from the bundle `run` loads (harness/cli/harness-bundle.js)", { OSGP_BUNDLE: bundle }],
  ] as const) {
    const c = startUpCost(env);
    console.log(
      `${way === "through tsx, its cache on" ? "\n" : ""}a fresh worker's start-up ${way} (CPU, wall): cucumber required ${phase(c.cucumber)}, cucumber.js ${phase(c.config)}, step code ${phase(c.support)} (${c.modules} modules)`,
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
