import { appendFileSync, existsSync, readFileSync } from "node:fs";

/**
 * Memory samples of the processes of a soak (test/bench/soak.ts), one JSON line each. The soak
 * samples itself (the harness) and the simulator; a cucumber process samples itself at the end of
 * each scenario when SOAK_SAMPLE_ENV names the file (steps/hooks.ts), since no other process can
 * read its heap.
 */
export type SoakRole = "harness" | "cucumber" | "simulator";

export interface MemorySample {
  /** Date.now() of the sample: the processes share no other clock. */
  readonly at: number;
  readonly role: SoakRole;
  readonly pid: number;
  readonly rss: number;
  /** V8's used heap; null where only the operating system's figure is reachable (the simulator). */
  readonly heapUsed: number | null;
}

export const SOAK_SAMPLE_ENV = "OSGP_SOAK_SAMPLE";

export function ownMemorySample(role: SoakRole): MemorySample {
  const m = process.memoryUsage();
  return { at: Date.now(), role, pid: process.pid, rss: m.rss, heapUsed: m.heapUsed };
}

/** Whole lines, so that processes appending at once never interleave within one. */
export function appendMemorySample(file: string, s: MemorySample): void {
  appendFileSync(file, `${JSON.stringify(s)}\n`);
}

export function readMemorySamples(file: string): MemorySample[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as MemorySample);
}
