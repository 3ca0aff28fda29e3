import { ConfigError } from "../errors";

/**
 * Table identifiers (6.3, 6.7): BTn = n (0..2047), ETn = 2048 + n, and a pending table is
 * 4096 + the id of the table it will replace (BT54 -> 4150, ET47 -> 6191).
 */
export const EXTENDED_BASE = 2048;
export const PENDING_BASE = 4096;

export interface TableRef {
  readonly kind: "basic" | "extended";
  /** n in BTn / ETn. */
  readonly number: number;
  readonly pending: boolean;
}

export function tableIdOf(ref: TableRef): number {
  return (ref.pending ? PENDING_BASE : 0) + (ref.kind === "extended" ? EXTENDED_BASE : 0) + ref.number;
}

/** Any 16-bit id has a reading; ids of 8192 and above are outside the OSGP numbering. */
export function tableRefOf(id: number): TableRef | null {
  if (!Number.isInteger(id) || id < 0 || id >= 2 * PENDING_BASE) return null;
  const pending = id >= PENDING_BASE;
  const base = id % PENDING_BASE;
  return base >= EXTENDED_BASE
    ? { kind: "extended", number: base - EXTENDED_BASE, pending }
    : { kind: "basic", number: base, pending };
}

/** "BT01", "ET03", "pending BT54"; ids outside the numbering print as "table 0xhhhh". */
export function tableName(id: number): string {
  const ref = tableRefOf(id);
  if (ref === null) return `table 0x${id.toString(16).padStart(4, "0")}`;
  const name = `${ref.kind === "basic" ? "BT" : "ET"}${String(ref.number).padStart(2, "0")}`;
  return ref.pending ? `pending ${name}` : name;
}

/**
 * Reads the names people write in feature files and PIXIT files: "BT01", "ET3", "bt52",
 * "pending BT54", or a plain number ("2051", "0x0803").
 */
export function parseTableName(text: string): number {
  const t = text.trim();
  const m = /^(pending\s+)?(BT|ET|ST|MT)\s*(\d{1,4})$/i.exec(t);
  if (m !== null) {
    const n = Number(m[3]);
    if (n < EXTENDED_BASE) {
      const kind = /^(BT|ST)$/i.test(m[2] as string) ? "basic" : "extended";
      return tableIdOf({ kind, number: n, pending: m[1] !== undefined });
    }
  } else if (/^(0x[0-9a-f]{1,4}|\d{1,5})$/i.test(t) && Number(t) <= 0xffff) {
    return Number(t);
  }
  throw new ConfigError("OSGP_ERR_USAGE", `"${text}" is not a table name (BTn, ETn, pending BTn, or a number)`);
}
