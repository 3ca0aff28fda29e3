import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SOCAT_SKIP } from "../support/serial-bench";
import { megabytes, type SoakReport } from "./soak-figures";

/**
 * A short soak for `npm run bench` (soak.ts): 2 minutes of the optical suite over a pty against the
 * standalone simulator at 9600 baud, its clock 10 times real time so that the clock scenarios'
 * waits take a tenth; each process's memory growth per hour as a figure. Two minutes is short for
 * a slope (a garbage collection moves it a lot): the figure is for comparing runs of this bench,
 * `npm run soak -- --minutes 60` is the soak.
 */
const MINUTES = 2;

export async function soakBench(): Promise<void> {
  console.log(
    `soak: ${MINUTES} minutes of the optical suite over a pty at 9600 baud, device clock 10x (memory growth per hour)`,
  );
  if (SOCAT_SKIP !== false) {
    console.log(`  skipped: ${SOCAT_SKIP}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "osgp-bench-soak-"));
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(__dirname, "soak.ts"),
        "--minutes",
        String(MINUTES),
        "--clock-speed",
        "10",
        "--reports-dir",
        dir,
      ],
      { stdio: "ignore" },
    );
    child.on("close", (c) => resolve(c ?? 1));
  });
  const file = join(dir, "soak.json");
  if (!existsSync(file)) {
    console.log(`  the soak wrote no figures (exit ${code})`);
    return;
  }
  const r = JSON.parse(readFileSync(file, "utf8")) as SoakReport;
  const perHour = (bytes: number | null) => (bytes === null ? "n/a" : `${megabytes(bytes, true)}/h`);
  for (const g of r.growth) {
    console.log(
      `  ${g.role.padEnd(10)} RSS ${perHour(g.rssPerHour)}, heap ${perHour(g.heapPerHour)}; last RSS ${megabytes(g.lastRss)} (${g.samples} samples of ${g.processes} process(es), each after its first ${r.warmupSeconds} s)`,
    );
  }
  const done = r.iterations.map((i) => `${i.seconds.toFixed(0)} s exit ${i.exitCode}`).join(", ");
  console.log(`  ${r.iterations.length} iteration(s) (${done}), ended by ${r.stoppedBy}; ${join(dir, "soak.md")}`);
}

if (require.main === module) {
  soakBench().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
