import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { runRedactor } from "../report/evidence-bundle";
import { checkShards, mergeAllureResults, mergedFacts, mergedScenarios, readShard } from "../report/merge-shards";
import { writeAllureHtml, writeRunReports } from "../report/run-reports";
import { usageError } from "./flags";

export interface MergeOptions {
  /** The shards' reports directories, in any order. */
  readonly dirs: readonly string[];
  readonly reportsDir: string;
  /** Generate the single-file Allure report too. */
  readonly report: boolean;
}

/**
 * `osgp-conformance merge DIR...`: the shards of one run (`run --shard I/N`) joined into the reports
 * the unsharded run would have written (summary.md and .json, junit.xml, the Allure results and,
 * with --report, the report). Exit code as `run`'s: 0 only when every scenario passed or was not
 * applicable and no shard was interrupted; bad shards stop it with OSGP_ERR_MERGE before it writes.
 */
export function mergeShards(o: MergeOptions): number {
  const out = resolve(o.reportsDir);
  const clash = o.dirs.find((d) => resolve(d) === out);
  if (clash !== undefined)
    throw usageError(
      `--reports-dir ${o.reportsDir} is one of the shards (${clash}): merge into a directory of its own`,
    );
  const shards = o.dirs.map(readShard);
  checkShards(shards);
  const results = join(o.reportsDir, "allure-results");
  rmSync(results, { recursive: true, force: true });
  mkdirSync(o.reportsDir, { recursive: true });
  mergeAllureResults(shards, results);
  const scenarios = mergedScenarios(shards);
  const facts = mergedFacts(shards);
  // The shards scrubbed what they wrote; the run's keys, where they can still be read, are masked once more.
  const { overall, summary, junit } = writeRunReports(
    o.reportsDir,
    facts,
    scenarios,
    runRedactor(shards[0]?.record ?? null),
    null,
  );
  console.log(`merged ${shards.length} shard(s): ${scenarios.length} scenario(s)`);
  console.log(`summary: ${summary} (${facts.interrupted ? "interrupted" : overall})`);
  console.log(`junit: ${junit}`);
  if (o.report && !writeAllureHtml(o.reportsDir)) return 1;
  if (scenarios.length === 0) {
    console.error(
      "no scenario ran in any shard: check --tags and the features; a run that tests nothing is not a pass",
    );
    return 1;
  }
  // As the run's own exit: a shard that left the device changed fails the whole.
  const leftChanged = scenarios.some((s) => s.leftChanged !== undefined);
  return facts.interrupted === undefined && overall === "pass" && !leftChanged ? 0 : 1;
}
