import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runConfig, type RunConfig } from "../conformance/run-config";
import { describeTarget } from "../conformance/target";
import { generateAllureReport, writeAllureCategories, writeAllureEnvironment } from "../report/allure-report";
import { settleAllureVerdicts } from "../report/allure-verdicts";
import { readScenarioVerdicts, type ScenarioVerdict } from "../report/run-summary";
import { writeSummary } from "../report/summary-writer";
import { collectWireTotals } from "../report/wire-summary";
import { junitXml } from "../report/junit-writer";
import { checkAgainstBaseline, readBaseline } from "./baseline-command";
import { pixitRedactor } from "../conformance/pixit-redactor";
import { Redactor } from "../security/redactor";
import { HARNESS_VERSION } from "./version";
import { writeRunRecord } from "../report/run-record";
import { notRunCount, RunInterruption, stopGraceMs } from "./run-interruption";

/**
 * `osgp-conformance run`: the suite against one or more targets, one cucumber run each, into one
 * set of results. Each target runs the features of its link (cucumber profile default/optical for
 * the optical port, mep for the MEP port, plc for the PLC link). Then the per-clause summary, the Allure environment and
 * categories, and (with --report) the single-file Allure report. Exit code: 0 only when every
 * scenario passed or was not applicable; 1 on any fail or inconclusive verdict, or when no
 * scenario ran at all. With a baseline (the CI gate): 0 only when every verdict is the baseline's,
 * known failures included. Interrupted (SIGINT, SIGTERM: run-interruption.ts), the run still writes
 * what finished, counts per target what was not run, and exits 130 or 143.
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
  /** Where the JUnit XML goes (default: junit.xml in the reports directory). */
  readonly junit?: string | null;
  /** A regression baseline (`baseline save`): the exit code then says whether any verdict changed. */
  readonly baseline?: string | null;
}

export async function runSuite(o: RunOptions): Promise<number> {
  const interruption = new RunInterruption();
  try {
    const code = await runTargets(o, interruption);
    return interruption.exitCode ?? code;
  } finally {
    interruption.dispose();
  }
}

async function runTargets(o: RunOptions, interruption: RunInterruption): Promise<number> {
  const configs = o.targets.map((t) => runConfig(t, o.pixit, o.pics ?? null));
  // Read first: a baseline that is not one stops the run before it starts, not after an hour.
  const gate = o.baseline ? { file: o.baseline, baseline: readBaseline(o.baseline) } : null;
  const results = join(o.reportsDir, "allure-results");
  const identity = join(o.reportsDir, ".device-identity.json");
  rmSync(results, { recursive: true, force: true });
  rmSync(identity, { force: true });
  // Each scenario's capture is named after it; one left from an earlier run would be taken for this one's.
  rmSync(join(o.reportsDir, "pcap"), { recursive: true, force: true });
  mkdirSync(o.reportsDir, { recursive: true });
  const startedAt = new Date().toISOString();
  writeRunRecord(o.reportsDir, { targets: o.targets, pixitFile: o.pixit, picsFile: o.pics ?? null, junitFile: o.junit ?? null, startedAt }, configs.map((c) => c.pixit));

  let allExited = true;
  const scenarios: ScenarioVerdict[] = [];
  const notRun: Record<string, number> = {};
  for (const [i, config] of configs.entries()) {
    if (interruption.signal !== null) {
      notRun[describeTarget(config.target)] = await notRunCount(null, 0, profileOf(config, o.fuzz ?? false), o.tags);
      continue;
    }
    console.log(`osgp-conformance ${HARNESS_VERSION}: ${describeTarget(config.target)}${o.pixit ? `, PIXIT ${o.pixit}` : ""}`);
    const messages = join(o.reportsDir, configs.length === 1 ? "cucumber-messages.ndjson" : `cucumber-messages-${i + 1}.ndjson`);
    rmSync(messages, { force: true });
    const code = await runCucumber(config, o, messages, results, interruption);
    allExited &&= code === 0;
    const verdicts = existsSync(messages) ? readScenarioVerdicts(messages) : [];
    scenarios.push(...verdicts.map((s) => ({ ...s, target: describeTarget(config.target) })));
    if (interruption.signal !== null) notRun[describeTarget(config.target)] = await notRunCount(messages, verdicts.length, profileOf(config, o.fuzz ?? false), o.tags);
  }

  if (interruption.signal !== null) console.log(`\n${interruption.signal}: the run stopped; not run: ${Object.entries(notRun).map(([t, n]) => `${n} (${t})`).join(", ")}`);
  const device = existsSync(identity) ? (JSON.parse(readFileSync(identity, "utf8")) as Record<string, string>) : {};
  const target = configs.map((c) => describeTarget(c.target)).join("; ");
  const interrupted = interruption.signal === null ? {} : { interrupted: { signal: interruption.signal, notRun } };
  const facts = { target, harnessVersion: HARNESS_VERSION, pixitFile: o.pixit, startedAt, finishedAt: new Date().toISOString(), device, ...interrupted, ...collectWireTotals(o.reportsDir, startedAt) };
  // The device identity is the device's own text, and a reason may quote anything: both are scrubbed as written.
  const redactor = new Redactor();
  for (const c of configs) pixitRedactor(c.pixit, redactor);
  const { overall, file } = writeSummary(o.reportsDir, facts, scenarios, redactor);
  const junit = o.junit ?? join(o.reportsDir, "junit.xml");
  mkdirSync(dirname(junit), { recursive: true });
  writeFileSync(junit, junitXml(scenarios, (t) => redactor.scrub(t)));
  if (existsSync(results)) settleAllureVerdicts(results, redactor);
  const environment = { target, harness: `osgp-conformance ${HARNESS_VERSION}`, node: process.version, pixit: o.pixit ?? "(defaults)", ...device };
  writeAllureEnvironment(results, Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, redactor.scrub(v)])));
  writeAllureCategories(results);
  console.log(`\nsummary: ${file} (${overall})`);
  console.log(`junit: ${junit}`);

  if (o.report) {
    const r = generateAllureReport(results, join(o.reportsDir, "allure-report"));
    if (r.ok) console.log(`report: ${join(o.reportsDir, "allure-report", "index.html")}`);
    else console.error(`the Allure report could not be generated (results are kept in ${results}):\n${r.output}`);
    if (!r.ok) return 1;
  }
  if (scenarios.length === 0 && interruption.signal === null) {
    console.error("no scenario ran: check --tags and the features; a run that tests nothing is not a pass");
    return 1;
  }
  // An interrupted run misses scenarios by design: set against a baseline, each would read as a change.
  if (gate !== null && interruption.signal === null) {
    const changed = checkAgainstBaseline(gate.baseline, gate.file, scenarios, redactor) !== 0;
    // Known failures make cucumber exit non-zero; an error exit with no failure at all is something else.
    const unexplained = !allExited && overall === "pass";
    if (unexplained) console.error("cucumber exited with an error although no scenario failed: see its output above");
    return changed || unexplained ? 1 : 0;
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

function runCucumber(config: RunConfig, o: RunOptions, messages: string, results: string, interruption: RunInterruption): Promise<number> {
  const cucumber = join(dirname(require.resolve("@cucumber/cucumber/package.json")), "bin", "cucumber.js");
  const args = [cucumber, "--profile", profileOf(config, o.fuzz ?? false), "--format", `message:${messages}`, "--format-options", JSON.stringify({ resultsDir: results })];
  if (o.tags !== null) args.push("--tags", o.tags);
  if (o.parallel > 1 && config.target.kind === "sim") args.push("--parallel", String(o.parallel));
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: "inherit",
      // Its own process group, which a signal reaches only through the interruption (workers included).
      detached: true,
      env: { ...process.env, OSGP_TARGET: config.targetText, OSGP_PIXIT: config.pixitFile ?? "", OSGP_PICS: config.picsFile ?? "", OSGP_REPORTS_DIR: o.reportsDir },
    });
    interruption.watch(child, stopGraceMs(config));
    child.on("close", (c) => resolve(c ?? 1));
    child.on("error", () => resolve(1));
  });
}
