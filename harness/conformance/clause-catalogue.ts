import toc from "./spec-toc.json";

/**
 * The spec's table of contents, carried into the project as data (ETSI TS 104 001 V2.2.1, clauses 1-9
 * and the first Annex A entries): the clause numbers, titles and mandatory/optional status that
 * tags, report labels and the clause catalogue are checked against.
 */
export interface ClauseEntry {
  readonly clause: string;
  readonly title: string;
  readonly status: "mandatory" | "optional" | null;
}

export const CLAUSES: readonly ClauseEntry[] = (toc as { clauses: ClauseEntry[] }).clauses.map((c) => ({
  clause: c.clause,
  title: c.title,
  status: c.status,
}));

const BY_NUMBER = new Map(CLAUSES.map((c) => [c.clause, c]));

export function clauseEntry(clause: string): ClauseEntry | undefined {
  return BY_NUMBER.get(clause);
}

/** "9.3" -> "9 Basic OSGP services"; "A.1" -> "Annex A"; the area a clause belongs to in reports. */
export function clauseArea(clause: string): string {
  if (clause.startsWith("A.")) return "Annex A Basic tables";
  const top = clause.split(".")[0] as string;
  const entry = BY_NUMBER.get(top);
  return entry === undefined ? `Clause ${top}` : `${top} ${entry.title}`;
}

/** Whether the clause or one of its ancestors is marked (mandatory) or (optional) in the TOC. */
export function clauseStatus(clause: string): "mandatory" | "optional" | null {
  const parts = clause.split(".");
  for (let n = parts.length; n > 0; n--) {
    const s = BY_NUMBER.get(parts.slice(0, n).join("."))?.status;
    if (s !== null && s !== undefined) return s;
  }
  return null;
}
