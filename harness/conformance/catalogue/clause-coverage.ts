import { CLAUSES, clauseStatus, type ClauseEntry } from "../clause-catalogue";
import type { IndexedScenario } from "./feature-index";
import { UNTESTED_CLAUSES } from "./untested-clauses";

/**
 * The clause catalogue: every leaf clause of the spec's table of contents with the scenarios that
 * test it, or the reason none can. A scenario counts for a leaf when it carries that leaf's tag.
 */
export interface CatalogueRow {
  readonly clause: string;
  readonly title: string;
  readonly status: "mandatory" | "optional" | null;
  readonly scenarios: readonly IndexedScenario[];
  readonly reason: string | null;
}

export function leafClauses(): ClauseEntry[] {
  const numbers = CLAUSES.map((c) => c.clause);
  return CLAUSES.filter((c) => !numbers.some((n) => n.startsWith(c.clause + ".")));
}

export function clauseCatalogue(scenarios: readonly IndexedScenario[]): CatalogueRow[] {
  return leafClauses().map((c) => ({
    clause: c.clause,
    title: c.title,
    status: clauseStatus(c.clause),
    scenarios: scenarios.filter((s) => s.clauses.includes(c.clause)),
    reason: UNTESTED_CLAUSES[c.clause] ?? null,
  }));
}

/** What is wrong with a catalogue: leaves with neither scenarios nor reason, and stale reasons. */
export function catalogueProblems(rows: readonly CatalogueRow[]): string[] {
  const leaves = new Set(rows.map((r) => r.clause));
  const problems = rows.flatMap((r) => {
    if (r.scenarios.length === 0 && r.reason === null)
      return [`${r.clause} ${r.title}: no scenario and no reason why it cannot be tested`];
    if (r.scenarios.length > 0 && r.reason !== null)
      return [`${r.clause} ${r.title}: has scenarios, but untested-clauses.ts still gives a reason`];
    return [];
  });
  for (const c of Object.keys(UNTESTED_CLAUSES))
    if (!leaves.has(c))
      problems.push(`untested-clauses.ts names ${c}, which is no leaf clause of the table of contents`);
  return problems;
}

export function catalogueMarkdown(rows: readonly CatalogueRow[]): string {
  const tested = rows.filter((r) => r.scenarios.length > 0).length;
  const lines = [
    "# Clause catalogue",
    "",
    `${rows.length} leaf clauses of ETSI TS 104 001 V2.2.1: ${tested} tested by scenarios, ${rows.length - tested} with a reason why not.`,
    "",
    "| clause | title | status | scenarios or reason |",
    "|---|---|---|---|",
  ];
  for (const r of rows) {
    const what =
      r.scenarios.length > 0
        ? r.scenarios.map((s) => `${s.file}: ${s.scenario}`).join("<br>")
        : `*not tested:* ${r.reason ?? "(no reason)"}`;
    lines.push(`| ${r.clause} | ${r.title} | ${r.status ?? ""} | ${what.replace(/\|/g, "\\|")} |`);
  }
  return lines.join("\n") + "\n";
}
