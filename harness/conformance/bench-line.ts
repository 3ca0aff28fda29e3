import { realpathSync } from "node:fs";

/**
 * What kind of line carries a target's bytes, for the judges of link timing: arrival times are the
 * device's only over a line. A pty carries bytes at once (each chunk's time is its bytes' time); a
 * serial line at its rate (a chunk's bytes arrived one byte time apart, the last at the chunk's
 * time). The in-process simulator has no line at all. A replay has the line of the run it replays:
 * the recording says which (recording-format.ts, the header's targets), and its clock gives the
 * recorded times (transport/replay-clock.ts), so the replay judges timing as the recorded run did.
 */
export type BenchLine = "pty" | "serial";

function isPseudoTerminal(path: string): boolean {
  try {
    const real = realpathSync(path);
    return real.startsWith("/dev/pts/") || /^\/dev\/ttys\d+$/.test(real);
  } catch {
    return false;
  }
}

/** The target's line (a bench serial target: its path; a replay: its recording's); null where bytes travel on none. */
export function benchLine(target: {
  readonly kind: string;
  readonly path?: string;
  readonly line?: BenchLine | null;
}): BenchLine | null {
  if (target.kind === "serial" && target.path !== undefined) return isPseudoTerminal(target.path) ? "pty" : "serial";
  if (target.kind === "replay") return target.line ?? null;
  return null;
}
