import { ERROR_CODES } from "../errors";
import { PIXIT_DEFAULTS, PIXIT_ITEMS } from "../conformance/pixit";
import { DEFECTS } from "../simulator/defects";
import { PROFILES } from "../simulator/profiles";

/** The reference tables the CLI prints: PIXIT items, error codes, defects, profiles. */
export function pixitTemplate(): string {
  return JSON.stringify(PIXIT_DEFAULTS, null, 2);
}

export function pixitTable(): string {
  return Object.entries(PIXIT_ITEMS)
    .map(([path, doc]) => `${path.padEnd(36)} ${JSON.stringify(leaf(path))}\n${" ".repeat(37)}${doc}`)
    .join("\n");
}

export function errorTable(): string {
  return Object.entries(ERROR_CODES)
    .map(([code, meaning]) => `${code.padEnd(34)} ${meaning}`)
    .join("\n");
}

export function defectTable(): string {
  return Object.entries(DEFECTS)
    .map(([name, d]) => `${name.padEnd(36)} ${d.clause.padEnd(7)} ${d.what}`)
    .join("\n");
}

export function profileTable(): string {
  return Object.values(PROFILES)
    .map((p) => `${p.name.padEnd(12)} ${p.description}`)
    .join("\n");
}

function leaf(path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], PIXIT_DEFAULTS);
}
