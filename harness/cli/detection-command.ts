import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFECTS } from "../simulator/defects";
import { readScenarioVerdicts, type ScenarioVerdict } from "../report/run-summary";
import {
  defectRun,
  detectionTable,
  judgeDefectRun,
  type CleanJudgement,
  type DefectOutcome,
  type DefectRun,
} from "../report/detection-plan";
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
  const cleanJob = runSuiteChild([...CLEAN_TARGETS.flatMap((t) => ["--target", t]), "--parallel", "2"], cleanDir).then(
    (code) => ({
      code,
      bad: CLEAN_TARGETS.flatMap((target, i) =>
        cleanVerdicts(cleanDir, i)
          .filter(isBad)
          .map((v) => ({ target, v })),
      ),
      total: CLEAN_TARGETS.reduce((n, _, i) => n + cleanVerdicts(cleanDir, i).length, 0),
    }),
  );

  const outcomes: DefectOutcome[] = [];
  const queue = [...runs];
  const worker = async (): Promise<void> => {
    for (let r = queue.shift(); r !== undefined; r = queue.shift()) {
      const t0 = performance.now();
      const out = join(dir, "defects", r.defect);
      const o = await judgeDefectRun(
        r,
        () =>
          r.bench === "pty"
            ? runOverPty(r, out)
            : runSuiteChild(["--target", r.target, "--tags", r.tags, ...(r.fuzz ? ["--fuzz"] : [])], out),
        () => readVerdicts(join(out, "cucumber-messages.ndjson")),
        () => (performance.now() - t0) / 1000,
      );
      outcomes.push(o);
      console.log(`${o.caught ? "caught" : "MISSED"}  ${r.defect} (${r.clause})`);
    }
  };
  // The clean run is one of the jobs; the defect runs share the rest of the slots.
  await Promise.all([cleanJob, ...Array.from({ length: Math.max(1, o.jobs - 1) }, worker)]);
  const recheckDir = join(dir, "clean-recheck");
  const clean = await judgeClean(await cleanJob, async (target, tags) => {
    const out = join(recheckDir, target.replace(/[^a-z0-9]+/gi, "-"));
    await runSuiteChild(["--target", target, ...(tags === "" ? [] : ["--tags", tags])], out);
    return readVerdicts(join(out, "cucumber-messages.ndjson"));
  });
  const ordered = runs.map((r) => outcomes.find((x) => x.run === r) as DefectOutcome);
  const table = detectionTable(ordered, clean);
  writeFileSync(join(o.reportsDir, "detection.md"), table);
  writeFileSync(
    join(o.reportsDir, "detection.json"),
    JSON.stringify({ clean, seconds: (performance.now() - started) / 1000, outcomes: ordered }, null, 2) + "\n",
  );
  console.log(`\n${table}`);
  console.log(
    `wall time ${((performance.now() - started) / 1000).toFixed(1)} s; table in ${join(o.reportsDir, "detection.md")}`,
  );
  const caught = ordered.filter((x) => x.caught).length;
  console.log(`detection: ${caught}/${ordered.length}${clean.ok ? "" : `; clean run NOT CLEAN: ${clean.summary}`}`);
  return clean.ok && caught === ordered.length ? 0 : 1;
}

/** Twice the cores: a run spends most of its time waiting on the simulated clock, not computing. */
export function defaultJobs(): number {
  return Math.max(2, 2 * availableParallelism());
}

const isBad = (v: ScenarioVerdict): boolean => v.verdict === "fail" || v.verdict === "inconclusive";

function cleanVerdicts(cleanDir: string, i: number): ScenarioVerdict[] {
  return readVerdicts(
    join(cleanDir, CLEAN_TARGETS.length === 1 ? "cucumber-messages.ndjson" : `cucumber-messages-${i + 1}.ndjson`),
  );
}

export interface CleanRun {
  readonly code: number;
  readonly total: number;
  readonly bad: readonly { readonly target: string; readonly v: ScenarioVerdict }[];
}

/**
 * The clean run shares two cores with the defect runs. A scenario of it that fails or is
 * inconclusive is run again with its clause's scenarios, on its target, with nothing else
 * running: if it then passes, its verdict depended on the machine's load (a timing margin of the
 * harness or simulator to mend), which the table states by name; if it fails again, the run is
 * not clean. Either way the names are printed, so that a CI log's last lines say what happened.
 */
export async function judgeClean(
  run: CleanRun,
  rerun: (target: string, tags: string) => Promise<ScenarioVerdict[]>,
): Promise<CleanJudgement> {
  const head = `${run.total} scenarios`;
  if (run.total === 0) return { ok: false, summary: `${head}: the clean run produced no verdicts (exit ${run.code})` };
  if (run.bad.length === 0)
    return {
      ok: run.code === 0,
      summary: `${head}, 0 failed or inconclusive${run.code === 0 ? "" : `, but the run exited ${run.code}`}`,
    };
  const stillBad: string[] = [];
  const byTarget = new Map<string, ScenarioVerdict[]>();
  for (const b of run.bad) byTarget.set(b.target, [...(byTarget.get(b.target) ?? []), b.v]);
  for (const [target, bad] of byTarget) {
    const tags = [...new Set(bad.flatMap((v) => v.clauses))].map((c) => `@clause-${c}`).join(" or ");
    const again = await rerun(target, tags);
    for (const v of bad) {
      const second = again.find((a) => a.uri === v.uri && a.name === v.name && a.line === v.line);
      if (second === undefined || isBad(second))
        stillBad.push(`${v.name} (${target}): ${v.verdict}, again ${second?.verdict ?? "not run"}: ${v.reason}`);
    }
  }
  const named = run.bad.map((b) => `${b.v.name} (${b.target}: ${b.v.verdict}: ${b.v.reason})`);
  if (stillBad.length > 0)
    return {
      ok: false,
      summary: `${head}, ${stillBad.length} failed or inconclusive again when run alone: ${stillBad.join("; ")}`,
    };
  // Exit 1 is the failing verdicts just re-judged; any other code is the run itself going wrong.
  return {
    ok: run.code === 0 || run.code === 1,
    flaky: run.bad.length,
    summary: `${head}; under load ${run.bad.length} failed or inconclusive, and passed when run alone (a timing margin to mend): ${named.join("; ")}`,
  };
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
    await bench.startSimulator([
      ...(link === "mep" ? ["--mep-port"] : []),
      "--defect",
      r.defect,
      "--profile",
      profile,
      "--quiet",
      "--clock-speed",
      String(overlay.clock.speed),
    ]);
    return await runSuiteChild(
      ["--target", `${link}:${bench.harnessEnd}`, "--pixit", pixitFile, "--tags", r.tags],
      reportsDir,
    );
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
    const child = spawn(process.execPath, [bin, "run", ...args, "--reports-dir", reportsDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
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
