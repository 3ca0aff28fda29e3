import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  Status,
  type FixtureResult,
  type StatusDetails,
  type StepResult,
  type TestResult,
  type TestResultContainer,
} from "allure-js-commons";
import type { Redactor } from "../security/redactor";

/**
 * The Allure results of a run brought in line with the verdicts (README, Verdicts), after the
 * cucumber runs and before the report is generated. allure-cucumberjs gets three of them wrong by
 * itself: it ranks a skipped step below a passed one, so a not-applicable scenario shows as passed;
 * it leaves a test passed when its After hook (putting the device back) broke; and it calls any
 * error whose text mentions "assert" a failure, where the verdict goes by the error's class. The
 * status is recomputed from the steps and hooks every time, so settling twice changes nothing.
 * Returns the files it could not read and set aside.
 */
export function settleAllureVerdicts(resultsDir: string, redactor: Redactor): Unreadable[] {
  const files = readdirSync(resultsDir);
  const unreadable: Unreadable[] = [];
  const hooksOf = new Map<string, FixtureResult[]>();
  for (const f of files.filter((n) => n.endsWith("-container.json"))) {
    const read = parsed<TestResultContainer>(resultsDir, f, ["children", "befores", "afters"], unreadable);
    if (read === undefined) continue;
    const c = read.value;
    for (const child of c.children) hooksOf.set(child, [...(hooksOf.get(child) ?? []), ...c.befores, ...c.afters]);
  }
  for (const f of files.filter((n) => n.endsWith("-result.json"))) {
    const read = parsed<TestResult>(resultsDir, f, ["steps"], unreadable);
    if (read === undefined) continue;
    const { value: result, text: before } = read;
    const { status, statusDetails } = verdictOf(result, hooksOf.get(result.uuid) ?? [], resultsDir, redactor);
    result.status = status;
    result.statusDetails = statusDetails;
    const after = JSON.stringify(result);
    if (after !== before) writeFileSync(join(resultsDir, f), after);
  }
  return unreadable;
}

/** A results file that is not what allure-cucumberjs writes, set aside under `setAside`. */
interface Unreadable {
  readonly file: string;
  readonly setAside: string;
  readonly why: string;
}

/**
 * A result or container file, or undefined when it does not parse or lacks the lists the verdict
 * reads: cut short (its writer was killed past the grace of an interrupted run) or not Allure's.
 * It is renamed out of the generator's sight, where it would print a stack trace and leave a test
 * case out without a word; the caller names it, and the summary and JUnit keep its verdict.
 */
function parsed<T>(
  resultsDir: string,
  name: string,
  lists: readonly string[],
  unreadable: Unreadable[],
): { value: T; text: string } | undefined {
  const file = join(resultsDir, name);
  let why: string;
  try {
    const text = readFileSync(file, "utf8");
    const json = JSON.parse(text) as unknown;
    const missing = lists.filter((l) => !Array.isArray((json as Record<string, unknown> | null)?.[l]));
    if (missing.length === 0) return { value: json as T, text };
    why = `no ${missing.join(", ")} list`;
  } catch (e) {
    why = `not JSON: ${(e as Error).message}`;
  }
  const setAside = `${file}.unreadable`;
  renameSync(file, setAside);
  unreadable.push({ file, setAside, why });
  return undefined;
}

const NO_REASON = "not applicable (the scenario attached no reason)";

function verdictOf(
  result: TestResult,
  hooks: readonly FixtureResult[],
  resultsDir: string,
  redactor: Redactor,
): { status: Status; statusDetails: StatusDetails } {
  const outcomes = [...result.steps, ...hooks].map(outcomeOf);
  const worst = outcomes.find((o) => o.status === Status.FAILED) ?? outcomes.find((o) => o.status === Status.BROKEN);
  if (worst !== undefined) return worst;
  if (result.steps.some((s) => s.status === Status.SKIPPED)) {
    const reason = result.steps.map((s) => notApplicableReason(s, resultsDir)).find((r) => r !== undefined);
    return { status: Status.SKIPPED, statusDetails: { message: redactor.scrub(reason ?? NO_REASON) } };
  }
  return { status: Status.PASSED, statusDetails: {} };
}

/** A step's or hook's own verdict: fail only for the assertion class (the error's name heads its message). */
function outcomeOf(s: StepResult | FixtureResult): { status: Status; statusDetails: StatusDetails } {
  if (s.status === undefined) {
    // A step with neither status nor stage only wraps an attachment; one that ran has a stage.
    if (s.stage === undefined) return { status: Status.PASSED, statusDetails: {} };
    return {
      status: Status.BROKEN,
      statusDetails: { message: `${s.name ?? "a step"} has no implementation: the suite itself is incomplete` },
    };
  }
  if (s.status !== Status.FAILED && s.status !== Status.BROKEN)
    return { status: s.status, statusDetails: s.statusDetails };
  const errorName = /^[^\s:]+/.exec(s.statusDetails.message ?? "")?.[0] ?? "";
  return { status: /assert/i.test(errorName) ? Status.FAILED : Status.BROKEN, statusDetails: s.statusDetails };
}

/**
 * The text a not-applicable step attached to say why ("not applicable: ..."), wherever under the
 * step it sits. An attachment's wrapper step carries only its name, attachments and times, whatever
 * the StepResult type says.
 */
function notApplicableReason(step: Partial<StepResult>, resultsDir: string): string | undefined {
  for (const a of step.attachments ?? []) {
    // An attachment gone (a run cut short between writing it and its result) holds no reason.
    if (a.type !== "text/plain" || !existsSync(join(resultsDir, a.source))) continue;
    const text = readFileSync(join(resultsDir, a.source), "utf8").trim();
    if (/^not applicable\b/i.test(text)) return text;
  }
  for (const s of step.steps ?? []) {
    const r = notApplicableReason(s, resultsDir);
    if (r !== undefined) return r;
  }
  return undefined;
}
