import { ConfigError } from "../errors";
import type { ScenarioVerdict, Verdict } from "./run-summary";

/**
 * A run's verdicts kept as a regression baseline, and the comparison of a run with it (the CI
 * gate). A scenario is known by its target, feature file, name and, for scenarios of one name in
 * one file (an outline's examples), its rank among them by line: lines move when a file is edited,
 * ranks only when scenarios are added or removed. Known failures (osmocom's expected results): a
 * scenario the baseline records as fail or inconclusive that still is fail or inconclusive is not
 * a change. Anything else that differs is: a new failure, a fixed one (the baseline must then be
 * updated, or the fix would go unrecorded and could regress unseen), any other verdict change, a
 * scenario gone or new.
 */
export const BASELINE_FORMAT = "osgp-conformance baseline";
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  readonly target: string;
  readonly feature: string;
  readonly scenario: string;
  readonly index: number;
  readonly verdict: Verdict;
  /** Why it did not pass, with times and durations masked so that two saves of one result are equal. */
  readonly reason?: string;
}

export interface Baseline {
  readonly format: typeof BASELINE_FORMAT;
  readonly version: typeof BASELINE_VERSION;
  readonly scenarios: readonly BaselineEntry[];
}

export type ChangeKind = "new failure" | "fixed" | "changed" | "missing" | "new";

export interface BaselineChange {
  readonly kind: ChangeKind;
  readonly entry: Omit<BaselineEntry, "verdict" | "reason">;
  readonly old: Verdict | null;
  readonly new: Verdict | null;
  /** The run's reason for a new verdict, the baseline's for a scenario gone or fixed. */
  readonly reason: string;
}

export interface BaselineComparison {
  readonly changes: readonly BaselineChange[];
  /** Scenarios still failing or inconclusive as the baseline expects. */
  readonly known: number;
  readonly unchanged: number;
}

export function baselineOf(scenarios: readonly ScenarioVerdict[]): Baseline {
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, scenarios: entriesOf(scenarios) };
}

/** Pretty JSON, one field a line, sorted: a saved baseline diffs cleanly in review. */
export function formatBaseline(b: Baseline): string {
  return JSON.stringify(b, null, 2) + "\n";
}

/** The baseline in `text`; `file` names it in the error when it is not one. */
export function parseBaseline(text: string, file: string): Baseline {
  const problem = (what: string): ConfigError => new ConfigError("OSGP_ERR_BASELINE", `${file} ${what}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw problem(
      `is not JSON (${(e as Error).message}); write a baseline with \`osgp-conformance baseline save ${file}\``,
    );
  }
  if (!isRecord(data) || data["format"] !== BASELINE_FORMAT)
    throw problem(`is not an osgp-conformance baseline (it lacks "format": "${BASELINE_FORMAT}")`);
  if (data["version"] !== BASELINE_VERSION)
    throw problem(
      `is a baseline of format version ${JSON.stringify(data["version"])}, and this harness reads version ${BASELINE_VERSION}: save it again with this harness`,
    );
  const list = data["scenarios"];
  if (!Array.isArray(list)) throw problem(`has no "scenarios" list`);
  const bad = list.findIndex((e) => !isEntry(e));
  if (bad >= 0)
    throw problem(
      `scenarios[${bad}]: needs target, feature and scenario (text), index (a whole number) and verdict (pass, fail, inconclusive or not applicable)`,
    );
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, scenarios: list as BaselineEntry[] };
}

export function compareWithBaseline(baseline: Baseline, scenarios: readonly ScenarioVerdict[]): BaselineComparison {
  const now = new Map(entriesOf(scenarios).map((e) => [keyOf(e), e]));
  const changes: BaselineChange[] = [];
  let known = 0;
  let unchanged = 0;
  for (const was of baseline.scenarios) {
    const is = now.get(keyOf(was));
    now.delete(keyOf(was));
    if (is === undefined) {
      changes.push(change("missing", was, was.verdict, null, was.reason ?? ""));
    } else if (isFailing(was.verdict) && isFailing(is.verdict)) {
      known++;
    } else if (was.verdict === is.verdict) {
      unchanged++;
    } else if (isFailing(is.verdict)) {
      changes.push(change("new failure", was, was.verdict, is.verdict, is.reason ?? ""));
    } else if (isFailing(was.verdict) && is.verdict === "pass") {
      changes.push(change("fixed", was, was.verdict, is.verdict, was.reason ?? ""));
    } else {
      changes.push(change("changed", was, was.verdict, is.verdict, is.reason ?? ""));
    }
  }
  for (const is of now.values()) changes.push(change("new", is, null, is.verdict, is.reason ?? ""));
  return { changes: changes.sort((a, b) => compareEntries(a.entry, b.entry)), known, unchanged };
}

/** One line per change: what it is, which scenario, old → new, and why. */
export function describeChange(c: BaselineChange): string {
  const what = c.kind === "fixed" ? "fixed: update the baseline" : c.kind;
  const id = `${c.entry.target} | ${c.entry.feature} | ${c.entry.scenario}${c.entry.index > 0 ? ` #${c.entry.index + 1}` : ""}`;
  const verdicts = `${c.old ?? "(not in the baseline)"} → ${c.new ?? "(did not run)"}`;
  return `${what}: ${id}: ${verdicts}${c.reason === "" ? "" : ` (${c.reason})`}`;
}

function entriesOf(scenarios: readonly ScenarioVerdict[]): BaselineEntry[] {
  const byLine = [...scenarios].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const seen = new Map<string, number>();
  const entries = byLine.map((s) => {
    const id = { target: s.target ?? "", feature: s.uri, scenario: s.name };
    const k = JSON.stringify(id);
    const index = seen.get(k) ?? 0;
    seen.set(k, index + 1);
    return { ...id, index, verdict: s.verdict, ...(s.verdict === "pass" ? {} : { reason: maskVolatile(s.reason) }) };
  });
  return entries.sort(compareEntries);
}

/** Times of day and durations differ from run to run; a reason quoting them would churn the file. */
function maskVolatile(reason: string): string {
  return reason
    .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, "<time>")
    .replace(/\b\d+(?:\.\d+)?\s?(?:ms|s|seconds?|milliseconds?)\b/g, "<duration>");
}

function isFailing(v: Verdict): boolean {
  return v === "fail" || v === "inconclusive";
}

function keyOf(e: Omit<BaselineEntry, "verdict">): string {
  return JSON.stringify([e.target, e.feature, e.scenario, e.index]);
}

/** Code-unit order, not the locale's: the file must sort the same on every machine. */
function compareEntries(a: Omit<BaselineEntry, "verdict">, b: Omit<BaselineEntry, "verdict">): number {
  const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return order(a.target, b.target) || order(a.feature, b.feature) || order(a.scenario, b.scenario) || a.index - b.index;
}

function change(
  kind: ChangeKind,
  e: BaselineEntry,
  old: Verdict | null,
  now: Verdict | null,
  reason: string,
): BaselineChange {
  return {
    kind,
    entry: { target: e.target, feature: e.feature, scenario: e.scenario, index: e.index },
    old,
    new: now,
    reason,
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

const VERDICTS: readonly string[] = ["pass", "fail", "inconclusive", "not applicable"] satisfies Verdict[];

function isEntry(e: unknown): e is BaselineEntry {
  return (
    isRecord(e) &&
    typeof e["target"] === "string" &&
    typeof e["feature"] === "string" &&
    typeof e["scenario"] === "string" &&
    Number.isInteger(e["index"]) &&
    (e["index"] as number) >= 0 &&
    VERDICTS.includes(e["verdict"] as string) &&
    (e["reason"] === undefined || typeof e["reason"] === "string")
  );
}
