import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { constants } from "node:os";
import type { RunConfig } from "../conformance/run-config";
import { plannedScenarios } from "../report/run-summary";

/**
 * How long a cucumber run against the simulator, told to stop, may take to end: its scenario in
 * progress ends its step (within 2 s) and its After hooks, then the scenarios not run are skipped
 * through (a few ms each). 7 s stays under the 10 s that `docker stop` and CI runners leave between
 * their SIGTERM and SIGKILL, so that the summary is written before their SIGKILL comes.
 */
const SIMULATOR_GRACE_MS = 7000;

/** Two signals this close together are one interruption delivered twice (see onSignal). */
const SAME_KEYPRESS_MS = 1000;

/**
 * How long a run may take to stop before its cucumber processes are killed. Against a device, the
 * scenario in progress may need a whole step and its After hooks (each within the PIXIT's
 * steps.timeoutMs) to put the device back, which matters more than time: a second signal is there
 * for an operator who will not wait.
 */
export function stopGraceMs(config: RunConfig): number {
  return config.target.kind === "sim" ? SIMULATOR_GRACE_MS : 2 * config.pixit.steps.timeoutMs + SIMULATOR_GRACE_MS;
}

/**
 * SIGINT and SIGTERM during `osgp-conformance run`. The first is passed on to every cucumber run in
 * progress (targets may run side by side), to its whole process group (the coordinator and its parallel workers: each
 * is spawned detached, the leader of its own group, so that Ctrl-C reaches cucumber only through here). Cucumber
 * then ends its scenario at the next step and starts no other (steps/graceful-stop.ts), and the run
 * writes its summary and report for what finished; no later target is started. Past the grace period
 * the cucumber processes are killed, and a scenario they were still in is inconclusive. A second
 * signal kills them and exits at once.
 */
export class RunInterruption {
  /** The signal that stopped the run, if one did. */
  signal: NodeJS.Signals | null = null;
  private readonly runs = new Map<ChildProcess, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** When the first signal came (monotonic ms). */
  private firstAt = 0;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    // Under `npm run`, one Ctrl-C arrives twice: from the terminal to the process group, and again
    // as npm passes it on. Only a signal a moment later is an operator who will not wait.
    if (this.signal !== null && performance.now() - this.firstAt < SAME_KEYPRESS_MS) return;
    if (this.signal !== null) {
      for (const child of this.runs.keys()) killGroup(child, "SIGKILL");
      process.exit(exitCodeOf(signal));
    }
    this.signal = signal;
    this.firstAt = performance.now();
    // Said once, however many targets are running: each run has its own grace, the longest bounds the wait.
    const graceMs = Math.max(0, ...this.runs.values());
    if (this.runs.size > 0)
      console.error(
        `\n${signal}: stopping once the scenario in progress has put the device back (at most ${Math.round(graceMs / 1000)} s); a second signal stops at once`,
      );
    for (const [child, grace] of this.runs) this.stop(child, grace);
  };
  private readonly onExit = (): void => {
    for (const child of this.runs.keys()) killGroup(child, "SIGKILL");
  };

  constructor() {
    process.on("SIGINT", this.onSignal);
    process.on("SIGTERM", this.onSignal);
    // A run that ends by an exception leaves no cucumber behind, detached as it is.
    process.on("exit", this.onExit);
  }

  /** The exit code of an interrupted run (128 + the signal's number), or null. */
  get exitCode(): number | null {
    return this.signal === null ? null : exitCodeOf(this.signal);
  }

  /** A cucumber run, spawned with `detached: true`: told to stop with the rest, until it closes. */
  watch(child: ChildProcess, graceMs: number): void {
    this.runs.set(child, graceMs);
    child.on("close", () => this.runs.delete(child));
    if (this.signal !== null) this.stop(child, graceMs);
  }

  dispose(): void {
    process.off("SIGINT", this.onSignal);
    process.off("SIGTERM", this.onSignal);
    process.off("exit", this.onExit);
    for (const t of this.timers) clearTimeout(t);
  }

  private stop(child: ChildProcess, graceMs: number): void {
    killGroup(child, this.signal ?? "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs).unref();
    this.timers.add(timer);
    child.on("close", () => clearTimeout(timer));
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // The group has just ended: nothing is left to stop.
  }
}

function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

/**
 * How many scenarios of a target an interrupted run did not run: those its cucumber announced and
 * gave no verdict (`messages`, with `ran` verdicts), or, when it announced none (never started, or
 * stopped while it loaded), every scenario it would have run (`planned`).
 */
export async function notRunCount(
  messages: string | null,
  ran: number,
  planned: () => Promise<number>,
): Promise<number> {
  const announced = messages !== null && existsSync(messages) ? plannedScenarios(readFileSync(messages, "utf8")) : 0;
  return announced > 0 ? announced - ran : await planned();
}
