import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { runConfig, type RunConfig } from "../conformance/run-config";
import { describeTarget } from "../conformance/target";
import { generateAllureReport, writeAllureCategories, writeAllureEnvironment } from "../report/allure-report";
import { readScenarioVerdicts, type ScenarioVerdict } from "../report/run-summary";
import { writeSummary } from "../report/summary-writer";
import { pixitRedactor } from "../conformance/pixit-redactor";
import { Redactor } from "../security/redactor";
import { HARNESS_VERSION } from "./version";

/**
 * `osgp-conformance run`: the suite against one or more targets, one cucumber run each, into one
 * set of results. Each target runs the features of its link (cucumber profile default/optical for
 * the optical port, mep for the MEP port, plc for the PLC link). Then the per-clause summary, the Allure environment and
 * categories, and (with --report) the single-file Allure report. Exit code: 0 only when every
 * scenario passed or was not applicable; 1 on any fail or inconclusive verdict, or when no
 * scenario ran at all.
 */
export interface RunOptions {
  readonly targets: readonly string[];
  readonly pixit: string | null;
  /** The lab's PICS file: which optional features the device implements (default: derived from BT00). */
  readonly pics?: string | null;
  readonly tags: string | null;
  readonly report: boolean;
  readonly reportsDir: string;
  readonly parallel: number;
  /** Run the fuzz campaigns (features/fuzz, cucumber profile fuzz) instead of the scenarios. */
  readonly fuzz?: boolean;
}

export async function runSuite(o: RunOptions): Promise<number> {
  const configs = o.targets.map((t) => runConfig(t, o.pixit, o.pics ?? null));
  const results = join(o.reportsDir, "allure-results");
  const identity = join(o.reportsDir, ".device-identity.json");
  rmSync(results, { recursive: true, force: true });
  rmSync(identity, { force: true });
  // Each scenario's capture is named after it; one left from an earlier run would be taken for this one's.
  rmSync(join(o.reportsDir, "pcap"), { recursive: true, force: true });
  mkdirSync(o.reportsDir, { recursive: true });
  const startedAt = new Date().toISOString();

  let allExited = true;
  const scenarios: ScenarioVerdict[] = [];
  for (const [i, config] of configs.entries()) {
    console.log(`osgp-conformance ${HARNESS_VERSION}: ${describeTarget(config.target)}${o.pixit ? `, PIXIT ${o.pixit}` : ""}`);
    const messages = join(o.reportsDir, configs.length === 1 ? "cucumber-messages.ndjson" : `cucumber-messages-${i + 1}.ndjson`);
    rmSync(messages, { force: true });
    const code = await runCucumber(config, o, messages, results);
    allExited &&= code === 0;
    if (existsSync(messages)) scenarios.push(...readScenarioVerdicts(messages).map((s) => ({ ...s, target: describeTarget(config.target) })));
  }

  const device = existsSync(identity) ? (JSON.parse(readFileSync(identity, "utf8")) as Record<string, string>) : {};
  const target = configs.map((c) => describeTarget(c.target)).join("; ");
  const facts = { target, harnessVersion: HARNESS_VERSION, pixitFile: o.pixit, startedAt, finishedAt: new Date().toISOString(), device };
  // The device identity is the device's own text, and a reason may quote anything: both are scrubbed as written.
  const redactor = new Redactor();
  for (const c of configs) pixitRedactor(c.pixit, redactor);
  const { overall, file } = writeSummary(o.reportsDir, facts, scenarios, redactor);
  const environment = { target, harness: `osgp-conformance ${HARNESS_VERSION}`, node: process.version, pixit: o.pixit ?? "(defaults)", ...device };
  writeAllureEnvironment(results, Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, redactor.scrub(v)])));
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
  return allExited && overall === "pass" ? 0 : 1;
}

/** The cucumber profile of a target: its link's features, and where its port is. */
function profileOf(config: RunConfig, fuzz: boolean): string {
  if (fuzz) return "fuzz";
  if (config.target.link === "mep") return "mep";
  if (config.target.link === "plc") return "plc";
  return config.target.kind === "serial" ? "optical" : "default";
}

function runCucumber(config: RunConfig, o: RunOptions, messages: string, results: string): Promise<number> {
  const cucumber = join(dirname(require.resolve("@cucumber/cucumber/package.json")), "bin", "cucumber.js");
  const args = [cucumber, "--profile", profileOf(config, o.fuzz ?? false), "--format", `message:${messages}`, "--format-options", JSON.stringify({ resultsDir: results })];
  if (o.tags !== null) args.push("--tags", o.tags);
  if (o.parallel > 1 && config.target.kind === "sim") args.push("--parallel", String(o.parallel));
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: "inherit",
      env: { ...process.env, OSGP_TARGET: config.targetText, OSGP_PIXIT: config.pixitFile ?? "", OSGP_PICS: config.picsFile ?? "", OSGP_REPORTS_DIR: o.reportsDir },
    });
    child.on("close", (c) => resolve(c ?? 1));
    child.on("error", () => resolve(1));
  });
}
