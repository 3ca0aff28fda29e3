import { toHex } from "../bytes/hex";
import { tableName } from "../protocol/table-id";

/**
 * What a scenario leaves changed on the device when its clean-ups cannot put it back
 * (steps/support/cleanups.ts), said plainly in the scenario's report and the run's summary, with how a
 * lab puts each thing back by hand.
 */
export interface UndoneCleanup {
  readonly what: string;
  /** How to put it back by hand, when the clean-up knows: a bench command. */
  readonly restore?: string;
  /** Why it is not put back, when the clean-up ran and failed. */
  readonly error?: string;
}

export function leftChangedNotice(reason: string, undone: readonly UndoneCleanup[]): string {
  return [
    `the device was left changed: ${reason}. Not put back:`,
    ...undone.map(
      (u) =>
        `- ${u.what}${u.error === undefined ? "" : ` (${u.error})`}: ${u.restore ?? "by hand (the harness knows no bench command for it)"}`,
    ),
  ].join("\n");
}

/** The bench command (README, "Bench commands") that writes `bytes` back at `offset` of a table of the target. */
export function benchWriteCommand(
  at: { readonly targetText: string; readonly pixitFile: string | null },
  tableId: number,
  offset: number,
  bytes: Uint8Array,
): string {
  const words = ["npx", "osgp-conformance", "write", tableName(tableId), "--offset", String(offset)];
  words.push("--hex", toHex(bytes, ""), "--yes", "--target", at.targetText);
  if (at.pixitFile !== null) words.push("--pixit", at.pixitFile);
  return words.map(shellWord).join(" ");
}

/** A word as a POSIX shell reads it back: quoted only when it must be. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
