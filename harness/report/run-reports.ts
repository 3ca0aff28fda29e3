import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Redactor } from "../security/redactor";
import { generateAllureReport, writeAllureCategories, writeAllureEnvironment } from "./allure-report";
import { settleAllureVerdicts } from "./allure-verdicts";
import { junitXml } from "./junit-writer";
import type { ScenarioVerdict, Verdict } from "./run-summary";
import { writeSummary, type RunFacts } from "./summary-writer";

/**
 * What a run leaves from its verdicts, written alike by `run` and by `merge` (which must give what
 * an unsharded run gives): summary.md and summary.json, the JUnit XML (`junitFile`, default
 * junit.xml in `dir`), and DIR/allure-results brought in line with the verdicts, with what was
 * tested as the report's environment and the verdicts as its categories. The device identity is
 * the device's own text, and a reason may quote anything: everything is scrubbed as it is written.
 */
export function writeRunReports(
  dir: string,
  facts: RunFacts,
  scenarios: readonly ScenarioVerdict[],
  redactor: Redactor,
  junitFile: string | null,
): { overall: Verdict; summary: string; junit: string } {
  const { overall, file } = writeSummary(dir, facts, scenarios, redactor);
  const junit = junitFile ?? join(dir, "junit.xml");
  mkdirSync(dirname(junit), { recursive: true });
  writeFileSync(
    junit,
    junitXml(scenarios, (t) => redactor.scrub(t)),
  );
  const results = join(dir, "allure-results");
  const unreadable = existsSync(results) ? settleAllureVerdicts(results, redactor) : [];
  for (const u of unreadable)
    // The parser's message quotes the file's text, which is the device's and the run's.
    console.error(
      redactor.scrub(
        `${u.file} is not an Allure result (${u.why}; cut short?): set aside as ${u.setAside}, out of the report; summary and JUnit have every verdict`,
      ),
    );
  const environment = {
    target: facts.target,
    harness: `osgp-conformance ${facts.harnessVersion}`,
    node: process.version,
    pixit: facts.pixitFile ?? "(defaults)",
    ...facts.device,
  };
  writeAllureEnvironment(
    results,
    Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, redactor.scrub(v)])),
  );
  writeAllureCategories(results);
  return { overall, summary: file, junit };
}

/** DIR/allure-report/index.html from DIR/allure-results, said on the console; false when it could not be made. */
export function writeAllureHtml(dir: string): boolean {
  const results = join(dir, "allure-results");
  const r = generateAllureReport(results, join(dir, "allure-report"));
  if (r.ok) console.log(`report: ${join(dir, "allure-report", "index.html")}`);
  else console.error(`the Allure report could not be generated (results are kept in ${results}):\n${r.output}`);
  return r.ok;
}

/**
 * The device identity a run's scenarios left in `file` (none when no scenario identified the
 * device). A file that is not one is named on the console and the summary names no device: the
 * verdicts must not be lost for want of it.
 */
export function readDeviceIdentity(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (
      typeof json === "object" &&
      json !== null &&
      !Array.isArray(json) &&
      Object.values(json).every((v) => typeof v === "string")
    )
      return json as Record<string, string>;
  } catch {
    // Said below, as any file that is not an identity.
  }
  console.error(`${file} is not a device identity (cut short?): the summary names no device`);
  return {};
}
