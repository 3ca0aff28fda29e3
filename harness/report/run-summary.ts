import { readFileSync } from "node:fs";
import { clauseEntry, clauseStatus } from "../conformance/clause-catalogue";
import { FRAMES_ATTACHMENT, TRACE_ATTACHMENT } from "./scenario-traces";

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
  /**
   * One line: the rule a fail broke (with the bytes it quotes), why the test could not decide, why it does not apply.
   */
  readonly reason: string;
  /** The rest of the failure's message after `reason`, the evidence lines (request, response), or "". */
  readonly detail?: string;
  /** The scenario's line in its feature file: duplicates of a name (an outline's examples) are told apart by it. */
  readonly line?: number;
  /** Wall time from the scenario's start to its end, hooks included. */
  readonly durationMs?: number;
  /** The scenario ran under a security profile of ours, not the spec's (the provisional AES-128 framing). */
  readonly provisional: boolean;
  /** What the scenario left changed on the device and how to put it back (its clean-ups could not); verdict aside. */
  readonly leftChanged?: string;
}

/** The name of a scenario's provisional notice: the AES stand-in, 9.11, or table layouts of ours. */
export const PROVISIONAL_ATTACHMENT = "PROVISIONAL";

/** The file name under which a scenario attaches what it left changed on the device (steps/support/cleanups.ts). */
export const LEFT_CHANGED_ATTACHMENT = "device left changed";

export interface ClauseVerdict {
  readonly clause: string;
  readonly title: string;
  readonly status: "mandatory" | "optional" | null;
  readonly verdict: Verdict;
  readonly counts: Readonly<Record<Verdict, number>>;
}

/** How a step that returns "skipped" says why (steps/*.ts attach this text first). */
const NOT_APPLICABLE_PREFIX = "not applicable: ";

interface Timestamp {
  seconds: number;
  nanos: number;
}

interface Msg {
  pickle?: { id: string; name: string; uri: string; tags: { name: string }[]; location?: { line: number } };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string; timestamp?: Timestamp };
  testStepFinished?: {
    testCaseStartedId: string;
    testStepResult: { status: string; message?: string; exception?: { type: string; message?: string } };
  };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried?: boolean; timestamp?: Timestamp };
  attachment?: {
    testCaseStartedId?: string;
    fileName?: string;
    mediaType?: string;
    body?: string;
    contentEncoding?: string;
  };
}

/** Allure's rule: an error whose type mentions "Assertion" is a failure, anything else breaks the test. */
function isAssertion(type: string | undefined, message: string | undefined): boolean {
  return /assert/i.test(type ?? "") || (type === undefined && /assert/i.test(message ?? ""));
}

/**
 * The mark of a scenario that was not run: an interrupted run's (steps/graceful-stop.ts), or one an
 * Allure test plan left out. It is Allure's own test-plan mark, which also keeps the scenario out of
 * the Allure results. Such a scenario has no verdict.
 */
export const NOT_RUN_MEDIA_TYPE = "application/vnd.allure.skipcucumber+json";

/** Why a scenario that started and never ended is inconclusive. */
const UNFINISHED = "run interrupted: the scenario did not end, and its clean-up may not have run";

export function scenarioVerdicts(ndjson: string): ScenarioVerdict[] {
  return verdictsOf(messageLines(ndjson));
}

/** How many scenarios the run planned: cucumber announces each test case before it runs any. */
export function plannedScenarios(ndjson: string): number {
  return ndjson.split("\n").filter((l) => l.startsWith('{"testCase":')).length;
}

/**
 * The verdicts of the scenarios in a run's messages, in the order they ended. A scenario that
 * started and never ended (the run was cut short) is inconclusive, unless it had already failed;
 * one that an interrupted run did not start has none.
 */
export function verdictsOf(messages: Iterable<object>): ScenarioVerdict[] {
  const pickles = new Map<string, NonNullable<Msg["pickle"]>>();
  const cases = new Map<string, string>();
  const started = new Map<string, string>();
  const results = new Map<
    string,
    {
      verdict: Verdict;
      reason: string;
      detail: string;
      notApplicable: string | null;
      startedAt?: Timestamp;
      sawPass: boolean;
      sawSkip: boolean;
      provisional: boolean;
      notRun?: boolean;
      leftChanged?: string;
    }
  >();
  const rank: Record<Verdict, number> = { pass: 0, "not applicable": 1, inconclusive: 2, fail: 3 };
  const out: ScenarioVerdict[] = [];
  for (const message of messages) {
    const m = message as Msg;
    if (m.pickle) pickles.set(m.pickle.id, m.pickle);
    else if (m.testCase) cases.set(m.testCase.id, m.testCase.pickleId);
    else if (m.testCaseStarted) {
      started.set(m.testCaseStarted.id, m.testCaseStarted.testCaseId);
      const startedAt = m.testCaseStarted.timestamp;
      results.set(m.testCaseStarted.id, {
        verdict: "pass",
        reason: "",
        detail: "",
        notApplicable: null,
        ...(startedAt ? { startedAt } : {}),
        sawPass: false,
        sawSkip: false,
        provisional: false,
      });
    } else if (m.attachment) {
      const a = m.attachment;
      const r = results.get(a.testCaseStartedId ?? "");
      if (r === undefined) continue;
      if (a.fileName === PROVISIONAL_ATTACHMENT) r.provisional = true;
      else if (a.fileName === LEFT_CHANGED_ATTACHMENT && a.contentEncoding !== "BASE64") r.leftChanged = a.body ?? "";
      else if (a.mediaType === NOT_RUN_MEDIA_TYPE) r.notRun = true;
      else if (r.notApplicable === null && a.contentEncoding !== "BASE64" && a.body?.startsWith(NOT_APPLICABLE_PREFIX))
        r.notApplicable = a.body.slice(NOT_APPLICABLE_PREFIX.length);
    } else if (m.testStepFinished) {
      const r = results.get(m.testStepFinished.testCaseStartedId);
      if (r === undefined) continue;
      const res = m.testStepFinished.testStepResult;
      let v: Verdict = "pass";
      let reason = "";
      let detail = "";
      if (res.status === "FAILED") {
        v = isAssertion(res.exception?.type, res.message) ? "fail" : "inconclusive";
        // Without the exception, the message ends in a stack trace: only its first line is the verdict's.
        const [first = "", ...rest] = (res.exception?.message ?? res.message ?? "").split("\n");
        reason = first;
        if (res.exception?.message !== undefined) detail = rest.join("\n");
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
        r.detail = detail;
      }
    } else if (m.testCaseFinished) {
      if (m.testCaseFinished.willBeRetried) results.delete(m.testCaseFinished.testCaseStartedId);
      else end(m.testCaseFinished.testCaseStartedId, m.testCaseFinished.timestamp);
    }
  }
  for (const [id, r] of [...results]) {
    if (rank[r.verdict] < rank.inconclusive) {
      r.verdict = "inconclusive";
      r.reason = UNFINISHED;
      r.detail = "";
    }
    end(id, undefined);
  }
  return out;

  function end(id: string, finishedAt: Timestamp | undefined): void {
    const r = results.get(id);
    results.delete(id);
    const pickle = pickles.get(cases.get(started.get(id) ?? "") ?? "");
    if (r === undefined || pickle === undefined || r.notRun === true) return;
    const verdict: Verdict = r.verdict === "pass" && r.sawSkip ? "not applicable" : r.verdict;
    const [notApplicable = "", ...notApplicableDetail] = (
      r.notApplicable ?? "a step was skipped without saying why"
    ).split("\n");
    out.push({
      name: pickle.name,
      uri: pickle.uri,
      clauses: pickle.tags
        .map((t) => t.name)
        .filter((t) => t.startsWith("@clause-"))
        .map((t) => t.slice("@clause-".length)),
      verdict,
      reason: verdict === "not applicable" ? notApplicable : r.reason,
      detail: verdict === "not applicable" ? notApplicableDetail.join("\n") : r.detail,
      ...(pickle.location ? { line: pickle.location.line } : {}),
      ...(r.startedAt && finishedAt ? { durationMs: millis(finishedAt) - millis(r.startedAt) } : {}),
      provisional: r.provisional,
      ...(r.leftChanged === undefined ? {} : { leftChanged: r.leftChanged }),
    });
  }
}

/**
 * An attachment of a session's frames or trace: bytes on the line, never a verdict, and most of a
 * run's messages. Its line is not parsed. JSON escapes a quote inside a value, so the text below
 * can only be the attachment's own name.
 */
const LINE_BYTES = [FRAMES_ATTACHMENT, TRACE_ATTACHMENT].map((name) => `"fileName":"${name}`);

/** A run's messages, one JSON message a line; a last line cut short (its writer was killed) is left out. */
function* messageLines(ndjson: string): Generator<object> {
  const lines = ndjson.split("\n");
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    if (line.startsWith('{"attachment":') && LINE_BYTES.some((name) => line.includes(name))) continue;
    try {
      yield JSON.parse(line) as object;
    } catch (e) {
      if (lines.slice(i + 1).some((l) => l.trim() !== "")) throw e;
    }
  }
}

function millis(t: Timestamp): number {
  return t.seconds * 1000 + Math.round(t.nanos / 1e6);
}

export function clauseVerdicts(scenarios: readonly ScenarioVerdict[]): ClauseVerdict[] {
  const by = new Map<string, ScenarioVerdict[]>();
  for (const s of scenarios) for (const c of s.clauses) by.set(c, [...(by.get(c) ?? []), s]);
  return [...by.entries()]
    .sort(([a], [b]) => compareClauses(a, b))
    .map(([clause, list]) => {
      const counts: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0, "not applicable": 0 };
      for (const s of list) counts[s.verdict]++;
      const verdict: Verdict =
        counts.fail > 0
          ? "fail"
          : counts.inconclusive > 0
            ? "inconclusive"
            : counts.pass > 0
              ? "pass"
              : "not applicable";
      return {
        clause,
        title: clauseEntry(clause)?.title ?? "(not in the table of contents)",
        status: clauseStatus(clause),
        verdict,
        counts,
      };
    });
}

/**
 * A run's scenarios in the order the summary lists them, whatever order parallel targets, workers
 * or shards ended them in: by target (as `targets` names them), then as cucumber plans them
 * (feature file in code-unit order, then line).
 */
export function inRunOrder(scenarios: readonly ScenarioVerdict[], targets: readonly string[]): ScenarioVerdict[] {
  const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return [...scenarios].sort(
    (a, b) =>
      targets.indexOf(a.target ?? "") - targets.indexOf(b.target ?? "") ||
      order(a.uri, b.uri) ||
      (a.line ?? 0) - (b.line ?? 0),
  );
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
