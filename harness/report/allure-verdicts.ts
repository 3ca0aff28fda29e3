import { readdirSync, readFileSync, writeFileSync } from "node:fs";
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
 */
export function settleAllureVerdicts(resultsDir: string, redactor: Redactor): void {
  const files = readdirSync(resultsDir);
  const hooksOf = new Map<string, FixtureResult[]>();
  for (const f of files.filter((n) => n.endsWith("-container.json"))) {
    const c = JSON.parse(readFileSync(join(resultsDir, f), "utf8")) as TestResultContainer;
    for (const child of c.children) hooksOf.set(child, [...(hooksOf.get(child) ?? []), ...c.befores, ...c.afters]);
  }
  for (const f of files.filter((n) => n.endsWith("-result.json"))) {
    const path = join(resultsDir, f);
    const before = readFileSync(path, "utf8");
    const result = JSON.parse(before) as TestResult;
    const { status, statusDetails } = verdictOf(result, hooksOf.get(result.uuid) ?? [], resultsDir, redactor);
    result.status = status;
    result.statusDetails = statusDetails;
    const after = JSON.stringify(result);
    if (after !== before) writeFileSync(path, after);
  }
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
    if (a.type !== "text/plain") continue;
    const text = readFileSync(join(resultsDir, a.source), "utf8").trim();
    if (/^not applicable\b/i.test(text)) return text;
  }
  for (const s of step.steps ?? []) {
    const r = notApplicableReason(s, resultsDir);
    if (r !== undefined) return r;
  }
  return undefined;
}
