import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TraceEntry } from "../../harness/session/trace";

/**
 * Requests a run sent, counted from the session traces its scenarios attached (the JSON "trace, ..."
 * attachments in cucumber's messages), per target and per service, so that a change to how often
 * the harness polls can be weighed by the requests it saves on the same tags:
 *
 *   node --import tsx test/bench/request-count.ts REPORTS_DIR [BEFORE_REPORTS_DIR]
 *
 * With two directories it prints the first's figures and the second's side by side. Targets are
 * named by their messages file (cucumber-messages-N.ndjson: the run's Nth --target).
 */
export interface RequestCounts {
  /** Per messages file (one per target), then per service ("full read BT08"). */
  readonly targets: ReadonlyMap<string, { scenarios: number; requests: number; services: Map<string, number> }>;
  /** Requests per scenario, "target: feature file: name". */
  readonly scenarios: ReadonlyMap<string, number>;
}

/** Link-level bytes the harness sends that are not requests. */
const NOT_REQUESTS = new Set(["ack", "nak", "wake-up"]);
const SERVICE = /\b(full read|partial read|full write|partial write) (\S+)/;

/**
 * What one traced request asked for: its own summary says so on the optical port, the note before it on a secured link.
 */
function serviceOf(entry: TraceEntry, lastNote: string): string {
  return (SERVICE.exec(entry.summary) ?? SERVICE.exec(lastNote))?.slice(1, 3).join(" ") ?? "other (session, link)";
}

export function countRequests(reportsDir: string): RequestCounts {
  const targets = new Map<string, { scenarios: number; requests: number; services: Map<string, number> }>();
  const scenarios = new Map<string, number>();
  for (const file of readdirSync(reportsDir)
    .filter((f) => /^cucumber-messages(-\d+)?\.ndjson$/.test(f))
    .sort()) {
    const pickles = new Map<string, string>();
    const cases = new Map<string, string>();
    const started = new Map<string, string>();
    const t = { scenarios: 0, requests: 0, services: new Map<string, number>() };
    for (const line of readFileSync(join(reportsDir, file), "utf8").split("\n")) {
      if (line === "") continue;
      const m = JSON.parse(line) as Record<string, Record<string, unknown> | undefined>;
      if (m.pickle) pickles.set(m.pickle.id as string, `${m.pickle.uri as string}: ${m.pickle.name as string}`);
      if (m.testCase) cases.set(m.testCase.id as string, m.testCase.pickleId as string);
      if (m.testCaseStarted) {
        started.set(
          m.testCaseStarted.id as string,
          pickles.get(cases.get(m.testCaseStarted.testCaseId as string) ?? "") ?? "?",
        );
        t.scenarios++;
      }
      const a = m.attachment as { fileName?: string; body?: string; testCaseStartedId?: string } | undefined;
      if (a?.fileName?.startsWith("trace, ") !== true || a.body === undefined) continue;
      let note = "";
      let n = 0;
      for (const e of JSON.parse(a.body) as TraceEntry[]) {
        if (e.direction === "note") note = e.summary;
        if (e.direction !== "tx" || NOT_REQUESTS.has(e.kind)) continue;
        n++;
        const s = serviceOf(e, note);
        t.services.set(s, (t.services.get(s) ?? 0) + 1);
      }
      t.requests += n;
      const key = `${file}: ${started.get(a.testCaseStartedId ?? "") ?? "?"}`;
      scenarios.set(key, (scenarios.get(key) ?? 0) + n);
    }
    targets.set(file, t);
  }
  return { targets, scenarios };
}

function top<K>(m: ReadonlyMap<K, number>, n: number): [K, number][] {
  return [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

function main(): void {
  const [dir, before] = process.argv.slice(2);
  if (dir === undefined) throw new Error("usage: request-count.ts REPORTS_DIR [BEFORE_REPORTS_DIR]");
  const now = countRequests(dir);
  const then = before === undefined ? null : countRequests(before);
  const was = (n: number | undefined) => (then === null ? "" : ` (before: ${n ?? "-"})`);
  let total = 0;
  let totalBefore = 0;
  for (const [target, t] of now.targets) {
    const b = then?.targets.get(target);
    total += t.requests;
    totalBefore += b?.requests ?? 0;
    console.log(`${target}: ${t.scenarios} scenarios, ${t.requests} requests${was(b?.requests)}`);
    for (const [s, n] of top(t.services, 6))
      console.log(`  ${s.padEnd(28)} ${String(n).padStart(6)}${was(b?.services.get(s))}`);
  }
  console.log(
    `total: ${total} requests${then === null ? "" : ` (before: ${totalBefore}; saved ${totalBefore - total}, ${((100 * (totalBefore - total)) / Math.max(1, totalBefore)).toFixed(1)} %)`}`,
  );
  console.log("scenarios sending the most requests:");
  for (const [s, n] of top(now.scenarios, 10))
    console.log(`  ${String(n).padStart(6)}${was(then?.scenarios.get(s))}  ${s}`);
}

if (require.main === module) main();
