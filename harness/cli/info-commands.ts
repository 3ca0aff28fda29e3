import { ERROR_CODES } from "../errors";
import { PIXIT_DEFAULTS, PIXIT_ITEMS } from "../conformance/pixit";
import { meaningOf } from "../conformance/pixit-item";
import { DEFECTS } from "../simulator/defects";
import { defectMeaning } from "../simulator/defects/defect-info";
import { PROFILES } from "../simulator/profiles";

// The reference tables the CLI prints: PIXIT items, error codes, defects, profiles.

/** Every item at its default; with `schema`, a "$schema" reference first, for an editor's checks. */
export function pixitTemplate(schema?: string): string {
  return JSON.stringify(schema === undefined ? PIXIT_DEFAULTS : { $schema: schema, ...PIXIT_DEFAULTS }, null, 2);
}

export function pixitTable(): string {
  return PIXIT_ITEMS.map(
    (i) => `${i.path.padEnd(36)} ${JSON.stringify(i.default)}\n${" ".repeat(37)}${meaningOf(i)}`,
  ).join("\n");
}

export function errorTable(): string {
  return Object.entries(ERROR_CODES)
    .map(([code, meaning]) => `${code.padEnd(34)} ${meaning}`)
    .join("\n");
}

export function defectTable(): string {
  return Object.entries(DEFECTS)
    .map(([name, d]) => `${name.padEnd(36)} ${d.clause.padEnd(7)} ${defectMeaning(d)}`)
    .join("\n");
}

export function profileTable(): string {
  return Object.values(PROFILES)
    .map((p) => `${p.name.padEnd(12)} ${p.description}`)
    .join("\n");
}
