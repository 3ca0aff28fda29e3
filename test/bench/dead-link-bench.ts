import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LINK_SUITE_TAGS, SOCAT_SKIP, openBench, runHarness, simulatorPixitFile } from "../support/serial-bench";

/**
 * What a dead link costs: the optical suite (the link, services and security scenarios the serial
 * end-to-end tests run) over a socat pty against the standalone simulator, first clean, then
 * `--silent` (a device that never ACKs), side by side in one run. Goal: against the silent device
 * the summary is written within 2 minutes. Run alone: node --import tsx test/bench/dead-link-bench.ts
 */
const GOAL_SECONDS = 120;

interface Timed {
  readonly seconds: number;
  readonly summaryWritten: boolean;
  readonly totals: Readonly<Record<string, number>>;
}

async function timedRun(simulatorArgs: readonly string[]): Promise<Timed> {
  const bench = await openBench();
  try {
    await bench.startSimulator([...simulatorArgs, "--quiet"]);
    const t0 = performance.now();
    const r = await runHarness(
      ["--target", `optical:${bench.harnessEnd}`, "--pixit", simulatorPixitFile(bench.dir), "--tags", LINK_SUITE_TAGS],
      join(bench.dir, "reports"),
      60 * 60_000,
    );
    const seconds = (performance.now() - t0) / 1000;
    const file = join(r.reportsDir, "summary.json");
    const summaryWritten = existsSync(file) && existsSync(join(r.reportsDir, "summary.md"));
    const totals = summaryWritten
      ? (JSON.parse(readFileSync(file, "utf8")) as { totals: Record<string, number> }).totals
      : {};
    return { seconds, summaryWritten, totals };
  } finally {
    await bench.close();
  }
}

function describe(t: Timed): string {
  const n = Object.values(t.totals).reduce((a, b) => a + b, 0);
  const counts = Object.entries(t.totals)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${v} ${k}`)
    .join(", ");
  return `${n} scenarios in ${t.seconds.toFixed(1)} s (${counts || "no summary"})`;
}

export async function deadLinkWallTimes(): Promise<void> {
  console.log(
    "optical suite over a socat pty against the standalone simulator (wall time, link/services/security tags)",
  );
  if (SOCAT_SKIP !== false) {
    console.log(`  skipped: ${SOCAT_SKIP}`);
    return;
  }
  const clean = await timedRun([]);
  console.log(`  clean device:            ${describe(clean)}`);
  const silent = await timedRun(["--silent"]);
  const goal = silent.summaryWritten
    ? `summary written; goal ${GOAL_SECONDS} s: ${(silent.seconds / GOAL_SECONDS).toFixed(2)} of it`
    : "NO SUMMARY WRITTEN";
  console.log(`  device that never ACKs:  ${describe(silent)}; ${goal}`);
  console.log(`  never-ACK run / clean run: ${(silent.seconds / clean.seconds).toFixed(2)}`);
}

if (require.main === module) {
  deadLinkWallTimes().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
