import type { TableFormat } from "../protocol/table-format";
import type { DataBlock } from "../protocol/tables/bt23-current-register-data";
import type { TableClient } from "../session/table-client";
import { billingOf, readBlock } from "./billing-reads";
import { Inconclusive } from "./verdicts";

/**
 * 8.2's purpose, seen in the billing registers: while a tier is in force, the energy that flows is
 * registered in that tier's block of BT23 (block 1 + t) and in no other tier's. Growth is counted
 * over every summation of a block, so it needs no knowledge of which source is which.
 */
export async function readTierBlocks(client: TableClient, format: TableFormat): Promise<DataBlock[]> {
  const b = await billingOf(client, format);
  const blocks: DataBlock[] = [];
  for (let t = 0; t < b.dims.tiers; t++) blocks.push((await readBlock(b, 1 + t)).value);
  return blocks;
}

/** Per tier, how much its summations grew in all (Wh). */
export function tierGrowth(before: readonly DataBlock[], after: readonly DataBlock[]): number[] {
  return before.map((b, t) =>
    (after[t]?.summations ?? []).reduce((s, v, i) => s + Math.abs(v - (b.summations[i] ?? 0)), 0),
  );
}

/** Why the growth does not show energy going to `tier` alone; empty when it does. */
export function growthOutsideTier(growth: readonly number[], tier: number): string[] {
  if (growth.every((g) => g === 0))
    throw new Inconclusive("no tier register grew: the meter needs a load on the bench for this scenario");
  if (tier >= growth.length) return [`BT21 gives ${growth.length} tiers; tier ${tier} has no register block`];
  const out = (growth[tier] ?? 0) > 0 ? [] : [`tier ${tier}, the tier in force, did not grow`];
  growth.forEach((g, t) => {
    if (t !== tier && g !== 0) out.push(`tier ${t} grew by ${g} Wh while tier ${tier} was in force`);
  });
  return out;
}
