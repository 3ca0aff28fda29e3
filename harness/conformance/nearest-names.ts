/**
 * The known dotted names nearest to a wrong one, for an error that says what was meant: a name a
 * typo or two away ("session.wakeup.bytes" -> session.wakeup.byte), another form of the same word
 * in the same group ("link.retry" -> link.retries, "clock.tolerance" -> clock.toleranceSeconds), or
 * the same last word in another group ("session.retries" -> link.retries, mep.retries, plc.retries).
 * Case is ignored; only the names tied for nearest are given, a farther one beside them would only
 * distract.
 */
export function nearestNames(wrong: string, known: readonly string[], most = 3): string[] {
  const w = wrong.toLowerCase();
  const last = lastWord(w);
  const within = Math.max(2, Math.floor(last.length / 3));
  const scored = known
    .map((name, order) => {
      const n = name.toLowerCase();
      const nLast = lastWord(n);
      // A right word in the wrong group is one step from what was meant, however far the groups differ.
      const typo = Math.min(editDistance(w, n), editDistance(last, nLast) + 1);
      const sameWord =
        groupOf(n) === groupOf(w) &&
        sharedPrefix(last, nLast) >= Math.max(4, 0.6 * Math.min(last.length, nLast.length));
      return { name, order, score: sameWord ? Math.min(typo, within) : typo };
    })
    .filter((c) => c.score <= within)
    .sort((a, b) => a.score - b.score || a.order - b.order);
  const best = scored[0]?.score;
  return scored
    .filter((c) => c.score === best)
    .slice(0, most)
    .map((c) => c.name);
}

/** "a", "a or b", "a, b or c". */
export function orList(names: readonly string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

function lastWord(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

function groupOf(name: string): string {
  return name.slice(0, Math.max(0, name.lastIndexOf(".")));
}

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

/** Edit distance with insertions, deletions, substitutions and swaps of two neighbours, one step each. */
export function editDistance(a: string, b: string): number {
  // Three rows of the table suffice: a swap looks two rows back.
  let before = new Int32Array(b.length + 1);
  let previous = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(at(previous, j) + 1, at(row, j - 1) + 1, at(previous, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(before, j - 2) + 1);
      row[j] = v;
    }
    [before, previous, row] = [previous, row, before];
  }
  return previous[b.length] as number;
}

function at(row: Int32Array, k: number): number {
  return row[k] as number;
}
