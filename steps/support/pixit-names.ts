import { PIXIT_ITEMS, type Pixit } from "../../harness/conformance/pixit";

/**
 * The PIXIT item names a scenario may give in its steps, read from the PIXIT's own declaration, and
 * the cucumber parameter patterns made of them (parameter-types.ts): a name that is not an item, a
 * misspelt one, leaves the step undefined, so cucumber names the step and the scenario runs nothing.
 */
export type PixitExpectation = keyof Pixit["expect"];

/** The expect.* items, by the short name the scenarios give them ("insufficientKey"). */
export const PIXIT_EXPECTATIONS: readonly string[] = PIXIT_ITEMS.flatMap(
  (i) => /^expect\.(\w+)$/.exec(i.path)?.[1] ?? [],
);

/**
 * Every item whose value is a list of names (response codes, procedure results), by its path ("control.rejectedValue").
 */
export const PIXIT_LISTS: readonly string[] = PIXIT_ITEMS.filter((i) => i.rule.type === "strings").map((i) => i.path);

/** The control functions the PIXIT names a procedure for: "relay" for control.relayProcedure. */
export const CONTROL_PROCEDURES: readonly string[] = PIXIT_ITEMS.flatMap(
  (i) => /^control\.(\w+)Procedure$/.exec(i.path)?.[1] ?? [],
);

/** One of `names`, between double quotes as Gherkin gives a string; the name alone is the parameter. */
export function quotedNamePattern(names: readonly string[]): RegExp {
  return new RegExp(`"(${names.map(escaped).join("|")})"`);
}

/** One of `names`, as a bare word. */
export function namePattern(names: readonly string[]): RegExp {
  return new RegExp(names.map(escaped).join("|"));
}

function escaped(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
