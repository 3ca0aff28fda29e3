import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { skipUnlessInstalled } from "./external-tool";

/**
 * A serial bench on one machine: a socat pty pair (two ends of a virtual null-modem cable), the
 * standalone simulator on one end and the harness on the other. Every process started here is
 * killed by `close()`, which tests call in a finally block.
 */
export const ROOT = join(__dirname, "..", "..");
export const BIN = join(ROOT, "harness", "cli", "bin.js");

/** The `skip` option of a test that needs socat. */
/**
 * Over a 9600-baud pty the whole catalogue takes minutes; the bench runs what exercises the link,
 * the services and security (clauses 4-7 but the data-model ones, 8.3, 9, Annex A). The device
 * functions are link-independent and run in process on every link.
 */
const DEVICE_FUNCTIONS = ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "8.2", "8.4", "8.5", "8.6", "8.7", "8.8", "8.9", "8.10", "8.11", "8.12", "8.13", "8.14", "8.15", "8.16", "8.17", "8.18", "8.19"];
export const LINK_SUITE_TAGS = `not (${DEVICE_FUNCTIONS.map((c) => `@clause-${c}`).join(" or ")})`;

export const SOCAT_SKIP = skipUnlessInstalled("socat", ["-V"]);

export interface Bench {
  readonly dir: string;
  readonly deviceEnd: string;
  readonly harnessEnd: string;
  close(): Promise<void>;
  /** Starts the simulator on the device end; resolves when it says it is ready. */
  startSimulator(extraArgs?: string[]): Promise<{ stderr: () => string }>;
}

export async function openBench(): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), "osgp-bench-"));
  const deviceEnd = join(dir, "ttyDevice");
  const harnessEnd = join(dir, "ttyHarness");
  const children: ChildProcess[] = [];
  const socat = spawn("socat", ["-d", "-d", `pty,raw,echo=0,link=${deviceEnd}`, `pty,raw,echo=0,link=${harnessEnd}`], { stdio: "ignore" });
  children.push(socat);
  await waitFor(() => existsSync(deviceEnd) && existsSync(harnessEnd), 5000, "socat's pty links");
  return {
    dir,
    deviceEnd,
    harnessEnd,
    async close() {
      for (const c of children.reverse()) if (c.exitCode === null) c.kill("SIGTERM");
      await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once("exit", r)))));
    },
    async startSimulator(extraArgs = []) {
      const port = extraArgs.includes("--mep-port") ? "--mep" : "--optical";
      const args = extraArgs.filter((a) => a !== "--mep-port");
      const sim = spawn(process.execPath, [BIN, "simulate", port, deviceEnd, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      children.splice(0, 0, sim);
      let out = "";
      let err = "";
      sim.stdout?.on("data", (b: Buffer) => (out += b.toString()));
      sim.stderr?.on("data", (b: Buffer) => (err += b.toString()));
      await waitFor(() => out.includes("simulator ready") || sim.exitCode !== null, 20000, "the simulator");
      if (sim.exitCode !== null) throw new Error(`the simulator exited: ${err}`);
      return { stderr: () => err };
    },
  };
}

export interface RunResult {
  readonly code: number;
  readonly output: string;
  readonly reportsDir: string;
}

/** `osgp-conformance run ...` into a fresh reports directory. */
export function runHarness(args: string[], reportsDir: string, timeoutMs = 240000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "run", "--reports-dir", reportsDir, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
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
      mep: { minRequestIntervalMs: 5 },
      device: { hardwareLock: { read: [], write: ["ET02"], procedures: ["BP03"] } },
    }),
  );
  return file;
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
