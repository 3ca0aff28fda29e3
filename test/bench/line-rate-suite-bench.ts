import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WireTotals } from "../../harness/report/wire-summary";
import {
  LINK_SUITE_TAGS,
  SOCAT_SKIP,
  openBench,
  runHarness,
  simulatorPicsFile,
  simulatorPixitFile,
} from "../support/serial-bench";
import { TIME, wireBreakdown, type WireBreakdown } from "./wire-breakdown";

/**
 * A real bench at the speed of its line: the optical suite (the link, services and security
 * scenarios) and the MEP suite over a socat pty against the standalone simulator paced at 9600
 * baud, sessions kept across scenarios or not (PIXIT sessionReuse), in one run. Figures as ratios:
 * requests on the wire against the requests the scenarios themselves issue (goal <= 1.15), and wall
 * time against the time the line forces (goal <= 1.2): its bytes, the device's turnaround and the
 * silences the scenarios wait out (gaps of 200 ms or more: a retransmission window, a clock left to
 * run; the steps that wait longest are named, so that a reader can check each is prescribed). That
 * ratio is the harness's own share. The ratio to the bytes and the pacing alone is given beside it:
 * no harness could reach 1.2 there, since the scenarios prescribe about a fifth of a run in silences.
 * Then where they went (wire-breakdown.ts): the overhead by cause, the scenarios' own requests by
 * where they come from, the wall time by what each gap between two frames waited for.
 * Run alone: node --import tsx test/bench/line-rate-suite-bench.ts
 */
const REQUESTS_GOAL = 1.15;
const WALL_GOAL = 1.2;
const BAUD = 9600;
/** The steps with the longest silences, named so that a reader can tell prescribed waits from the harness's. */
const SILENT_STEPS = 8;

interface BenchRun {
  readonly wire: WireTotals;
  readonly seconds: number;
  readonly verdicts: string;
  readonly breakdown: WireBreakdown;
}

async function benchRun(link: "optical" | "mep", reuse: boolean): Promise<BenchRun> {
  const bench = await openBench();
  try {
    await bench.startSimulator(["--quiet", "--line-rate", String(BAUD), ...(link === "mep" ? ["--mep-port"] : [])]);
    const file = simulatorPixitFile(bench.dir);
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), sessionReuse: { enabled: reuse } }),
    );
    const t0 = performance.now();
    const r = await runHarness(
      [
        ...["--target", `${link}:${bench.harnessEnd}`, "--pixit", file],
        ...["--pics", simulatorPicsFile(bench.dir), "--tags", LINK_SUITE_TAGS],
      ],
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
    const breakdown = wireBreakdown(join(r.reportsDir, "cucumber-messages.ndjson"), BAUD);
    return { wire: summary.wire?.[0] as WireTotals, seconds, verdicts, breakdown };
  } finally {
    await bench.close();
  }
}

const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, n) => a + n, 0);
const counts = (m: ReadonlyMap<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} ${k}`)
    .join(", ") || "none";

function lines(label: string, r: BenchRun): string {
  const w = r.wire;
  const b = r.breakdown;
  const own = w.requests - w.overheadRequests;
  const wall = sum(b.time);
  // What no harness could spare: the bytes, the device's turnaround, the silences the scenarios prescribe.
  const forced = wall - (b.time.get(TIME.harness) ?? 0) - (b.time.get(TIME.steps) ?? 0);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `  ${label.padEnd(28)} ${w.requests} requests for ${own} of the scenarios' own: ${(w.requests / own).toFixed(2)}x (goal <= ${REQUESTS_GOAL}); wall ${s(wall)} against ${s(forced)} that the line, the device and the scenarios' silences force: ${(wall / forced).toFixed(2)}x (goal <= ${WALL_GOAL}); against the line-bound time alone (bytes and pacing, ${s(w.lineBoundMs)}): ${(w.wallMs / w.lineBoundMs).toFixed(2)}x; run ${r.seconds.toFixed(0)} s; ${r.verdicts}`,
    `    overhead ${sum(b.overhead)}: ${counts(b.overhead)}`,
    `    own ${sum(b.own)}: ${counts(b.own)}; ${b.retransmissions} retransmission(s) besides`,
    `    wall ${s(sum(b.time))}: ${[...b.time].map(([k, ms]) => `${s(ms)} ${k} (${((100 * ms) / Math.max(1, sum(b.time))).toFixed(0)} %)`).join(", ")}`,
    `    silences by the step that waited them out: ${[...b.silences]
      .sort((x, y) => y[1] - x[1])
      .slice(0, SILENT_STEPS)
      .map(([step, ms]) => `${s(ms)} "${step}"`)
      .join(", ")}`,
  ].join("\n");
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
    console.log(lines(`${link}, a session each`, fresh));
    const kept = await benchRun(link, true);
    console.log(lines(`${link}, sessions kept`, kept));
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
