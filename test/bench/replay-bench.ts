import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  LINK_SUITE_TAGS,
  SOCAT_SKIP,
  openBench,
  runHarness,
  simulatorPixitFile,
  type Bench,
} from "../support/serial-bench";

/**
 * Replay of a recorded bench session: the optical suite (the link, services and security
 * scenarios) recorded over a socat pty against the standalone simulator (`run --record`), then,
 * the simulator stopped, the recording replayed (`--target replay:FILE`) and the same tags run
 * against the in-process simulator (`--target sim`), one after the other. Goal: the replay as fast
 * as the in-process simulator (ratio <= 1). The replay runs on virtual time
 * (harness/transport/replay-clock.ts): each response comes at its recorded time on the clock, but
 * the wait for it, like the harness's own time-outs, is skipped, not slept. The recording is made
 * without --line-rate, as a pty carries bytes at once. Figures: each run's wall time and the sum of its
 * scenarios' durations (cucumber's start and the reports left out), and whether the replay's
 * verdicts are the recorded ones. Run alone: node --import tsx test/bench/replay-bench.ts
 */
interface Summary {
  readonly totals: Readonly<Record<string, number>>;
  readonly scenarios: readonly { uri: string; line: number; verdict: string; durationMs: number }[];
}

interface Timed {
  readonly seconds: number;
  readonly summary: Summary;
}

async function timed(args: string[], reportsDir: string): Promise<Timed> {
  const t0 = performance.now();
  const r = await runHarness(["--tags", LINK_SUITE_TAGS, ...args], reportsDir, 60 * 60_000);
  const seconds = (performance.now() - t0) / 1000;
  const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as Summary;
  return { seconds, summary };
}

/** Seconds in scenarios, as cucumber timed them. */
const inScenarios = (t: Timed) => t.summary.scenarios.reduce((ms, s) => ms + s.durationMs, 0) / 1000;

function describe(t: Timed): string {
  const verdicts = Object.entries(t.summary.totals)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
  return `${t.summary.scenarios.length} scenarios (${verdicts}): ${t.seconds.toFixed(1)} s wall, ${inScenarios(t).toFixed(1)} s in scenarios`;
}

const verdictOf = (s: Summary) => new Map(s.scenarios.map((x) => [`${x.uri}:${x.line}`, x.verdict]));

export async function replayBench(): Promise<void> {
  console.log("replay of the optical suite recorded over a pty, against the in-process simulator (same tags)");
  if (SOCAT_SKIP !== false) {
    console.log(`  skipped: ${SOCAT_SKIP}`);
    return;
  }
  const bench = await openBench();
  try {
    await inBench(bench);
  } finally {
    await bench.close();
    // The PIXIT file holds the simulator's keys.
    rmSync(bench.dir, { recursive: true, force: true });
  }
}

async function inBench(bench: Bench): Promise<void> {
  const recording = join(bench.dir, "bench.jsonl");
  const pixit = simulatorPixitFile(bench.dir);
  await bench.startSimulator(["--quiet"]);
  const recorded = await timed(
    ["--target", `optical:${bench.harnessEnd}`, "--pixit", pixit, "--record", recording],
    join(bench.dir, "recorded"),
  );
  await bench.close();
  console.log(`  recorded over the pty:    ${describe(recorded)}`);
  const replayed = await timed(["--target", `replay:${recording}`, "--pixit", pixit], join(bench.dir, "replayed"));
  const was = verdictOf(recorded.summary);
  const differing = [...verdictOf(replayed.summary)].filter(([k, v]) => was.get(k) !== v).length;
  console.log(
    `  replayed, simulator off:  ${describe(replayed)}; ${differing === 0 ? "verdicts as recorded" : `${differing} verdicts NOT as recorded`}`,
  );
  const inProcess = await timed(["--target", "sim"], join(bench.dir, "in-process"));
  console.log(`  in-process simulator:     ${describe(inProcess)}`);
  console.log(
    `  replay / in-process (goal <= 1): wall ${(replayed.seconds / inProcess.seconds).toFixed(2)}, in scenarios ${(inScenarios(replayed) / inScenarios(inProcess)).toFixed(2)}`,
  );
}

if (require.main === module) {
  replayBench().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
