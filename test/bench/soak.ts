import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openPtyBench } from "../../harness/cli/pty-bench";
import { runSuite } from "../../harness/cli/run-command";
import {
  appendMemorySample,
  ownMemorySample,
  readMemorySamples,
  SOAK_SAMPLE_ENV,
} from "../../harness/report/memory-samples";
import { simulatorPixitFile } from "../support/serial-bench";
import { growthOf, megabytes, writeSoakReport, type SoakIteration } from "./soak-figures";

/**
 * npm run soak -- --minutes N [--line-rate 9600] [--clock-speed 1] [--tags EXPR] [--sample-seconds 5]
 *                 [--warmup-seconds S] [--reports-dir reports]
 *
 * The optical suite in a loop for N minutes over a socat pty against the standalone simulator,
 * paced at a real line rate, while the memory of the harness (this process, which runs the suite
 * as `osgp-conformance run` does), of each cucumber process (its own After hook samples it) and of
 * the simulator (/proc/PID/status) is sampled. A failing or inconclusive iteration, a run that
 * throws, a simulator that dies (it is started again): each is logged and the loop goes on; only
 * the N minutes or SIGINT/SIGTERM end it, cutting the iteration in progress short as Ctrl-C cuts a
 * run. reports/soak.json and soak.md are rewritten after every iteration and on the way out.
 */
interface SoakOptions {
  readonly minutes: number;
  readonly lineRate: number;
  readonly clockSpeed: number;
  readonly tags: string | null;
  readonly sampleSeconds: number;
  readonly warmupSeconds: number;
  readonly reportsDir: string;
}

function options(argv: readonly string[]): SoakOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      minutes: { type: "string" },
      "line-rate": { type: "string", default: "9600" },
      "clock-speed": { type: "string", default: "1" },
      tags: { type: "string" },
      "sample-seconds": { type: "string", default: "5" },
      "warmup-seconds": { type: "string" },
      "reports-dir": { type: "string", default: "reports" },
    },
  });
  const positive = (name: string, text: string | undefined): number => {
    const n = Number(text);
    if (text === undefined || !Number.isFinite(n) || n <= 0)
      throw new Error(`--${name} needs a positive number${text === undefined ? "" : `, not "${text}"`}`);
    return n;
  };
  const minutes = positive("minutes", values.minutes);
  return {
    minutes,
    lineRate: positive("line-rate", values["line-rate"]),
    clockSpeed: positive("clock-speed", values["clock-speed"]),
    tags: values.tags ?? null,
    sampleSeconds: positive("sample-seconds", values["sample-seconds"]),
    // A process's start-up, JIT and first caches would read as growth: a fifth of the soak, at most 2 minutes.
    warmupSeconds:
      values["warmup-seconds"] === undefined ? Math.min(120, minutes * 12) : Number(values["warmup-seconds"]),
    reportsDir: values["reports-dir"] ?? "reports",
  };
}

/** Resident set size of another process, from /proc (Linux); null once it is gone. */
function rssOf(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

function totalsOf(runDir: string): Record<string, number> | null {
  const file = join(runDir, "summary.json");
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as { totals: Record<string, number> }).totals
    : null;
}

async function soak(o: SoakOptions): Promise<number> {
  mkdirSync(o.reportsDir, { recursive: true });
  const samplesFile = join(o.reportsDir, "soak-samples.ndjson");
  const runDir = join(o.reportsDir, "soak-run");
  rmSync(samplesFile, { force: true });
  // The cucumber processes inherit this and sample themselves (steps/hooks.ts).
  process.env[SOAK_SAMPLE_ENV] = samplesFile;
  const started = Date.now();
  const iterations: SoakIteration[] = [];
  // Set by the deadline or a signal, which the loop cannot see coming.
  const end: { by: string | null } = { by: null };
  const report = () => {
    const samples = readMemorySamples(samplesFile);
    writeSoakReport(o.reportsDir, {
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      minutes: o.minutes,
      stoppedBy: end.by ?? "still running",
      lineRate: o.lineRate,
      clockSpeed: o.clockSpeed,
      tags: o.tags,
      warmupSeconds: o.warmupSeconds,
      sampleSeconds: o.sampleSeconds,
      iterations,
      growth: growthOf(samples, o.warmupSeconds * 1000),
      samples,
    });
  };
  // A second Ctrl-C makes the run exit at once (run-interruption.ts): the figures are written on the way out even then.
  process.on("exit", report);
  const onSignal = (signal: NodeJS.Signals) => (end.by ??= signal);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const bench = await openPtyBench();
  const pixit = simulatorPixitFile(bench.dir);
  writeFileSync(pixit, JSON.stringify({ ...JSON.parse(readFileSync(pixit, "utf8")), clock: { speed: o.clockSpeed } }));
  const simulatorArgs = ["--line-rate", String(o.lineRate), "--clock-speed", String(o.clockSpeed), "--quiet"];
  let simulator = await bench.startSimulator(simulatorArgs);
  const sample = () => {
    appendMemorySample(samplesFile, ownMemorySample("harness"));
    const rss = simulator.running() ? rssOf(simulator.pid) : null;
    if (rss !== null)
      appendMemorySample(samplesFile, { at: Date.now(), role: "simulator", pid: simulator.pid, rss, heapUsed: null });
  };
  sample();
  const sampler = setInterval(sample, o.sampleSeconds * 1000);
  let inRun = false;
  // The run in progress stops as on Ctrl-C: its scenario ends, its summary is written.
  const deadline = setTimeout(
    () => {
      end.by ??= "time";
      if (inRun) process.kill(process.pid, "SIGINT");
    },
    started + o.minutes * 60_000 - Date.now(),
  );
  try {
    for (let n = 1; end.by === null; n++) {
      let note: string | null = null;
      if (!simulator.running()) {
        note = `the simulator had stopped (${bench.deviceEnd}): started again`;
        simulator = await bench.startSimulator(simulatorArgs);
      }
      const t0 = Date.now();
      let exitCode: number;
      inRun = true;
      try {
        exitCode = await runSuite({
          targets: [`optical:${bench.harnessEnd}`],
          pixit,
          tags: o.tags,
          report: false,
          reportsDir: runDir,
          parallel: 1,
        });
      } catch (e) {
        exitCode = -1;
        note = `${note === null ? "" : `${note}; `}the run threw: ${(e as Error).message}`;
      } finally {
        inRun = false;
      }
      if (exitCode === 130 && end.by !== null)
        note = `${note === null ? "" : `${note}; `}cut short by the soak's end (${end.by})`;
      const it: SoakIteration = {
        n,
        startedAt: new Date(t0).toISOString(),
        seconds: (Date.now() - t0) / 1000,
        exitCode,
        totals: totalsOf(runDir),
        note,
      };
      iterations.push(it);
      const harness = process.memoryUsage();
      console.log(
        `soak: iteration ${n} ended ${exitCode} in ${it.seconds.toFixed(1)} s; harness RSS ${megabytes(harness.rss)}, heap ${megabytes(harness.heapUsed)}${note === null ? "" : `; ${note}`}`,
      );
      report();
    }
  } finally {
    clearInterval(sampler);
    clearTimeout(deadline);
    await bench.close();
  }
  sample();
  report();
  console.log(`soak: ${iterations.length} iteration(s), ended by ${end.by}; ${join(o.reportsDir, "soak.md")}`);
  return end.by === "time" ? 0 : 130;
}

if (require.main === module) {
  soak(options(process.argv.slice(2))).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
