import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simulatorPixitOverlay } from "../conformance/target";
import { ConfigError } from "../errors";
import { profileNamed } from "../simulator/profiles";
import { runSuite } from "./run-command";

/**
 * `osgp-conformance plc-loopback`: the PLC features over real UDP on this machine. It starts the
 * standalone simulator as its own process (`simulate --cnip 127.0.0.1:0`, so the kernel picks a
 * free port), runs the suite against `plc:127.0.0.1:PORT` with a PIXIT file for the simulator's
 * documented keys, and stops the simulator. The pcaps stay in REPORTS/pcap/. The channel may be
 * impaired (loss, duplication, delay) to show that the retries carry the suite through.
 */
export interface PlcLoopbackOptions {
  readonly profile: string;
  readonly lossPercent: number;
  readonly duplicatePercent: number;
  readonly delayMs: number;
  readonly seed: number;
  readonly tags: string | null;
  readonly report: boolean;
  readonly reportsDir: string;
}

/**
 * Per attempt the simulator answers within milliseconds on loopback; 9 attempts make a lost
 * exchange rare (0.19^9 at 10 % loss each way) while a silent meter still shows within 3 s.
 */
const LOOPBACK_PLC_PIXIT = { responseTimeoutSeconds: 0.3, retries: 8 };

export async function runPlcLoopback(o: PlcLoopbackOptions): Promise<number> {
  // The PIXIT holds the simulator's keys: kept out of the reports a lab hands on, removed afterwards.
  const pixitDir = mkdtempSync(join(tmpdir(), "osgp-plc-loopback-"));
  const pixitFile = join(pixitDir, "pixit.json");
  const base = simulatorPixitOverlay(profileNamed(o.profile));
  // Real time: over a lossy channel a retried exchange takes whole seconds, which a fast clock would
  // turn into clock errors the meter did not make.
  const overlay = { ...base, clock: { ...base.clock, speed: 1 } };
  writeFileSync(pixitFile, JSON.stringify({ ...overlay, plc: { ...overlay.plc, ...LOOPBACK_PLC_PIXIT } }, null, 2));
  const bin = join(__dirname, "bin.js");
  const args = [
    "simulate",
    "--cnip",
    "127.0.0.1:0",
    "--quiet",
    "--profile",
    o.profile,
    "--loss",
    String(o.lossPercent),
    "--duplicate",
    String(o.duplicatePercent),
    "--delay",
    String(o.delayMs),
    "--seed",
    String(o.seed),
    "--clock-speed",
    String(overlay.clock.speed),
  ];
  const sim = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    const port = await readyPort(sim);
    console.log(`plc-loopback: standalone simulator (pid ${sim.pid}) on udp 127.0.0.1:${port}`);
    return await runSuite({
      targets: [`plc:127.0.0.1:${port}`],
      pixit: pixitFile,
      tags: o.tags,
      report: o.report,
      reportsDir: o.reportsDir,
      parallel: 1,
    });
  } finally {
    if (sim.exitCode === null) {
      sim.kill("SIGTERM");
      await new Promise((r) => sim.once("exit", r));
    }
    rmSync(pixitDir, { recursive: true, force: true });
  }
}

/** The port in the simulator's ready line; its stderr when it exits first. */
function readyPort(sim: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    sim.stderr?.on("data", (b: Buffer) => (err += b.toString()));
    sim.stdout?.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /CN\/IP gateway on udp [\d.]+:(\d+)/.exec(out);
      if (m !== null) resolve(Number(m[1]));
    });
    sim.once("exit", (code) =>
      reject(
        new ConfigError(
          "OSGP_ERR_USAGE",
          `the simulator exited (${code}) before it was ready: ${err.trim() || out.trim()}`,
        ),
      ),
    );
    sim.once("error", (e) => reject(new ConfigError("OSGP_ERR_USAGE", `the simulator could not start: ${e.message}`)));
  });
}
