import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLEAN_TARGETS } from "../../harness/cli/detection-command";

/**
 * Wall times of whole runs, as the CLI runs them: the catalogue (every feature against each of the
 * built-in simulator's targets, 4 cucumber workers each, as npm test runs it; goal <= 15 s on 2 cores) and `npm run
 * detection` (the clean run plus one run per defect). Each in a temporary reports directory, so the bench leaves
 * reports/ alone.
 */
function timed(bin: string, args: readonly string[]): Promise<{ seconds: number; code: number; log: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => out.push(b));
    child.on("close", (code) =>
      resolve({ seconds: (performance.now() - t0) / 1000, code: code ?? 1, log: Buffer.concat(out).toString() }),
    );
  });
}

/** Returns the catalogue run's reports directory and wall time, for the report bench to build on. */
export async function suiteWallTimes(bin: string): Promise<{ reportsDir: string; seconds: number }> {
  console.log("whole runs against the built-in simulator (wall time)");
  const dir = mkdtempSync(join(tmpdir(), "osgp-bench-suite-"));
  const catalogue = await timed(bin, [
    "run",
    ...CLEAN_TARGETS.flatMap((t) => ["--target", t]),
    "--parallel",
    "4",
    "--reports-dir",
    join(dir, "catalogue"),
  ]);
  const scenarios =
    /\| scenarios \| (\d+)/.exec(readFileSync(join(dir, "catalogue", "summary.md"), "utf8"))?.[1] ?? "?";
  console.log(
    `  catalogue, ${CLEAN_TARGETS.join(" + ")}: ${scenarios} scenarios in ${catalogue.seconds.toFixed(1)} s (goal 15 s: ${(catalogue.seconds / 15).toFixed(2)} of it)${catalogue.code === 0 ? "" : " NOT ALL PASSED"}`,
  );
  const detection = await timed(bin, ["detection", "--reports-dir", join(dir, "detection")]);
  const score = /detection: (\d+\/\d+)\s*$/.exec(detection.log)?.[1] ?? "?";
  console.log(
    `  npm run detection: ${score} caught in ${detection.seconds.toFixed(1)} s (${(detection.seconds / catalogue.seconds).toFixed(1)}x the catalogue)`,
  );
  return { reportsDir: join(dir, "catalogue"), seconds: catalogue.seconds };
}
