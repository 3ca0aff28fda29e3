import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WireTotals } from "../../harness/report/wire-summary";
import { LINK_SUITE_TAGS, SOCAT_SKIP, openBench, runHarness, simulatorPixitFile } from "../support/serial-bench";

/**
 * A real bench at the speed of its line: the optical suite (the link, services and security
 * scenarios) and the MEP suite over a socat pty against the standalone simulator paced at 9600
 * baud, sessions kept across scenarios or not (PIXIT sessionReuse), in one run. Figures as ratios:
 * requests on the wire against the requests the scenarios themselves issue (goal <= 1.15) and wall
 * time against the time the line forces (goal <= 1.2).
 * Run alone: node --import tsx test/bench/line-rate-suite-bench.ts
 */
const REQUESTS_GOAL = 1.15;
const WALL_GOAL = 1.2;

async function benchRun(
  link: "optical" | "mep",
  reuse: boolean,
): Promise<{ wire: WireTotals; seconds: number; verdicts: string }> {
  const bench = await openBench();
  try {
    await bench.startSimulator(["--quiet", "--line-rate", "9600", ...(link === "mep" ? ["--mep-port"] : [])]);
    const file = simulatorPixitFile(bench.dir);
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), sessionReuse: { enabled: reuse } }),
    );
    const t0 = performance.now();
    const r = await runHarness(
      ["--target", `${link}:${bench.harnessEnd}`, "--pixit", file, "--tags", LINK_SUITE_TAGS],
      join(bench.dir, "reports"),
      60 * 60_000,
    );
    const seconds = (performance.now() - t0) / 1000;
    const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as {
      wire?: WireTotals[];
      totals: Record<string, number>;
    };
    const verdicts = Object.entries(summary.totals)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ");
    return { wire: summary.wire?.[0] as WireTotals, seconds, verdicts };
  } finally {
    await bench.close();
  }
}

function line(label: string, r: { wire: WireTotals; seconds: number; verdicts: string }): string {
  const w = r.wire;
  const own = w.requests - w.overheadRequests;
  return `  ${label.padEnd(28)} ${w.requests} requests for ${own} of the scenarios' own: ${(w.requests / own).toFixed(2)}x (goal <= ${REQUESTS_GOAL}); wall ${(w.wallMs / 1000).toFixed(1)} s against ${(w.lineBoundMs / 1000).toFixed(1)} s line-bound: ${(w.wallMs / w.lineBoundMs).toFixed(2)}x (goal <= ${WALL_GOAL}); run ${r.seconds.toFixed(0)} s; ${r.verdicts}`;
}

export async function lineRateSuiteBench(): Promise<void> {
  console.log(
    "link suites over a pty against the simulator paced at 9600 baud (sessions kept across scenarios or not)",
  );
  if (SOCAT_SKIP !== false) {
    console.log(`  skipped: ${SOCAT_SKIP}`);
    return;
  }
  for (const link of ["optical", "mep"] as const) {
    const fresh = await benchRun(link, false);
    console.log(line(`${link}, a session each`, fresh));
    const kept = await benchRun(link, true);
    console.log(line(`${link}, sessions kept`, kept));
  }
}

if (require.main === module) {
  lineRateSuiteBench().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
