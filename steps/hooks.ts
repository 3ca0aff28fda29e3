import "allure-cucumberjs";
import {
  After,
  AfterAll,
  AfterStep,
  Before,
  setDefinitionFunctionWrapper,
  Status,
  type ITestCaseHookParameter,
} from "@cucumber/cucumber";
import * as allure from "allure-js-commons";
import { clauseArea, clauseEntry } from "../harness/conformance/clause-catalogue";
import { verdictForError } from "../harness/conformance/checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { assumedOptionVerdict } from "../harness/conformance/pics/assumed-options";
import { PROVISIONAL_ATTACHMENT } from "../harness/report/run-summary";
import {
  layoutLabel,
  layoutNotice,
  layoutVerdict,
  provisionalLayouts,
} from "../harness/conformance/provisional-layouts";
import { appendMemorySample, ownMemorySample, SOAK_SAMPLE_ENV } from "../harness/report/memory-samples";
import { pixitRedactor } from "../harness/conformance/pixit-redactor";
import { runConfigFromEnv } from "../harness/conformance/run-config";
import { describeTarget } from "../harness/conformance/target";
import { settleVerdict } from "../harness/conformance/recorded-target";
import { replayDivergence } from "../harness/conformance/replay-target";
import { Redactor } from "../harness/security/redactor";
import { closeKeptSessions, type OsgpWorld } from "./world";
import { CLEANUP_TIMEOUT_MS, runScenarioCleanups } from "./support/cleanups";
import { NOT_A_FIXTURE } from "./support/allure-fixtures";

let fallbackRedactor: Redactor | null = null;

/** For a hook that runs outside a scenario (no world): the run's PIXIT keys. */
function runRedactor(): Redactor {
  try {
    fallbackRedactor ??= pixitRedactor(runConfigFromEnv().pixit);
  } catch {
    // A PIXIT that does not load gives no keys to leak; its own error says why it does not load.
    fallbackRedactor = new Redactor();
  }
  return fallbackRedactor;
}

/**
 * Every step and hook runs inside this wrapper: the frames it caused are attached to it (so the
 * report shows the bytes under the step that sent them), and any error leaves as a verdict
 * (fail, inconclusive) rather than as a bare exception; a FAIL of a scenario judged on a table layout
 * of ours that the PIXIT does not confirm leaves inconclusive (conformance/provisional-layouts.ts), as
 * does one of a scenario run on a PICS option's assumed value (conformance/pics/assumed-options.ts).
 * The verdict goes through the scenario's redactor here, the one door by which error text reaches
 * cucumber's messages, the Allure results and the summary, so no key quoted anywhere upstream gets out.
 */
setDefinitionFunctionWrapper((fn: (...args: unknown[]) => unknown) => {
  return async function (this: OsgpWorld, ...args: unknown[]) {
    // Record and replay (recorded-target.ts): once a replay has
    // left its recording, nothing after is the device's doing.
    const port = this?.target?.port;
    const diverged = () => (port === undefined ? null : replayDivergence(port));
    try {
      const result = await fn.apply(this, args);
      const d = diverged();
      if (d !== null) throw d;
      return result;
    } catch (e) {
      const verdict = verdictForError(
        diverged() ?? e,
        "step",
        this?.redactor instanceof Redactor ? this.redactor : runRedactor(),
      );
      const judged = assumedOptionVerdict(
        layoutVerdict(
          verdict,
          provisionalLayouts(this?.scenario?.tags ?? []),
          this?.config?.pixit.layouts.confirmed ?? [],
        ),
        this?.assumedOptions ?? [],
      );
      throw port === undefined ? judged : settleVerdict(port, judged);
    } finally {
      if (typeof this?.attachNewFrames === "function") await this.attachNewFrames();
    }
  };
});

/**
 * Report labels from the tags: the clause and its area, severity from mandatory/optional. The
 * target is a parameter, which enters Allure's history id: without it the same scenario run against
 * two targets is one test case, and one target's verdict shows as a mere retry of the other's.
 */
Before({ name: NOT_A_FIXTURE }, async function (this: OsgpWorld, { pickle, gherkinDocument }: ITestCaseHookParameter) {
  this.scenario = {
    uri: pickle.uri,
    line: pickle.location?.line ?? 0,
    name: pickle.name,
    tags: pickle.tags.map((t) => t.name),
  };
  const tags = pickle.tags.map((t) => t.name);
  const clauses = tags.filter((t) => t.startsWith("@clause-")).map((t) => t.slice("@clause-".length));
  const main = clauses[0];
  // One message for all the labels: each call is a cucumber message and an Allure update of its own.
  await allure.labels(
    { name: "target", value: this.config.targetText },
    { name: allure.LabelName.PARENT_SUITE, value: describeTarget(this.config.target) },
    { name: allure.LabelName.SUITE, value: gherkinDocument.feature?.name ?? pickle.uri },
    ...clauses.map((c) => ({ name: "clause", value: c })),
    ...(main === undefined
      ? []
      : [
          { name: allure.LabelName.EPIC, value: clauseArea(main) },
          { name: allure.LabelName.STORY, value: `${main} ${clauseEntry(main)?.title ?? ""}`.trim() },
        ]),
    { name: allure.LabelName.SEVERITY, value: tags.includes("@mandatory") ? "critical" : "normal" },
  );
  await allure.parameter("target", this.config.targetText);
  const layouts = provisionalLayouts(tags);
  if (layouts.length > 0) {
    await allure.label("provisional", layoutLabel(layouts));
    await this.attach(layoutNotice(layouts, this.pixit.layouts.confirmed), {
      mediaType: "text/plain",
      fileName: PROVISIONAL_ATTACHMENT,
    });
  }
});

/** Scenarios whose Allure result carries the provisional label already. */
const labelledProvisional = new WeakSet<OsgpWorld>();

/**
 * The provisional label goes on after the step that made the scenario provisional: Allure takes no
 * label from an After hook (it drops it, saying "metadata messages isn't supported for after test
 * fixtures"). The After hook's notice still marks a scenario that turns provisional only in its
 * clean-up, for the summary.
 */
AfterStep(async function (this: OsgpWorld) {
  if (this.provisionalNotice === null || labelledProvisional.has(this)) return;
  labelledProvisional.add(this);
  await allure.label("provisional", this.provisionalLabel);
});

After({ timeout: CLEANUP_TIMEOUT_MS }, async function (this: OsgpWorld, { result }: ITestCaseHookParameter) {
  const failures: string[] = [];
  try {
    // Kept from the logon hold-off alone, the clean-ups leave the verdict as it is: the scenario's
    // report and the summary say what the device was left with (steps/support/cleanups.ts).
    const undone = await runScenarioCleanups(this);
    if (!undone.heldOff) failures.push(...undone.failures);
  } finally {
    // A session goes on to the next scenario only from one that ended cleanly (PIXIT sessionReuse).
    const clean = failures.length === 0 && (result?.status === Status.PASSED || result?.status === Status.SKIPPED);
    await this.releaseSession(clean).catch((e: Error) => failures.push(`closing the session: ${e.message}`));
    this.recordWireFigures();
    await this.attachNewFrames();
    await this.attachFullTraces();
    await this.attachPcap();
    await this.target.close().catch((e: Error) => failures.push(`closing the target: ${e.message}`));
    if (this.provisionalNotice !== null) {
      await this.attach(this.provisionalNotice, { mediaType: "text/plain", fileName: PROVISIONAL_ATTACHMENT });
    }
  }
  if (failures.length > 0) {
    // The scenario's own verdict may stand, but a device left changed can mislead every later one.
    throw new Inconclusive(`the device could not be put back as it was:\n${failures.join("\n")}`);
  }
});

// A soak (test/bench/soak.ts) follows this process's memory from scenario to scenario: only it can read its own heap.
After({ name: NOT_A_FIXTURE }, function () {
  const file = process.env[SOAK_SAMPLE_ENV];
  if (file) appendMemorySample(file, ownMemorySample("cucumber"));
});

/** The session kept for a next scenario (PIXIT sessionReuse) ends with the run, with its goodbye exchanges. */
AfterAll(async function () {
  await closeKeptSessions();
});
