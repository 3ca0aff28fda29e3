import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { skipUnlessInstalled } from "./external-tool";
import { openPtyBench, waitFor, type PtyBench } from "../../harness/cli/pty-bench";
import { simulatorPics } from "../../harness/conformance/pics/simulator-pics";
import { profileNamed } from "../../harness/simulator/profiles";

/**
 * The serial bench of the end-to-end tests (harness/cli/pty-bench.ts: a socat pty pair with the
 * standalone simulator on one end), and how they run the harness against it. Every process
 * started is killed by the bench's `close()`, which tests call in a finally block.
 */
export const ROOT = join(__dirname, "..", "..");
export const BIN = join(ROOT, "harness", "cli", "bin.js");

/** The `skip` option of a test that needs socat. */
/**
 * Over a 9600-baud pty the whole catalogue takes minutes; the bench runs what exercises the link,
 * the services and security (clauses 4-7 but the data-model ones, 8.3, 9, Annex A). The device
 * functions are link-independent and run in process on every link.
 */
const DEVICE_FUNCTIONS = [
  "6.1",
  "6.2",
  "6.3",
  "6.4",
  "6.5",
  "6.6",
  "6.7",
  "8.2",
  "8.4",
  "8.5",
  "8.6",
  "8.7",
  "8.8",
  "8.9",
  "8.10",
  "8.11",
  "8.12",
  "8.13",
  "8.14",
  "8.15",
  "8.16",
  "8.17",
  "8.18",
  "8.19",
];
export const LINK_SUITE_TAGS = `not (${DEVICE_FUNCTIONS.map((c) => `@clause-${c}`).join(" or ")})`;

export const SOCAT_SKIP = skipUnlessInstalled("socat", ["-V"]);

export type Bench = PtyBench;

export function openBench(): Promise<Bench> {
  return openPtyBench();
}

export interface RunResult {
  readonly code: number;
  readonly output: string;
  readonly reportsDir: string;
}

/** `osgp-conformance run ...` into a fresh reports directory. */
export function runHarness(args: string[], reportsDir: string, timeoutMs = 240000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "run", "--reports-dir", reportsDir, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`run did not finish in ${timeoutMs} ms:\n${output.slice(-3000)}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output, reportsDir });
    });
  });
}

/** The standalone simulator's documented default keys, as a lab would write them in its PIXIT file. */
export const SIMULATOR_KEYS_TEXT = {
  master: "SIM-MASTER-KEY",
  provisioning: "SIM-PROVISIONING",
  reader: "SIM-READER-KEY",
  mepAdvanced: "MAK-OSGP-SIM-KEY",
  mepBasic: "MBK-OSGP-SIM-KEY",
  omak: "OMAK-SIM-KEY",
} as const;

/** A PIXIT for the standalone simulator's documented defaults, with light pacing for a pty. */
export function simulatorPixitFile(dir: string): string {
  const file = join(dir, "pixit.json");
  const keys = Object.fromEntries(Object.entries(SIMULATOR_KEYS_TEXT).map(([role, text]) => [role, { text }]));
  writeFileSync(
    file,
    JSON.stringify({
      keys,
      session: { minRequestIntervalMs: 5, wakeup: { intervalMs: 5 } },
      // timingMarginMs: the MEP link checks' allowance for a loaded test machine's scheduler, not the device's.
      mep: { minRequestIntervalMs: 5, timingMarginMs: 150 },
      device: { hardwareLock: { read: [], write: ["ET02"], procedures: ["BP03"] } },
    }),
  );
  return file;
}

/** The standalone simulator's logon limit: `logons` a minute, then `holdOffSeconds` of hold-off. */
export function logonLimitArgs(logons: number, holdOffSeconds: number): string[] {
  return ["--logon-limit", String(logons), "--logon-window", "60", "--logon-hold-off", String(holdOffSeconds)];
}

/** simulatorPixitFile's PIXIT with session.logonHoldOff.seconds and the items of `more` (whole sections). */
export function holdOffPixitFile(dir: string, holdOffSeconds: number, more: object = {}): string {
  const file = simulatorPixitFile(dir);
  const p = JSON.parse(readFileSync(file, "utf8")) as { session: object };
  writeFileSync(
    file,
    JSON.stringify({ ...p, ...more, session: { ...p.session, logonHoldOff: { seconds: holdOffSeconds } } }),
  );
  return file;
}

export { waitFor };

/**
 * The PICS a vendor would declare for the standalone simulator (its reference profile): what BT00 cannot
 * show, such as the hardware lock of 7.5 and its options, is then declared, as a lab declares it.
 */
export function simulatorPicsFile(dir: string): string {
  const file = join(dir, "pics.json");
  writeFileSync(file, JSON.stringify({ items: simulatorPics(profileNamed("reference")) }));
  return file;
}
