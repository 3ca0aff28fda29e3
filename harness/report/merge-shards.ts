import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors";
import { readRunRecord, RUN_RECORD_FILE, type RunRecord } from "./run-record";
import { inRunOrder, type ScenarioVerdict } from "./run-summary";
import type { RunFacts, ShardFacts } from "./summary-writer";
import { sumWire } from "./wire-summary";

/**
 * The shards of one run (`run --shard I/N`, each in its own reports directory, typically one per
 * CI machine) read back and joined into what the unsharded run would have written: every verdict
 * once, in the run's order, and the Allure results of all. Only the shards of one run join: each
 * must be a run's reports with its shard facts, of one harness (version and commit), one PIXIT
 * (as recorded, keys redacted) and PICS file, one matrix (its digest covers the targets, the
 * features and --tags), one device (as far as each identified it), and every shard 1 to N exactly once.
 */
export interface ShardReports {
  readonly dir: string;
  readonly facts: RunFacts & { readonly shard: ShardFacts };
  readonly scenarios: readonly ScenarioVerdict[];
  readonly record: RunRecord;
}

function problem(text: string): ConfigError {
  return new ConfigError("OSGP_ERR_MERGE", text);
}

export function readShard(dir: string): ShardReports {
  const file = join(dir, "summary.json");
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw problem(`${dir} is not a directory`);
  if (!existsSync(file))
    throw problem(
      `${dir} is not a run's reports directory: it has no summary.json (osgp-conformance run --shard I/N --reports-dir ${dir} writes one)`,
    );
  let summary: (RunFacts & { scenarios?: unknown }) | null = null;
  try {
    summary = JSON.parse(readFileSync(file, "utf8")) as RunFacts & { scenarios?: unknown };
  } catch {
    // Said below, as for any summary without scenarios.
  }
  if (summary === null || !Array.isArray(summary.scenarios) || typeof summary.harnessVersion !== "string")
    throw problem(`${file} is not a run's summary.json`);
  const record = recordOf(dir);
  const { scenarios, shard, ...facts } = summary;
  if (shard === undefined)
    throw problem(`${dir} holds a run made without --shard: merge joins the shards of one run made with --shard I/N`);
  if (!isShardFacts(shard))
    throw problem(`${file}: its shard facts are not this harness's (index, count, targets, scenarios, matrix)`);
  return { dir, facts: { ...facts, shard }, scenarios: scenarios as ScenarioVerdict[], record };
}

function isShardFacts(s: unknown): s is ShardFacts {
  if (typeof s !== "object" || s === null) return false;
  const f = s as Partial<Record<keyof ShardFacts, unknown>>;
  const matrix = (f.matrix ?? {}) as { scenarios?: unknown; digest?: unknown };
  return (
    [f.index, f.count, f.scenarios, matrix.scenarios].every(Number.isInteger) &&
    typeof matrix.digest === "string" &&
    Array.isArray(f.targets) &&
    f.targets.every((t) => typeof t === "string")
  );
}

function recordOf(dir: string): RunRecord {
  let record: RunRecord | null;
  try {
    record = readRunRecord(dir);
  } catch {
    throw problem(`${join(dir, RUN_RECORD_FILE)} is not a run record (JSON)`);
  }
  if (record === null)
    throw problem(`${dir} has no ${RUN_RECORD_FILE}: which harness and PIXIT made its verdicts cannot be told`);
  return record;
}

/** Throws, naming the directories, unless `shards` are every shard of one run, each once. */
export function checkShards(shards: readonly ShardReports[]): void {
  const [first, ...rest] = shards;
  if (first === undefined) throw problem("no shards to merge");
  const name = (s: ShardReports): string => `${s.dir} (shard ${s.facts.shard.index}/${s.facts.shard.count})`;
  for (const s of rest) {
    const differ = (what: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b))
        throw problem(
          `${name(first)} and ${name(s)} differ in ${what} (${JSON.stringify(a)} and ${JSON.stringify(b)}): they are not shards of one run`,
        );
    };
    differ("their number of shards", first.facts.shard.count, s.facts.shard.count);
    differ("harness version", first.facts.harnessVersion, s.facts.harnessVersion);
    const [ca, cb] = [first.record.harness.gitCommit, s.record.harness.gitCommit];
    if (ca !== "unknown" && cb !== "unknown") differ("harness commit", ca, cb);
    // The PIXIT as each run recorded it (keys redacted), not its path:
    // the machines of a CI matrix may keep it in different places.
    if (JSON.stringify(first.record.pixit) !== JSON.stringify(s.record.pixit))
      throw problem(
        `${name(first)} and ${name(s)} were run with different PIXITs (${first.record.pixitFile ?? "(defaults)"} and ${s.record.pixitFile ?? "(defaults)"}): they are not shards of one run`,
      );
    differ("PICS file", first.record.picsFile, s.record.picsFile);
    differ("targets", first.facts.shard.targets, s.facts.shard.targets);
    // A one-target run names one device: shards whose machines each held another meter are not one run. (Of
    // several targets, each run keeps whichever identity was read last, which tells nothing.)
    if (first.facts.shard.targets.length === 1) {
      for (const [item, value] of Object.entries(s.facts.device)) {
        const other = first.facts.device[item];
        if (other !== undefined) differ(`the device tested (${item})`, other, value);
      }
    }
    if (first.facts.shard.matrix.digest !== s.facts.shard.matrix.digest)
      throw problem(
        `${name(first)} and ${name(s)} have different scenario matrices (${first.facts.shard.matrix.scenarios} and ${s.facts.shard.matrix.scenarios} scenarios: other features or --tags): they are not shards of one run`,
      );
  }
  const byIndex = new Map<number, ShardReports>();
  for (const s of shards) {
    const seen = byIndex.get(s.facts.shard.index);
    if (seen !== undefined)
      throw problem(
        `${seen.dir} and ${s.dir} are both shard ${s.facts.shard.index}/${s.facts.shard.count}: each shard once`,
      );
    byIndex.set(s.facts.shard.index, s);
  }
  const count = first.facts.shard.count;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    throw problem(
      `shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} missing: merge needs the reports directory of every shard`,
    );
}

/** The merged run's verdicts, in the order an unsharded run lists them. */
export function mergedScenarios(shards: readonly ShardReports[]): ScenarioVerdict[] {
  return inRunOrder(
    shards.flatMap((s) => s.scenarios),
    shards[0]?.facts.shard.targets ?? [],
  );
}

/** The merged run's facts: from its first start to its last finish, the wire and not-run counts added up. */
export function mergedFacts(shards: readonly ShardReports[]): RunFacts {
  const ordered = [...shards].sort((a, b) => a.facts.shard.index - b.facts.shard.index);
  const first = ordered[0];
  if (first === undefined) throw problem("no shards to merge");
  const wire = sumWire(ordered.flatMap((s) => s.facts.wire ?? []));
  const stopped = ordered.filter((s) => s.facts.interrupted !== undefined);
  const notRun: Record<string, number> = {};
  for (const s of stopped)
    for (const [t, n] of Object.entries(s.facts.interrupted?.notRun ?? {})) notRun[t] = (notRun[t] ?? 0) + n;
  const signal = stopped[0]?.facts.interrupted?.signal;
  return {
    target: first.facts.target,
    harnessVersion: first.facts.harnessVersion,
    pixitFile: first.facts.pixitFile,
    startedAt: ordered.map((s) => s.facts.startedAt).sort()[0] ?? first.facts.startedAt,
    finishedAt:
      ordered
        .map((s) => s.facts.finishedAt)
        .sort()
        .at(-1) ?? first.facts.finishedAt,
    device: Object.assign({}, ...ordered.map((s) => s.facts.device)) as Record<string, string>,
    ...(signal === undefined ? {} : { interrupted: { signal, notRun } }),
    ...(wire.length === 0 ? {} : { wire }),
    mergedFrom: ordered.map((s) => s.dir),
  };
}

/** Allure's own files that `merge` writes afresh for the whole run. */
const RUN_WIDE = new Set(["environment.properties", "categories.json"]);

/**
 * Every shard's Allure results into `resultsDir`. Allure names each result, container and
 * attachment by a UUID: one name in two shards is not a shard's, and is refused rather than lost.
 */
export function mergeAllureResults(shards: readonly ShardReports[], resultsDir: string): void {
  mkdirSync(resultsDir, { recursive: true });
  const from = new Map<string, string>();
  for (const s of shards) {
    const dir = join(s.dir, "allure-results");
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((f) => !RUN_WIDE.has(f))) {
      const other = from.get(f);
      if (other !== undefined) throw problem(`${f} is in the Allure results of both ${other} and ${s.dir}`);
      from.set(f, s.dir);
      copyFileSync(join(dir, f), join(resultsDir, f));
    }
  }
}
