import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MemorySample, SoakRole } from "../../harness/report/memory-samples";

/**
 * What a soak (soak.ts) found: its iterations, every memory sample, and per process role the
 * growth per hour, written as reports/soak.json and soak.md. Growth is the least-squares slope of
 * the samples each process gave after its warm-up (start-up, modules loaded on first use, the JIT,
 * caches filling), each process with its own intercept and one slope for all: a cucumber process
 * lives one iteration and the next starts low again, so a slope through all their samples
 * together would say nothing; fitted within each process, their growth and that of the long-lived
 * ones (the harness, the simulator) read alike.
 */
export interface SoakIteration {
  readonly n: number;
  readonly startedAt: string;
  readonly seconds: number;
  /** The run's exit code: 0 all passed, 1 a fail or inconclusive verdict, 130/143 stopped; -1 the run threw. */
  readonly exitCode: number;
  /** The run's verdict counts (its summary.json), when it wrote one. */
  readonly totals: Readonly<Record<string, number>> | null;
  readonly note: string | null;
}

export interface Growth {
  readonly role: SoakRole;
  /** Samples after the warm-up, and how many processes they came from. */
  readonly samples: number;
  readonly processes: number;
  /** Bytes per hour; null with fewer than two samples of one process after the warm-up. */
  readonly rssPerHour: number | null;
  readonly heapPerHour: number | null;
  /** The last sample's figures, for scale. */
  readonly lastRss: number | null;
  readonly lastHeap: number | null;
}

export interface SoakReport {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly minutes: number;
  /** "time" when it ran its minutes, else the signal that ended it. */
  readonly stoppedBy: string;
  readonly lineRate: number;
  readonly clockSpeed: number;
  readonly tags: string | null;
  readonly warmupSeconds: number;
  readonly sampleSeconds: number;
  readonly iterations: readonly SoakIteration[];
  readonly growth: readonly Growth[];
  readonly samples: readonly MemorySample[];
}

interface Point {
  readonly pid: number;
  readonly at: number;
  readonly y: number;
}

/** The least-squares slope of y per hour of `at` (ms), one intercept per pid. */
export function pooledSlopePerHour(points: readonly Point[]): number | null {
  const byPid = new Map<number, Point[]>();
  for (const p of points) {
    const group = byPid.get(p.pid);
    if (group === undefined) byPid.set(p.pid, [p]);
    else group.push(p);
  }
  let sxy = 0;
  let sxx = 0;
  for (const group of byPid.values()) {
    const mt = group.reduce((a, p) => a + p.at, 0) / group.length;
    const my = group.reduce((a, p) => a + p.y, 0) / group.length;
    for (const p of group) {
      sxy += (p.at - mt) * (p.y - my);
      sxx += (p.at - mt) ** 2;
    }
  }
  return sxx === 0 ? null : (sxy / sxx) * 3_600_000;
}

/** `warmupMs` from each process's first sample. */
export function growthOf(samples: readonly MemorySample[], warmupMs: number): Growth[] {
  const firstAt = new Map<number, number>();
  for (const s of samples) firstAt.set(s.pid, Math.min(s.at, firstAt.get(s.pid) ?? s.at));
  const warm = samples.filter((s) => s.at >= (firstAt.get(s.pid) ?? 0) + warmupMs);
  const roles: SoakRole[] = ["harness", "cucumber", "simulator"];
  return roles.map((role) => {
    const used = warm.filter((s) => s.role === role);
    const heap = used.flatMap((s) => (s.heapUsed === null ? [] : [{ pid: s.pid, at: s.at, y: s.heapUsed }]));
    const last = used.at(-1);
    return {
      role,
      samples: used.length,
      processes: new Set(used.map((s) => s.pid)).size,
      rssPerHour: pooledSlopePerHour(used.map((s) => ({ pid: s.pid, at: s.at, y: s.rss }))),
      heapPerHour: heap.length === 0 ? null : pooledSlopePerHour(heap),
      lastRss: last?.rss ?? null,
      lastHeap: last?.heapUsed ?? null,
    };
  });
}

export function megabytes(bytes: number | null, signed = false): string {
  if (bytes === null) return "n/a";
  const mb = bytes / 1_048_576;
  return `${signed && mb >= 0 ? "+" : ""}${mb.toFixed(2)} MB`;
}

export function soakMarkdown(r: SoakReport): string {
  const verdicts = (t: SoakIteration["totals"]) =>
    t === null
      ? "no summary"
      : Object.entries(t)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${n} ${k}`)
          .join(", ");
  return [
    "# Soak",
    "",
    `${r.startedAt} to ${r.finishedAt}, ${r.minutes} minute(s) asked, ended by ${r.stoppedBy === "time" ? "its time" : r.stoppedBy}; the optical suite${r.tags === null ? "" : ` (${r.tags})`} in a loop over a pty against the standalone simulator at ${r.lineRate} baud, device clock ${r.clockSpeed}x; memory sampled every ${r.sampleSeconds} s, growth fitted after each process's first ${r.warmupSeconds} s.`,
    "",
    "## Growth per hour",
    "",
    "| process | samples | processes | RSS growth per hour | heap growth per hour | last RSS | last heap |",
    "|---|---|---|---|---|---|---|",
    ...r.growth.map(
      (g) =>
        `| ${g.role} | ${g.samples} | ${g.processes} | ${megabytes(g.rssPerHour, true)} | ${megabytes(g.heapPerHour, true)} | ${megabytes(g.lastRss)} | ${megabytes(g.lastHeap)} |`,
    ),
    "",
    "## Iterations",
    "",
    "| # | started | seconds | exit | verdicts | note |",
    "|---|---|---|---|---|---|",
    ...r.iterations.map(
      (i) =>
        `| ${i.n} | ${i.startedAt} | ${i.seconds.toFixed(1)} | ${i.exitCode} | ${verdicts(i.totals)} | ${i.note ?? ""} |`,
    ),
    "",
    "Every sample is in soak.json.",
    "",
  ].join("\n");
}

/** Synchronous, so that it can run in an exit handler. */
export function writeSoakReport(reportsDir: string, r: SoakReport): void {
  writeFileSync(join(reportsDir, "soak.json"), `${JSON.stringify(r, null, 1)}\n`);
  writeFileSync(join(reportsDir, "soak.md"), soakMarkdown(r));
}
