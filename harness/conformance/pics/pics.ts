import {
  isProcedureUsed,
  isTableUsed,
  type GeneralConfiguration,
} from "../../protocol/tables/bt00-general-configuration";
import { parseProcedureName } from "../../protocol/procedure-id";
import { parseTableName } from "../../protocol/table-id";
import { isOption, parentItem, picsItem, PICS_ITEMS, type PicsItem } from "./pics-items";

/** A PICS: for each item id (a clause), whether the device implements that optional feature. */
export type Pics = Readonly<Record<string, boolean>>;

/** What BT00 shows of one item: true/false from its evidence, undefined when it has none. */
export function derivedFromBt00(item: PicsItem, config: GeneralConfiguration): boolean | undefined {
  const tables = item.tables ?? [];
  const procedures = item.procedures ?? [];
  if (tables.length === 0 && procedures.length === 0) return undefined;
  return (
    tables.some((t) => isTableUsed(config, parseTableName(t))) ||
    procedures.some((p) => isProcedureUsed(config, parseProcedureName(p)))
  );
}

/**
 * The PICS a device's BT00 gives: items without evidence take their parent's value, or are left out;
 * options are left out, as having a feature says nothing of its options.
 */
export function derivePics(config: GeneralConfiguration): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const item of PICS_ITEMS) {
    if (isOption(item)) continue;
    let v = derivedFromBt00(item, config);
    for (let p = parentItem(item.id); v === undefined && p !== undefined; p = parentItem(p.id))
      v = derivedFromBt00(p, config);
    if (v !== undefined) out[item.id] = v;
  }
  return out;
}

export interface Support {
  readonly supported: boolean;
  /** Where the answer came from, for the report: "the PICS file", "BT00 (ET30 declared)", ... */
  readonly source: string;
  /** An option no PICS declares and nothing else settles: the answer is our guess of what a device does. */
  readonly assumed?: true;
}

/**
 * What the declared PICS says of an item, or null when it says nothing and only BT00 can tell. An
 * option BT00 cannot show: undeclared, it is its assumed value.
 */
export function declaredSupport(id: string, declared: Pics | null): Support | null {
  const item = picsItem(id);
  if (item === undefined) throw new Error(`no PICS item "${id}"`);
  const d = declared?.[id];
  if (d !== undefined) return { supported: d, source: "the PICS" };
  if (item.assumed === undefined) return null;
  const source = "the PICS's assumed value for it (no PICS declares it)";
  if (item.settledBy !== undefined)
    return { supported: item.assumed, source: `${source}, checked against ${item.settledBy}` };
  return { supported: item.assumed, source, assumed: true };
}

/**
 * Whether the device implements an optional feature: the declared PICS (the lab's file, or the
 * simulator's own) decides; without one, BT00 does. An item neither gives is taken as absent, so
 * its scenarios are not applicable rather than failed for a feature the device may not have.
 */
export function featureSupport(id: string, declared: Pics | null, config: GeneralConfiguration): Support {
  const d = declaredSupport(id, declared);
  if (d !== null) return d;
  const item = picsItem(id) as PicsItem;
  const derived = derivePics(config)[id];
  if (derived !== undefined)
    return {
      supported: derived,
      source: `BT00 (evidence: ${[...(item.tables ?? []), ...(item.procedures ?? [])].join(", ") || "the parent item's"})`,
    };
  return { supported: false, source: "no PICS file, and BT00 cannot show this feature" };
}

/** Whether the device has an option (an item BT00 cannot show): declared, or its assumed value. */
export function optionSupport(id: string, declared: Pics | null): Support {
  const s = declaredSupport(id, declared);
  if (s === null) throw new Error(`PICS item "${id}" is no option`);
  return s;
}
