import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { PICS_ITEMS } from "./pics-items";
import type { Pics } from "./pics";

/** An item where the declared PICS and the device's BT00 say different things. */
export interface PicsDisagreement {
  readonly id: string;
  readonly title: string;
  readonly declared: boolean;
  readonly device: boolean;
}

/** Items both sides give a value for, and on which they differ. */
export function comparePics(declared: Pics, derived: Pics): PicsDisagreement[] {
  return PICS_ITEMS.flatMap((i) => {
    const a = declared[i.id];
    const b = derived[i.id];
    return a !== undefined && b !== undefined && a !== b ? [{ id: i.id, title: i.title, declared: a, device: b }] : [];
  });
}

export function describeDisagreement(d: PicsDisagreement): string {
  return `${d.id} ${d.title}: the PICS says ${d.declared ? "implemented" : "not implemented"}, BT00 says ${d.device ? "implemented" : "not implemented"}`;
}

/** reports/pics/<target>.json, the target made safe as a file name. */
export function picsReportPath(reportsDir: string, target: string): string {
  return `${reportsDir}/pics/${target.replace(/[^\w.+-]+/g, "_")}.json`;
}

/** Leaves the PICS derived from the device, and where the declared one disagrees, beside the run's reports. */
export function writePicsReport(file: string, declared: Pics | null, derived: Pics): void {
  mkdirSync(dirname(file), { recursive: true });
  const disagreements = declared === null ? [] : comparePics(declared, derived).map(describeDisagreement);
  writeFileSync(file, JSON.stringify({ derivedFromBt00: derived, declared, disagreements }, null, 2) + "\n");
}
