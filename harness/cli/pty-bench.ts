import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A serial bench on one machine: a socat pty pair (the two ends of a virtual null-modem cable),
 * the standalone simulator on one end and the harness on the other. The detection run shows the
 * link defects this way, and the end-to-end tests use it too. `close()` ends every process
 * started here.
 */
export interface PtyBench {
  readonly dir: string;
  readonly deviceEnd: string;
  readonly harnessEnd: string;
  /** Starts `simulate --optical` (or `--mep` with "--mep-port") on the device end; resolves when it is ready. */
  startSimulator(
    extraArgs?: readonly string[],
  ): Promise<{ stderr: () => string; readonly pid: number; running: () => boolean }>;
  close(): Promise<void>;
}

const BIN = join(__dirname, "bin.js");

export async function openPtyBench(dir = mkdtempSync(join(tmpdir(), "osgp-bench-"))): Promise<PtyBench> {
  const deviceEnd = join(dir, "ttyDevice");
  const harnessEnd = join(dir, "ttyHarness");
  const children: ChildProcess[] = [];
  const socat = spawn("socat", ["-d", "-d", `pty,raw,echo=0,link=${deviceEnd}`, `pty,raw,echo=0,link=${harnessEnd}`], {
    stdio: "ignore",
  });
  children.push(socat);
  const close = async () => {
    for (const c of [...children].reverse()) if (c.exitCode === null) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once("exit", r)))));
  };
  try {
    await waitFor(() => existsSync(deviceEnd) && existsSync(harnessEnd), 5000, "socat's pty links");
  } catch (e) {
    await close();
    throw e;
  }
  return {
    dir,
    deviceEnd,
    harnessEnd,
    close,
    async startSimulator(extraArgs = []) {
      const port = extraArgs.includes("--mep-port") ? "--mep" : "--optical";
      const args = extraArgs.filter((a) => a !== "--mep-port");
      const sim = spawn(process.execPath, [BIN, "simulate", port, deviceEnd, ...args], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.splice(0, 0, sim);
      let out = "";
      let err = "";
      sim.stdout?.on("data", (b: Buffer) => (out += b.toString()));
      sim.stderr?.on("data", (b: Buffer) => (err += b.toString()));
      await waitFor(() => out.includes("simulator ready") || sim.exitCode !== null, 20000, "the simulator");
      if (sim.exitCode !== null || sim.pid === undefined) throw new Error(`the simulator exited: ${err}`);
      return { stderr: () => err, pid: sim.pid, running: () => sim.exitCode === null && sim.signalCode === null };
    },
  };
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
