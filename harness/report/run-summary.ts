import { readFileSync } from "node:fs";
import { clauseEntry, clauseStatus } from "../conformance/clause-catalogue";

/**
 * The verdicts of a run, computed from cucumber's message stream: one per scenario, then one per
 * clause (a clause fails if any of its scenarios fails; else it is inconclusive if any is; else it
 * passes if any passed; else it is not applicable). This is the page a lab hands over.
 */
export type Verdict = "pass" | "fail" | "inconclusive" | "not applicable";

export interface ScenarioVerdict {
  /** The target it ran against, when a run covers several. */
  readonly target?: string;
  readonly name: string;
  readonly uri: string;
  readonly clauses: readonly string[];
  readonly verdict: Verdict;
  readonly reason: string;
  /** The scenario ran under a security profile of ours, not the spec's (the provisional AES-128 framing). */
  readonly provisional: boolean;
}

/** The file name under which a scenario attaches the provisional-profile notice (steps/hooks.ts). */
export const PROVISIONAL_ATTACHMENT = "PROVISIONAL security profile";

export interface ClauseVerdict {
  readonly clause: string;
  readonly title: string;
  readonly status: "mandatory" | "optional" | null;
  readonly verdict: Verdict;
  readonly counts: Readonly<Record<Verdict, number>>;
}

interface Msg {
  pickle?: { id: string; name: string; uri: string; tags: { name: string }[] };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string; message?: string; exception?: { type: string; message?: string } } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried?: boolean };
  attachment?: { testCaseStartedId?: string; fileName?: string };
}

/** Allure's rule: an error whose type mentions "Assertion" is a failure, anything else breaks the test. */
function isAssertion(type: string | undefined, message: string | undefined): boolean {
  return /assert/i.test(type ?? "") || (type === undefined && /assert/i.test(message ?? ""));
}

export function scenarioVerdicts(ndjson: string): ScenarioVerdict[] {
  const pickles = new Map<string, NonNullable<Msg["pickle"]>>();
  const cases = new Map<string, string>();
  const started = new Map<string, string>();
  const results = new Map<string, { verdict: Verdict; reason: string; sawPass: boolean; sawSkip: boolean; provisional: boolean }>();
  const rank: Record<Verdict, number> = { pass: 0, "not applicable": 1, inconclusive: 2, fail: 3 };
  const out: ScenarioVerdict[] = [];
  for (const line of ndjson.split("\n")) {
    if (line.trim() === "") continue;
    const m = JSON.parse(line) as Msg;
    if (m.pickle) pickles.set(m.pickle.id, m.pickle);
    else if (m.testCase) cases.set(m.testCase.id, m.testCase.pickleId);
    else if (m.testCaseStarted) {
      started.set(m.testCaseStarted.id, m.testCaseStarted.testCaseId);
      results.set(m.testCaseStarted.id, { verdict: "pass", reason: "", sawPass: false, sawSkip: false, provisional: false });
    } else if (m.attachment) {
      const r = results.get(m.attachment.testCaseStartedId ?? "");
      if (r !== undefined && m.attachment.fileName === PROVISIONAL_ATTACHMENT) r.provisional = true;
    } else if (m.testStepFinished) {
      const r = results.get(m.testStepFinished.testCaseStartedId);
      if (r === undefined) continue;
      const res = m.testStepFinished.testStepResult;
      let v: Verdict = "pass";
      let reason = "";
      if (res.status === "FAILED") {
        v = isAssertion(res.exception?.type, res.message) ? "fail" : "inconclusive";
        reason = (res.exception?.message ?? res.message ?? "").split("\n")[0] ?? "";
      } else if (res.status === "SKIPPED") {
        r.sawSkip = true;
      } else if (res.status === "PASSED") {
        r.sawPass = true;
      } else {
        v = "inconclusive";
        reason = `step ${res.status.toLowerCase()}: the suite itself is incomplete`;
      }
      if (rank[v] > rank[r.verdict]) {
        r.verdict = v;
        r.reason = reason;
      }
    } else if (m.testCaseFinished && !m.testCaseFinished.willBeRetried) {
      const id = m.testCaseFinished.testCaseStartedId;
      const r = results.get(id);
      const pickle = pickles.get(cases.get(started.get(id) ?? "") ?? "");
      if (r === undefined || pickle === undefined) continue;
      const verdict: Verdict = r.verdict === "pass" && r.sawSkip ? "not applicable" : r.verdict;
      out.push({
        name: pickle.name,
        uri: pickle.uri,
        clauses: pickle.tags.map((t) => t.name).filter((t) => t.startsWith("@clause-")).map((t) => t.slice("@clause-".length)),
        verdict,
        reason: verdict === "not applicable" ? "not applicable (see the scenario's attachment)" : r.reason,
        provisional: r.provisional,
      });
    }
  }
  return out;
}

export function clauseVerdicts(scenarios: readonly ScenarioVerdict[]): ClauseVerdict[] {
  const by = new Map<string, ScenarioVerdict[]>();
  for (const s of scenarios) for (const c of s.clauses) by.set(c, [...(by.get(c) ?? []), s]);
  return [...by.entries()]
    .sort(([a], [b]) => compareClauses(a, b))
    .map(([clause, list]) => {
      const counts: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0, "not applicable": 0 };
      for (const s of list) counts[s.verdict]++;
      const verdict: Verdict = counts.fail > 0 ? "fail" : counts.inconclusive > 0 ? "inconclusive" : counts.pass > 0 ? "pass" : "not applicable";
      return { clause, title: clauseEntry(clause)?.title ?? "(not in the table of contents)", status: clauseStatus(clause), verdict, counts };
    });
}

export function readScenarioVerdicts(file: string): ScenarioVerdict[] {
  return scenarioVerdicts(readFileSync(file, "utf8"));
}

/** Clause numbers in reading order: 7.5 < 9.3 < 9.13 < A.1. */
export function compareClauses(a: string, b: string): number {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isNaN(nx) !== Number.isNaN(ny)) return Number.isNaN(nx) ? 1 : -1;
    const d = Number.isNaN(nx) ? x.localeCompare(y) : nx - ny;
    if (d !== 0) return d;
  }
  return 0;
}
