import { ConfigError } from "../errors";

/**
 * Procedure numbers (6.7, 9.13): BPn = n, EPn = 2048 + n, in the 12 low bits of BT07's first field
 * (bit 11 is the manufacturer flag, so the two readings agree).
 */
export const MANUFACTURER_PROCEDURE_BASE = 2048;

export function procedureName(id: number): string {
  if (!Number.isInteger(id) || id < 0 || id > 4095) return `procedure ${id}`;
  return id >= MANUFACTURER_PROCEDURE_BASE
    ? `EP${String(id - MANUFACTURER_PROCEDURE_BASE).padStart(2, "0")}`
    : `BP${String(id).padStart(2, "0")}`;
}

/** Reads "BP10", "EP16", "ep17" or a plain number. */
export function parseProcedureName(text: string): number {
  const t = text.trim();
  const m = /^(BP|EP|SP|MP)\s*(\d{1,4})$/i.exec(t);
  if (m !== null && Number(m[2]) < MANUFACTURER_PROCEDURE_BASE) {
    return (/^(EP|MP)$/i.test(m[1] as string) ? MANUFACTURER_PROCEDURE_BASE : 0) + Number(m[2]);
  }
  if (/^\d{1,4}$/.test(t) && Number(t) <= 4095) return Number(t);
  throw new ConfigError("OSGP_ERR_USAGE", `"${text}" is not a procedure name (BPn, EPn or a number 0..4095)`);
}
