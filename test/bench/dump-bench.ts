import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openPtyBench } from "../../harness/cli/pty-bench";
import { simulatorPixitOverlay } from "../../harness/conformance/target";
import { profileNamed } from "../../harness/simulator/profiles";

/** What `dump --json` prints of each table: its bytes as hex, or the code that refused it. */
export interface DumpedTable {
  readonly table: string;
  readonly id: number;
  readonly length?: number;
  readonly hex?: string;
  readonly refused?: string;
  /** How a table one response did not carry was read (bench-commands.ts). */
  readonly inParts?: { readonly requests: number; readonly whole: boolean };
}

/** `dump --key master --json` over the serial port `tty`: its document and wall time, process start included. */
export async function timedDump(
  bin: string,
  tty: string,
  pixit: string,
): Promise<{ doc: { tables: DumpedTable[]; refused: number }; seconds: number }> {
  const t0 = performance.now();
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [bin, "dump", "--key", "master", "--json", "--target", `optical:${tty}`, "--pixit", pixit],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.on("close", (c) => resolve({ code: c, stdout: out }));
  });
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`dump exited ${code}`);
  return { doc: JSON.parse(stdout) as { tables: DumpedTable[]; refused: number }, seconds };
}

/**
 * `dump --key master` of every table of the reference meter through a socat pty against the
 * standalone simulator, at 9600 baud: wall time of the whole command (process start included) and
 * of the dump alone, with the tables read and refused.
 */
export async function dumpBench(bin: string): Promise<void> {
  console.log("bench commands: dump of every table of the reference meter over a pty (9600 baud)");
  const bench = await openPtyBench().catch((e: Error) => e);
  if (bench instanceof Error) {
    console.log(`  skipped (${bench.message})`);
    return;
  }
  try {
    await bench.startSimulator(["--quiet"]);
    const pixit = join(bench.dir, "pixit.json");
    writeFileSync(pixit, JSON.stringify(simulatorPixitOverlay(profileNamed("reference"))));
    const { doc, seconds: wall } = await timedDump(bin, bench.harnessEnd, pixit);
    const bytes = doc.tables.reduce((n, t) => n + (t.length ?? 0), 0);
    console.log(
      `  ${doc.tables.length} tables (${doc.refused} refused), ${bytes} data bytes: ${wall.toFixed(1)} s wall, process start included`,
    );
  } finally {
    await bench.close();
  }
}
