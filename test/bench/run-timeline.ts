import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TimerSite } from "./timer-meter";

/**
 * Where a cucumber run's time went, from its message stream: when the run started and ended, when
 * each worker began its first scenario (what loading the step code cost it), each scenario's
 * duration, and each step's and hook's duration under the step definition's pattern (so that
 * "lets 5 seconds pass" and "lets 60 seconds pass" add up as one step).
 */
export interface RunTimeline {
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Per worker ("" when not parallel): ms from the run's start to its first scenario's start. */
  readonly workerStartMs: ReadonlyMap<string, number>;
  readonly scenarios: readonly { readonly uri: string; readonly name: string; readonly ms: number }[];
  /** Step definition pattern, or "hook FILE:LINE": total ms and how many ran. */
  readonly steps: ReadonlyMap<string, { ms: number; count: number }>;
}

interface Timestamp {
  readonly seconds: number;
  readonly nanos: number;
}

const msOf = (t: Timestamp) => t.seconds * 1000 + t.nanos / 1e6;

export function runTimeline(ndjson: string): RunTimeline {
  let startedAt = NaN;
  let finishedAt = NaN;
  const labels = new Map<string, string>();
  const pickles = new Map<string, { uri: string; name: string }>();
  const stepLabels = new Map<string, string>();
  const casePickle = new Map<string, string>();
  const started = new Map<string, { at: number; caseId: string }>();
  const workerStartMs = new Map<string, number>();
  const scenarios: { uri: string; name: string; ms: number }[] = [];
  const steps = new Map<string, { ms: number; count: number }>();
  for (const line of ndjson.split("\n")) {
    if (line.trim() === "") continue;
    // Each message is an object with one key: its kind.
    const m = JSON.parse(line) as Record<string, Record<string, unknown>>;
    if (m.testRunStarted) startedAt = msOf(m.testRunStarted.timestamp as Timestamp);
    if (m.testRunFinished) finishedAt = msOf(m.testRunFinished.timestamp as Timestamp);
    if (m.stepDefinition)
      labels.set(m.stepDefinition.id as string, (m.stepDefinition.pattern as { source: string }).source);
    if (m.hook) {
      const ref = m.hook.sourceReference as { uri: string; location?: { line: number } };
      labels.set(m.hook.id as string, `hook ${ref.uri.replace(/^.*node_modules\//, "")}:${ref.location?.line ?? "?"}`);
    }
    if (m.pickle) pickles.set(m.pickle.id as string, { uri: m.pickle.uri as string, name: m.pickle.name as string });
    if (m.testCase) {
      casePickle.set(m.testCase.id as string, m.testCase.pickleId as string);
      for (const s of m.testCase.testSteps as { id: string; hookId?: string; stepDefinitionIds?: string[] }[]) {
        const def = s.hookId ?? s.stepDefinitionIds?.[0];
        stepLabels.set(s.id, (def === undefined ? undefined : labels.get(def)) ?? "(undefined step)");
      }
    }
    if (m.testCaseStarted) {
      const at = msOf(m.testCaseStarted.timestamp as Timestamp);
      const worker = (m.testCaseStarted.workerId as string | undefined) ?? "";
      started.set(m.testCaseStarted.id as string, { at, caseId: m.testCaseStarted.testCaseId as string });
      if (!workerStartMs.has(worker)) workerStartMs.set(worker, at - startedAt);
    }
    if (m.testStepFinished) {
      const label = stepLabels.get(m.testStepFinished.testStepId as string) ?? "(unknown step)";
      const d = (m.testStepFinished.testStepResult as { duration: Timestamp }).duration;
      const s = steps.get(label) ?? { ms: 0, count: 0 };
      s.ms += msOf(d);
      s.count++;
      steps.set(label, s);
    }
    if (m.testCaseFinished) {
      const s = started.get(m.testCaseFinished.testCaseStartedId as string);
      const p = s === undefined ? undefined : pickles.get(casePickle.get(s.caseId) ?? "");
      if (s !== undefined && p !== undefined)
        scenarios.push({ ...p, ms: msOf(m.testCaseFinished.timestamp as Timestamp) - s.at });
    }
  }
  return { startedAt, finishedAt, workerStartMs, scenarios, steps };
}

/** The timer meter's files of every process of a run, summed by site. */
export function timerSites(dir: string): Map<string, TimerSite> {
  const sum = new Map<string, TimerSite>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".json"))) {
    const { sites } = JSON.parse(readFileSync(join(dir, f), "utf8")) as { sites: Record<string, TimerSite> };
    for (const [site, t] of Object.entries(sites)) {
      const s = sum.get(site) ?? { count: 0, ms: 0 };
      s.count += t.count;
      s.ms += t.ms;
      sum.set(site, s);
    }
  }
  return sum;
}

/**
 * Each process of a run that the timer meter followed: its command line, its target (OSGP_TARGET),
 * its CPU time and the time its fired timers kept callers waiting (ms).
 */
export function processCpu(dir: string): { argv: string[]; target: string; cpuMs: number; timersMs: number }[] {
  return readdirSync(dir)
    .filter((x) => x.endsWith(".json"))
    .map((f) => {
      const p = JSON.parse(readFileSync(join(dir, f), "utf8")) as {
        argv: string[];
        target: string;
        cpuMs: number;
        sites: Record<string, TimerSite>;
      };
      return { ...p, timersMs: Object.values(p.sites).reduce((a, t) => a + t.ms, 0) };
    });
}
