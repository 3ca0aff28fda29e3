import "allure-cucumberjs";
import { After, Before, setDefinitionFunctionWrapper, type ITestCaseHookParameter } from "@cucumber/cucumber";
import * as allure from "allure-js-commons";
import { clauseArea, clauseEntry } from "../harness/conformance/clause-catalogue";
import { verdictForError } from "../harness/conformance/checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { PROVISIONAL_ATTACHMENT } from "../harness/report/run-summary";
import { pixitRedactor } from "../harness/conformance/pixit-redactor";
import { runConfigFromEnv } from "../harness/conformance/run-config";
import { Redactor } from "../harness/security/redactor";
import type { OsgpWorld } from "./world";

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
 * (fail, inconclusive) rather than as a bare exception. The verdict goes through the scenario's
 * redactor here, the one door by which error text reaches cucumber's messages, the Allure results
 * and the summary, so no key quoted anywhere upstream gets out.
 */
setDefinitionFunctionWrapper((fn: (...args: unknown[]) => unknown) => {
  return async function (this: OsgpWorld, ...args: unknown[]) {
    try {
      return await fn.apply(this, args);
    } catch (e) {
      throw verdictForError(e, "step", this?.redactor instanceof Redactor ? this.redactor : runRedactor());
    } finally {
      if (typeof this?.attachNewFrames === "function") await this.attachNewFrames();
    }
  };
});

/** Report labels from the tags: the clause and its area, severity from mandatory/optional. */
Before(async function (this: OsgpWorld, { pickle }: ITestCaseHookParameter) {
  this.scenario = { uri: pickle.uri, name: pickle.name };
  const tags = pickle.tags.map((t) => t.name);
  const clauses = tags.filter((t) => t.startsWith("@clause-")).map((t) => t.slice("@clause-".length));
  for (const c of clauses) await allure.label("clause", c);
  const main = clauses[0];
  if (main !== undefined) {
    await allure.epic(clauseArea(main));
    await allure.story(`${main} ${clauseEntry(main)?.title ?? ""}`.trim());
  }
  await allure.severity(tags.includes("@mandatory") ? "critical" : "normal");
  await allure.label("target", this.config.targetText);
});

After(async function (this: OsgpWorld) {
  const failures: string[] = [];
  try {
    if (this.cleanups.length > 0) {
      const session = await this.adminClient();
      for (const c of [...this.cleanups].reverse()) {
        try {
          await c.run(session);
        } catch (e) {
          failures.push(`${c.what}: ${(e as Error).message}`);
        }
      }
    }
  } finally {
    await this.closeSession().catch((e: Error) => failures.push(`closing the session: ${e.message}`));
    await this.attachNewFrames();
    await this.attachFullTraces();
    await this.attachPcap();
    await this.target.close().catch((e: Error) => failures.push(`closing the target: ${e.message}`));
    if (this.provisionalNotice !== null) {
      await this.attach(this.provisionalNotice, { mediaType: "text/plain", fileName: PROVISIONAL_ATTACHMENT });
      await allure.label("provisional", this.provisionalLabel);
    }
  }
  if (failures.length > 0) {
    // The scenario's own verdict may stand, but a device left changed can mislead every later one.
    throw new Inconclusive(`the device could not be put back as it was:\n${failures.join("\n")}`);
  }
});
