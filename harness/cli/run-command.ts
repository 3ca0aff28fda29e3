import { spawn } from "node:child_process";
import { profileFor } from "../conformance/cucumber-profiles";
import { linkOf } from "../links/links";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { runConfig, type RunConfig } from "../conformance/run-config";
import { describeTarget } from "../conformance/target";
import { inRunOrder, readScenarioVerdicts, type ScenarioVerdict } from "../report/run-summary";
import { readDeviceIdentity, writeAllureHtml, writeRunReports } from "../report/run-reports";
import { collectWireTotals } from "../report/wire-summary";
import { checkAgainstBaseline, readBaseline } from "./baseline-command";
import { pixitRedactor } from "../conformance/pixit-redactor";
import { Redactor } from "../security/redactor";
import { HARNESS_VERSION } from "../version";
import { writeRunRecord } from "../report/run-record";
import { SHARED_CONSOLE_ENV } from "../report/run-progress";
import { notRunCount, RunInterruption, stopGraceMs } from "./run-interruption";
import { usageError } from "./flags";
import { loadPlan } from "./scenario-plan";
import { planShard, type Shard, type TargetShare } from "./shards";
import { checkReplayTags } from "../conformance/replay-target";
import { benchLine } from "../conformance/bench-line";
import { startRecording } from "../conformance/recording/recording-file";

/**
 * `osgp-conformance run`: the suite against one or more targets, one cucumber run each, into one
 * set of results. Each target runs the features of its link (cucumber profile default/optical for
 * the optical port, mep for the MEP port, plc for the PLC link); up to --parallel targets run at
 * once, and with --shard I/N only the run's share of the target × scenario matrix (shards.ts). Then the per-clause
 * summary, the Allure environment and categories, and (with --report) the single-file Allure report. Exit code: 0 only
 * when every scenario passed or was not applicable; 1 on any fail or inconclusive verdict, when a scenario
 * left the device changed (its clean-ups did not put it back), or when no scenario ran at all. With a baseline
 * (the CI gate): 0 only when every verdict is the baseline's, known failures included, and no scenario
 * left the device changed. Interrupted (SIGINT, SIGTERM: run-interruption.ts), the run still writes
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
  /** Run only this shard's share of the target × scenario matrix (`merge` joins the shards' reports). */
  readonly shard?: Shard | null;
  /**
   * Record every byte of every scenario to this bench recording
   * (conformance/recording/recording-format.ts); `--target replay:FILE` plays it back.
   */
  readonly record?: string | null;
}

/**
 * What one target's cucumber left: its verdicts, whether it exited
 * 0, and (interrupted) how many of its scenarios did not run.
 */
interface TargetOutcome {
  readonly verdicts: readonly ScenarioVerdict[];
  readonly exitedClean: boolean;
  readonly notRun: number | null;
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
  const names = configs.map((c) => describeTarget(c.target));
  const profiles = configs.map((c) => profileOf(c, o.fuzz ?? false));
  // One target twice would be two runs on one line, and its scenarios twice over in the summary and the shards.
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw usageError(`--target: ${twice} is named twice`);
  const shard = o.shard ?? null;
  if (shard !== null && o.fuzz === true)
    throw usageError("--shard shares out scenarios, not fuzz campaigns: run --fuzz without --shard");
  // A shard's verdicts are a part of the baseline's: the merged run is what a baseline judges.
  if (shard !== null && o.baseline)
    throw usageError("--baseline judges a whole run: merge the shards, then `baseline diff` the merged reports");
  // Read first: a baseline that is not one stops the run before it starts, not after an hour.
  const gate = o.baseline ? { file: o.baseline, baseline: readBaseline(o.baseline) } : null;
  for (const c of configs) if (c.target.kind === "replay") checkReplayTags(c.target, o.tags);
  if (o.record)
    startRecording(o.record, {
      tags: o.tags,
      targets: configs.map((c) => {
        const line = benchLine(c.target);
        return { target: c.targetText, link: c.target.link, ...(line === null ? {} : { line }) };
      }),
    });
  const sharded =
    shard === null
      ? null
      : await planShard(
          names.map((name, i) => ({ name, profile: profiles[i] as string })),
          o.tags,
          shard,
        );
  const results = join(o.reportsDir, "allure-results");
  const identity = join(o.reportsDir, ".device-identity.json");
  rmSync(results, { recursive: true, force: true });
  rmSync(identity, { force: true });
  // Each scenario's capture is named after it; one left from an earlier run would be taken for this one's.
  rmSync(join(o.reportsDir, "pcap"), { recursive: true, force: true });
  mkdirSync(o.reportsDir, { recursive: true });
  const startedAt = new Date().toISOString();
  writeRunRecord(
    o.reportsDir,
    { targets: o.targets, pixitFile: o.pixit, picsFile: o.pics ?? null, junitFile: o.junit ?? null, startedAt },
    configs.map((c) => c.pixit),
  );

  // Up to --parallel targets at once, each its own cucumber; what --parallel
  // leaves over goes to a simulator's cucumber workers (a meter has one line).
  const lanes = Math.min(o.parallel, configs.length);
  const workers = Math.max(1, Math.floor(o.parallel / lanes));
  const outcomes = await inLanes(configs.length, lanes, async (i): Promise<TargetOutcome> => {
    const config = configs[i] as RunConfig;
    const name = names[i] as string;
    const share: TargetShare | undefined = sharded?.shares[i];
    const planned = (): Promise<number> =>
      share ? Promise.resolve(share.scenarios) : loadPlan(profiles[i] as string, o.tags).then((p) => p.length);
    if (share?.scenarios === 0) {
      console.log(`${name}: none of its scenarios falls to shard ${shard?.index}/${shard?.count}`);
      return { verdicts: [], exitedClean: true, notRun: null };
    }
    if (interruption.signal !== null)
      return { verdicts: [], exitedClean: true, notRun: await notRunCount(null, 0, planned) };
    console.log(
      `osgp-conformance ${HARNESS_VERSION}: ${name}${o.pixit ? `, PIXIT ${o.pixit}` : ""}${share ? `, shard ${shard?.index}/${shard?.count}: ${share.scenarios} scenario(s)` : ""}`,
    );
    const messages = join(
      o.reportsDir,
      configs.length === 1 ? "cucumber-messages.ndjson" : `cucumber-messages-${i + 1}.ndjson`,
    );
    rmSync(messages, { force: true });
    const args = [
      ...(workers > 1 && config.target.kind === "sim" ? ["--parallel", String(workers)] : []),
      ...(share?.args ?? []),
    ];
    const code = await runCucumber(config, o, messages, results, interruption, args, lanes > 1);
    const verdicts = existsSync(messages) ? readScenarioVerdicts(messages) : [];
    const notRun = interruption.signal === null ? null : await notRunCount(messages, verdicts.length, planned);
    return { verdicts: verdicts.map((s) => ({ ...s, target: name })), exitedClean: code === 0, notRun };
  });
  const scenarios = inRunOrder(
    outcomes.flatMap((r) => r.verdicts),
    names,
  );
  const allExited = outcomes.every((r) => r.exitedClean);
  const notRun = Object.fromEntries(
    outcomes.flatMap((r, i) => (r.notRun === null ? [] : [[names[i] as string, r.notRun]])),
  );

  if (interruption.signal !== null)
    console.log(
      `\n${interruption.signal}: the run stopped; not run: ${Object.entries(notRun)
        .map(([t, n]) => `${n} (${t})`)
        .join(", ")}`,
    );
  const device = readDeviceIdentity(identity);
  const target = names.join("; ");
  const interrupted = interruption.signal === null ? {} : { interrupted: { signal: interruption.signal, notRun } };
  const facts = {
    target,
    harnessVersion: HARNESS_VERSION,
    pixitFile: o.pixit,
    startedAt,
    finishedAt: new Date().toISOString(),
    device,
    ...interrupted,
    ...collectWireTotals(o.reportsDir, startedAt),
    ...(sharded ? { shard: sharded.facts } : {}),
  };
  const redactor = new Redactor();
  for (const c of configs) pixitRedactor(c.pixit, redactor);
  const { overall, summary, junit } = writeRunReports(o.reportsDir, facts, scenarios, redactor, o.junit ?? null);
  console.log(`\nsummary: ${summary} (${overall})`);
  console.log(`junit: ${junit}`);
  // A device left changed is the lab's to put back before it is used again: it fails the run, whatever the verdicts.
  const leftChanged = scenarios.filter((s) => s.leftChanged !== undefined).length;
  if (leftChanged > 0)
    console.error(
      `the device was left changed by ${leftChanged} scenario(s) whose clean-ups did not put it back: ${summary} says what, and how`,
    );

  // A report asked for and not made fails the run, but only once the baseline has said what changed.
  const noReport = o.report && !writeAllureHtml(o.reportsDir);
  if (scenarios.length === 0 && interruption.signal === null) {
    // The hash may leave a shard nothing of a small matrix: that
    // is the CI matrix's width, not a run that tested nothing.
    if (sharded !== null && sharded.facts.scenarios === 0 && sharded.facts.matrix.scenarios > 0) {
      console.log(
        `shard ${shard?.index}/${shard?.count}: none of the run's ${sharded.facts.matrix.scenarios} scenarios falls to this shard`,
      );
      return noReport ? 1 : 0;
    }
    console.error("no scenario ran: check --tags and the features; a run that tests nothing is not a pass");
    return 1;
  }
  // An interrupted run misses scenarios by design: set against a baseline, each would read as a change.
  if (gate !== null && interruption.signal === null) {
    const changed = checkAgainstBaseline(gate.baseline, gate.file, scenarios, redactor) !== 0;
    // Known failures make cucumber exit non-zero; an error exit with no failure at all is something else.
    const unexplained = !allExited && overall === "pass";
    if (unexplained) console.error("cucumber exited with an error although no scenario failed: see its output above");
    return changed || unexplained || noReport || leftChanged > 0 ? 1 : 0;
  }
  return allExited && overall === "pass" && !noReport && leftChanged === 0 ? 0 : 1;
}

/**
 * `task(0)` to `task(count - 1)`, at most `lanes` of them at a time, each started as soon as one
 * before it ends; the results in index order, whichever ended first.
 */
async function inLanes<T>(count: number, lanes: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      out[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return out;
}

/** The cucumber profile of a target: its link's features (cucumber.js, made from the links). */
function profileOf(config: RunConfig, fuzz: boolean): string {
  return profileFor(linkOf(config.target.link), fuzz);
}

/**
 * `more`: cucumber's workers and the shard's feature lines; `sharedConsole`:
 * other targets' cucumbers write to the console at the same time.
 */
function runCucumber(
  config: RunConfig,
  o: RunOptions,
  messages: string,
  results: string,
  interruption: RunInterruption,
  more: readonly string[],
  sharedConsole: boolean,
): Promise<number> {
  const cucumber = join(dirname(require.resolve("@cucumber/cucumber/package.json")), "bin", "cucumber.js");
  const args = [
    cucumber,
    "--profile",
    profileOf(config, o.fuzz ?? false),
    "--format",
    `message:${messages}`,
    "--format-options",
    JSON.stringify({ resultsDir: results }),
  ];
  if (o.tags !== null) args.push("--tags", o.tags);
  args.push(...more);
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: "inherit",
      // Its own process group, which a signal reaches only through the interruption (workers included).
      detached: true,
      env: {
        ...process.env,
        OSGP_TARGET: config.targetText,
        OSGP_PIXIT: config.pixitFile ?? "",
        OSGP_PICS: config.picsFile ?? "",
        OSGP_REPORTS_DIR: o.reportsDir,
        OSGP_RECORD: o.record ?? "",
        ...(sharedConsole ? { [SHARED_CONSOLE_ENV]: "1" } : {}),
      },
    });
    interruption.watch(child, stopGraceMs(config));
    child.on("close", (c) => resolve(c ?? 1));
    child.on("error", () => resolve(1));
  });
}
