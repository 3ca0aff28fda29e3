/**
 * Two clients' reads of the same meter compared table by table: ours twice (before and after the
 * other client) and theirs once, each as table id to the table's bytes in hex without separators.
 * A table that differs between our own two reads holds state that moves between sessions (a clock,
 * a counter, a log of logons), so a difference there says nothing about either client; a difference
 * in a table that held still is a disagreement about the bytes on the wire.
 */
export interface TableDifference {
  readonly id: number;
  /** The first byte that differs (the shorter table's length when one is the other's start). */
  readonly offset: number;
  /** Up to 8 bytes from `offset`, hex. */
  readonly ours: string;
  readonly theirs: string;
  readonly lengths: readonly [number, number];
  /** Our own two reads of it differ too. */
  readonly moving: boolean;
}

export interface Agreement {
  readonly same: number[];
  readonly differ: TableDifference[];
  /** Tables our dump showed with a key masked: not compared. */
  readonly masked: number[];
  readonly onlyOurs: number[];
  readonly onlyTheirs: number[];
}

const WINDOW = 8;

export function compareTables(
  ours: ReadonlyMap<number, string>,
  oursAgain: ReadonlyMap<number, string>,
  theirs: ReadonlyMap<number, string>,
): Agreement {
  const a: Agreement = { same: [], differ: [], masked: [], onlyOurs: [], onlyTheirs: [] };
  const ids = [...new Set([...ours.keys(), ...theirs.keys()])].sort((x, y) => x - y);
  for (const id of ids) {
    const o = ours.get(id);
    const t = theirs.get(id);
    if (o === undefined) a.onlyTheirs.push(id);
    else if (t === undefined) a.onlyOurs.push(id);
    else if (o.includes("*")) a.masked.push(id);
    else if (o === t) a.same.push(id);
    else {
      let byte = 0;
      while (
        2 * byte < Math.min(o.length, t.length) &&
        o.slice(2 * byte, 2 * byte + 2) === t.slice(2 * byte, 2 * byte + 2)
      )
        byte++;
      const window = (h: string) => h.slice(2 * byte, 2 * (byte + WINDOW)).replace(/(..)(?!$)/g, "$1 ");
      a.differ.push({
        id,
        offset: byte,
        ours: window(o),
        theirs: window(t),
        lengths: [o.length / 2, t.length / 2],
        moving: oursAgain.get(id) !== o,
      });
    }
  }
  return a;
}
