import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/**
 * Scenarios judged on table layouts of ours: the public sources name these tables, not their
 * layouts, so a FAIL on our offsets and ranges proves a breach only of a device the vendor says is
 * built to them (PIXIT layouts.confirmed). A feature or scenario says which it rests on with one tag
 * per table, `@provisional-layout-ET07`, read from its tags as `@clause-` is.
 */
const TAG = "@provisional-layout-";

/**
 * Every table whose layout is the suite's own (PROVISIONAL in its codec, harness/protocol/tables/).
 * The reference meter is built on them, so its PIXIT confirms them all: its defects still FAIL.
 */
export const OUR_LAYOUTS: readonly string[] = [
  "BT55",
  ...["ET05", "ET06", "ET07", "ET09", "ET11", "ET13", "ET14", "ET15", "ET18", "ET21", "ET30", "ET31"],
  ...["ET34", "ET40", "ET41", "ET45", "ET46", "ET47", "ET48", "ET50", "ET51", "ET54", "ET55", "ET57"],
  ...["ET58", "ET59", "ET61", "ET62", "ET66", "ET67", "ET70", "ET71", "ET72", "ET73", "ET74", "ET75"],
  ...["ET77", "ET85"],
];

/** The tables a scenario's tags (the feature's and its own) say it is judged on, in the order given. */
export function provisionalLayouts(tags: readonly string[]): string[] {
  return [...new Set(tags.filter((t) => t.startsWith(TAG)).map((t) => t.slice(TAG.length)))];
}

function unconfirmed(tables: readonly string[], confirmed: readonly string[]): string[] {
  return tables.filter((t) => !confirmed.includes(t));
}

/** FAILs that rest on what BT00 declares, not on any layout (the clause gates): they stand unconfirmed. */
const DECLARATION_BREACHES = new WeakSet<Error>();

export function declarationBreach(e: ConformanceAssertionError): ConformanceAssertionError {
  DECLARATION_BREACHES.add(e);
  return e;
}

export function isDeclarationBreach(e: Error): boolean {
  return DECLARATION_BREACHES.has(e);
}

/**
 * The verdict of a scenario judged on `tables`: a FAIL that an unconfirmed layout of ours carries
 * cannot tell a breach from a device built to the real layout, so it is inconclusive, saying what
 * would have failed (the FAIL's sentence and its bytes, whole).
 */
export function layoutVerdict(verdict: Error, tables: readonly string[], confirmed: readonly string[]): Error {
  const open = unconfirmed(tables, confirmed);
  if (!(verdict instanceof ConformanceAssertionError) || isDeclarationBreach(verdict) || open.length === 0)
    return verdict;
  return new Inconclusive(
    `would FAIL if the device used our PROVISIONAL layout of ${open.join(", ")} (confirm it with PIXIT layouts.confirmed): ${verdict.message}`,
  );
}

/** The report's label for such a scenario. */
export function layoutLabel(tables: readonly string[]): string {
  return `table layouts ${tables.join(", ")}`;
}

/** The notice such a scenario attaches, for the report and the summary's provisional section. */
export function layoutNotice(tables: readonly string[], confirmed: readonly string[]): string {
  const open = unconfirmed(tables, confirmed);
  const kept = tables.filter((t) => confirmed.includes(t));
  return [
    `PROVISIONAL: table layouts of this suite's own: ${tables.join(", ")}.`,
    "The public sources name these tables, not their layouts: the scenario reads and writes them at the offsets",
    "and judges them on the ranges of the suite's codecs (harness/protocol/tables/).",
    kept.length === 0 ? "" : `The PIXIT (layouts.confirmed) says the device uses ours for ${kept.join(", ")}.`,
    open.length === 0
      ? "A FAIL here stands."
      : `Not confirmed: ${open.join(", ")}; a FAIL here is reported inconclusive, with what would have failed.`,
  ]
    .filter((l) => l !== "")
    .join("\n");
}
