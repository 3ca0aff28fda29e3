import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { runConfig } from "../conformance/run-config";
import { describeTarget } from "../conformance/target";
import { generateAllureReport, writeAllureCategories, writeAllureEnvironment } from "../report/allure-report";
import { readScenarioVerdicts } from "../report/run-summary";
import { writeSummary } from "../report/summary-writer";
import { HARNESS_VERSION } from "./version";

/**
 * `osgp-conformance run`: the suite against one target. It runs cucumber with the target and PIXIT
 * in the environment, then writes the per-clause summary and the Allure environment, and (with
 * --report) the single-file Allure report. Exit code: 0 only when every scenario passed or was not
 * applicable; 1 on any fail or inconclusive verdict, or when no scenario ran at all.
 */
export interface RunOptions {
  readonly target: string;
  readonly pixit: string | null;
  readonly tags: string | null;
  readonly report: boolean;
  readonly reportsDir: string;
  readonly parallel: number;
}

export async function runSuite(o: RunOptions): Promise<number> {
  const config = runConfig(o.target, o.pixit);
  const results = join(o.reportsDir, "allure-results");
  const messages = join(o.reportsDir, "cucumber-messages.ndjson");
  const identity = join(o.reportsDir, ".device-identity.json");
  rmSync(results, { recursive: true, force: true });
  rmSync(identity, { force: true });
  mkdirSync(o.reportsDir, { recursive: true });
  const startedAt = new Date().toISOString();
  console.log(`osgp-conformance ${HARNESS_VERSION}: ${describeTarget(config.target)}${o.pixit ? `, PIXIT ${o.pixit}` : ""}`);

  const cucumber = join(dirname(require.resolve("@cucumber/cucumber/package.json")), "bin", "cucumber.js");
  const args = [cucumber, "--profile", config.target.kind === "optical" ? "optical" : "default", "--format", `message:${messages}`, "--format-options", JSON.stringify({ resultsDir: results })];
  if (o.tags !== null) args.push("--tags", o.tags);
  if (o.parallel > 1 && config.target.kind === "sim") args.push("--parallel", String(o.parallel));
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: "inherit",
      env: { ...process.env, OSGP_TARGET: o.target, OSGP_PIXIT: o.pixit ?? "", OSGP_REPORTS_DIR: o.reportsDir },
    });
    child.on("close", (c) => resolve(c ?? 1));
    child.on("error", () => resolve(1));
  });

  const scenarios = existsSync(messages) ? readScenarioVerdicts(messages) : [];
  const device = existsSync(identity) ? (JSON.parse(readFileSync(identity, "utf8")) as Record<string, string>) : {};
  const facts = { target: describeTarget(config.target), harnessVersion: HARNESS_VERSION, pixitFile: o.pixit, startedAt, finishedAt: new Date().toISOString(), device };
  const { overall, file } = writeSummary(o.reportsDir, facts, scenarios);
  writeAllureEnvironment(results, { target: facts.target, harness: `osgp-conformance ${HARNESS_VERSION}`, node: process.version, pixit: o.pixit ?? "(defaults)", ...device });
  writeAllureCategories(results);
  console.log(`\nsummary: ${file} (${overall})`);

  if (o.report) {
    const r = generateAllureReport(results, join(o.reportsDir, "allure-report"));
    if (r.ok) console.log(`report: ${join(o.reportsDir, "allure-report", "index.html")}`);
    else console.error(`the Allure report could not be generated (results are kept in ${results}):\n${r.output}`);
    if (!r.ok) return 1;
  }
  if (scenarios.length === 0) {
    console.error("no scenario ran: check --tags and the features; a run that tests nothing is not a pass");
    return 1;
  }
  return code === 0 && overall === "pass" ? 0 : 1;
}
