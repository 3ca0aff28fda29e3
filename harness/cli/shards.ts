import { createHash } from "node:crypto";
import type { ShardFacts } from "../report/summary-writer";
import { usageError } from "./flags";
import { lineArguments, loadPlan, type PlannedScenario } from "./scenario-plan";

/**
 * `run --shard I/N`: a stable share of the run's target × scenario matrix, so that a CI matrix of N
 * machines runs one suite between them and `merge` joins their reports. Each cell goes to a shard
 * by a hash of who it is (target, feature file, scenario name, and its rank among scenarios of that
 * name in that file: an outline's example rows), never by its position: adding a scenario moves
 * only that scenario, not those after it. The shards of one matrix are disjoint and cover it.
 */
export interface Shard {
  /** 1 to count. */
  readonly index: number;
  readonly count: number;
}

/** Beyond this, shards would be mostly empty: no CI matrix is that wide. */
export const MAX_SHARDS = 1000;

export function parseShard(text: string, flag: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !(index >= 1 && index <= count && count <= MAX_SHARDS))
    throw usageError(`${flag} ${text}: not I/N, shard I of N, with 1 ≤ I ≤ N ≤ ${MAX_SHARDS} (e.g. 2/4)`);
  return { index, count };
}

/** One cell of the matrix and the text it is known by. */
export interface MatrixCell {
  readonly scenario: PlannedScenario;
  readonly key: string;
}

/** A target's planned scenarios as cells; `target` is the name the summary gives the target. */
export function cellsOf(target: string, plan: readonly PlannedScenario[]): MatrixCell[] {
  const byLine = [...plan].sort((a, b) => a.line - b.line);
  const rank = new Map<string, number>();
  const keys = new Map<PlannedScenario, string>();
  for (const s of byLine) {
    const id = JSON.stringify([s.uri, s.name]);
    const r = rank.get(id) ?? 0;
    rank.set(id, r + 1);
    keys.set(s, JSON.stringify([target, s.uri, s.name, r]));
  }
  return plan.map((s) => ({ scenario: s, key: keys.get(s) as string }));
}

/** The shard (1 to count) a cell belongs to: the first 48 bits of its key's SHA-256, modulo count. */
export function shardOf(key: string, count: number): number {
  const hash = parseInt(createHash("sha256").update(key).digest("hex").slice(0, 12), 16);
  return (hash % count) + 1;
}

export function matrixDigest(cells: readonly MatrixCell[]): string {
  const keys = cells.map((c) => c.key).sort();
  return createHash("sha256").update(keys.join("\n")).digest("hex");
}

export interface TargetShare {
  /** The cells of this target that fall to the shard. */
  readonly scenarios: number;
  /** Cucumber's feature arguments that run exactly those; empty when there is nothing to run. */
  readonly args: readonly string[];
}

/**
 * Each target's share of `shard` (in the order given) and the facts for the summary. The line
 * arguments are checked against cucumber's own selection, so a profile that someday changes how
 * paths combine cannot make a shard run more or less than its share unseen.
 */
export async function planShard(
  targets: readonly { readonly name: string; readonly profile: string }[],
  tags: string | null,
  shard: Shard,
): Promise<{ shares: TargetShare[]; facts: ShardFacts }> {
  const all: MatrixCell[] = [];
  const shares: TargetShare[] = [];
  for (const t of targets) {
    const plan = await loadPlan(t.profile, tags);
    const cells = cellsOf(t.name, plan);
    all.push(...cells);
    const chosen = cells.filter((c) => shardOf(c.key, shard.count) === shard.index).map((c) => c.scenario);
    if (chosen.length === 0) {
      shares.push({ scenarios: 0, args: [] });
      continue;
    }
    const args = lineArguments(plan, chosen);
    const selected = await loadPlan(t.profile, tags, args);
    const id = (s: PlannedScenario): string => `${s.uri}:${s.line}`;
    if (selected.map(id).sort().join() !== chosen.map(id).sort().join()) {
      throw new Error(
        `shard ${shard.index}/${shard.count} of ${t.name}: cucumber selects ${selected.length} scenario(s) for the ${chosen.length} of the share; its line filter no longer works as this harness expects`,
      );
    }
    shares.push({ scenarios: chosen.length, args });
  }
  const scenarios = shares.reduce((n, s) => n + s.scenarios, 0);
  return {
    shares,
    facts: {
      ...shard,
      targets: targets.map((t) => t.name),
      scenarios,
      matrix: { scenarios: all.length, digest: matrixDigest(all) },
    },
  };
}
