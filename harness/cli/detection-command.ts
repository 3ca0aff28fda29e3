import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFECTS } from "../simulator/defects";
import { readScenarioVerdicts, type ScenarioVerdict } from "../report/run-summary";
import { defectRun, detectionTable, judgeDefect, type DefectOutcome, type DefectRun } from "../conformance/detection/detection-plan";
import { simulatorPixitOverlay } from "../conformance/target";
import { profileNamed } from "../simulator/profiles";
import { openPtyBench } from "./pty-bench";

/** The targets of the clean run: the same as `npm run test:scenarios`. */
export const CLEAN_TARGETS = ["sim", "sim-mep", "sim-mep:aes", "sim-plc"];

export interface DetectionOptions {
  readonly reportsDir: string;
  readonly jobs: number;
  /** Only these defects (all when empty). */
  readonly only: readonly string[];
}

/**
 * `npm run detection`: the clean simulator must pass everything; each defect must make a
 * scenario of its clause fail. Runs `osgp-conformance run` in child processes, `jobs` at a time,
 * each in its own reports directory; writes reports/detection.md and .json; the last line printed
 * is `detection: N/M`. Exit 0 only when the clean run passed and every defect was caught.
 */
export async function runDetection(o: DetectionOptions): Promise<number> {
  const dir = join(o.reportsDir, "detection");
  mkdirSync(dir, { recursive: true });
  const runs = Object.entries(DEFECTS)
    .filter(([name]) => o.only.length === 0 || o.only.includes(name))
    .map(([name, d]) => defectRun(name, d));
  const started = performance.now();

  const cleanDir = join(dir, "clean");
  const cleanJob = runSuiteChild([...CLEAN_TARGETS.flatMap((t) => ["--target", t]), "--parallel", "2"], cleanDir).then((code) => {
    const verdicts = CLEAN_TARGETS.flatMap((_, i) => readVerdicts(join(cleanDir, CLEAN_TARGETS.length === 1 ? "cucumber-messages.ndjson" : `cucumber-messages-${i + 1}.ndjson`)));
    const bad = verdicts.filter((v) => v.verdict === "fail" || v.verdict === "inconclusive");
    const summary = `${verdicts.length} scenarios, ${bad.length} failed or inconclusive${bad.length ? ": " + bad.map((b) => b.name).slice(0, 5).join("; ") : ""}`;
    return { ok: code === 0 && verdicts.length > 0 && bad.length === 0, summary };
  });

  const outcomes: DefectOutcome[] = [];
  const queue = [...runs];
  const worker = async (): Promise<void> => {
    for (let r = queue.shift(); r !== undefined; r = queue.shift()) {
      const t0 = performance.now();
      const out = join(dir, "defects", r.defect);
      if (r.bench === "pty") await runOverPty(r, out);
      else await runSuiteChild(["--target", r.target, "--tags", r.tags, ...(r.fuzz ? ["--fuzz"] : [])], out);
      const o = judgeDefect(r, readVerdicts(join(out, "cucumber-messages.ndjson")), (performance.now() - t0) / 1000);
      outcomes.push(o);
      console.log(`${o.caught ? "caught" : "MISSED"}  ${r.defect} (${r.clause})`);
    }
  };
  // The clean run is one of the jobs; the defect runs share the rest of the slots.
  await Promise.all([cleanJob, ...Array.from({ length: Math.max(1, o.jobs - 1) }, worker)]);
  const clean = await cleanJob;
  const ordered = runs.map((r) => outcomes.find((x) => x.run === r) as DefectOutcome);
  const table = detectionTable(ordered, clean);
  writeFileSync(join(o.reportsDir, "detection.md"), table);
  writeFileSync(join(o.reportsDir, "detection.json"), JSON.stringify({ clean, seconds: (performance.now() - started) / 1000, outcomes: ordered }, null, 2) + "\n");
  console.log(`\n${table}`);
  console.log(`wall time ${((performance.now() - started) / 1000).toFixed(1)} s; table in ${join(o.reportsDir, "detection.md")}`);
  const caught = ordered.filter((x) => x.caught).length;
  console.log(`detection: ${caught}/${ordered.length}`);
  return clean.ok && caught === ordered.length ? 0 : 1;
}

/** Twice the cores: a run spends most of its time waiting on the simulated clock, not computing. */
export function defaultJobs(): number {
  return Math.max(2, 2 * availableParallelism());
}

function readVerdicts(file: string): ScenarioVerdict[] {
  return existsSync(file) ? readScenarioVerdicts(file) : [];
}

/**
 * A link defect is shown where its bytes are real: the standalone simulator with the defect on one
 * end of a pty pair, the harness on the other, with the simulator's documented keys in a PIXIT
 * kept outside the reports.
 */
async function runOverPty(r: DefectRun, reportsDir: string): Promise<number> {
  const bench = await openPtyBench();
  try {
    const profile = r.target.replace(/^.*:/, "");
    const overlay = simulatorPixitOverlay(profileNamed(profile));
    const pixitFile = join(bench.dir, "pixit.json");
    writeFileSync(pixitFile, JSON.stringify(overlay));
    const link = r.target.startsWith("mep ") ? "mep" : "optical";
    await bench.startSimulator([...(link === "mep" ? ["--mep-port"] : []), "--defect", r.defect, "--profile", profile, "--quiet", "--clock-speed", String(overlay.clock.speed)]);
    return await runSuiteChild(["--target", `${link}:${bench.harnessEnd}`, "--pixit", pixitFile, "--tags", r.tags], reportsDir);
  } finally {
    await bench.close();
    rmSync(bench.dir, { recursive: true, force: true });
  }
}

/** `osgp-conformance run ...` in a child, its output kept in DIR/run.log rather than interleaved here. */
function runSuiteChild(args: readonly string[], reportsDir: string): Promise<number> {
  mkdirSync(reportsDir, { recursive: true });
  const bin = join(__dirname, "bin.js");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, "run", ...args, "--reports-dir", reportsDir], { stdio: ["ignore", "pipe", "pipe"] });
    const log: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => log.push(b));
    child.stderr.on("data", (b: Buffer) => log.push(b));
    child.on("close", (c) => {
      writeFileSync(join(reportsDir, "run.log"), Buffer.concat(log));
      resolve(c ?? 1);
    });
    child.on("error", () => resolve(1));
  });
}


