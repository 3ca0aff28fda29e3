import { toHex } from "../bytes/hex";
import { procedureName } from "../protocol/procedure-id";
import { describeResponseCode } from "../protocol/response-codes";
import { parseTableName, tableName } from "../protocol/table-id";
import { ET42 } from "../protocol/tables/et42-interface-definition";
import type { Redactor } from "../security/redactor";
import type { Cleanup } from "./cleanups";
import type { Pixit } from "./pixit";
import { Inconclusive } from "./verdicts";

/**
 * How a clean-up tells a lab to put the device back when the harness could not (./left-changed.ts):
 * the bench commands (README, "Bench commands") for the run's own target and PIXIT file, or what to
 * do by hand. Every text ends up in a report, so no command quotes a key: a table that may hold
 * one gets no command at all, and a command the redactor would mask (a PIXIT key among its bytes)
 * is given as by hand instead, since a masked command would write the mask.
 */
export interface RestoreBench {
  readonly targetText: string;
  readonly pixitFile: string | null;
  /** Tables that hold keys by the lab's word (PIXIT access.keyTables). */
  readonly keyTables: ReadonlySet<number>;
  readonly redactor: Redactor;
}

export function restoreBenchOf(
  config: { readonly targetText: string; readonly pixitFile: string | null; readonly pixit: Pixit },
  redactor: Redactor,
): RestoreBench {
  const keyTables = new Set(config.pixit.access.keyTables.map(parseTableName));
  return { targetText: config.targetText, pixitFile: config.pixitFile, keyTables, redactor };
}

/** C12.19's security tables: BT42 holds the passwords, BT45 and BT46 the keys [C12.19]. */
const SECURITY_TABLES = new Set([42, 45, 46]);

function keyReason(b: RestoreBench, tableId: number): string | null {
  if (b.keyTables.has(tableId)) return "the PIXIT lists it as holding keys (access.keyTables)";
  if (SECURITY_TABLES.has(tableId)) return "it is one of C12.19's security tables, which hold passwords and keys";
  // ET42, the interface definition: its layout is the manufacturer's, so nothing rules a key out of it.
  if (tableId === ET42) return "its layout is the manufacturer's and may hold keys";
  return null;
}

/** What to do by hand, said as such. */
export function byHand(how: string): string {
  return `by hand: ${how}`;
}

/** The command that writes `bytes` back at `offset` of a table (null: a full write of the table). */
export function writeRestore(b: RestoreBench, tableId: number, offset: number | null, bytes: Uint8Array): string {
  const name = tableName(tableId);
  const what = `write back the ${bytes.length} byte(s) of ${name} ${offset === null ? "in full" : `at offset ${offset}`}`;
  const why = keyReason(b, tableId);
  if (why !== null) return byHand(`${what} as the lab's own records give them: ${why}, so no command quotes them`);
  const at = offset === null ? [] : ["--offset", String(offset)];
  return command(b, ["write", name, ...at, "--hex", toHex(bytes, ""), "--yes"], what);
}

/** The command that runs a procedure with these parameters (the device's own data order). */
export function procedureRestore(b: RestoreBench, procedureId: number, parameters: Uint8Array): string {
  const name = procedureName(procedureId);
  const params = parameters.length === 0 ? [] : ["--params", toHex(parameters, "")];
  return command(b, ["procedure", name, ...params], `run ${name}`);
}

/** The command that reads part of a table with the master key, as the clean-up's own session does. */
export function readRestore(b: RestoreBench, tableId: number, offset: number, count: number): string {
  const words = ["read", tableName(tableId), "--offset", String(offset), "--count", String(count), "--key", "master"];
  return command(b, words, `read ${tableName(tableId)}`);
}

/**
 * The command that puts the clock back where it ran before the scenario, `offsetSeconds` from UTC
 * as the harness's own clock saw it: on UTC (within `toleranceSeconds`), the shell gives the time
 * when the lab runs it, since a time written now would be stale by then.
 */
export function clockRestore(b: RestoreBench, offsetSeconds: number, toleranceSeconds: number): string {
  const base = command(b, ["clock"], "set the device clock");
  if (base.startsWith("by hand")) return base;
  if (Math.abs(offsetSeconds) <= toleranceSeconds) return `${base} --set "$(date -u +%Y-%m-%dT%H:%M:%SZ)"`;
  const s = Math.round(offsetSeconds);
  return byHand(
    `the clock ran ${Math.abs(s)} s ${s > 0 ? "ahead of" : "behind"} UTC before the scenario: set it there again ` +
      `with ${base} --set ISO, ISO being UTC at that moment ${s > 0 ? "plus" : "minus"} ${Math.abs(s)} s`,
  );
}

/** Several steps in turn: one shell line when every step is a command, else each said in turn. */
export function inTurn(steps: readonly string[]): string {
  if (steps.length === 0) return "nothing to put back";
  if (!steps.some((s) => s.startsWith("by hand"))) return steps.join(" && ");
  return byHand(`in turn: ${steps.map((s) => s.replace(/^by hand: /, "")).join("; then ")}`);
}

/**
 * A clean-up that writes `bytes` back at `offset` of a table (null: in full), refused writes
 * inconclusive, with the command that does the same by hand.
 */
export function writeBackCleanup(
  b: RestoreBench,
  tableId: number,
  offset: number | null,
  bytes: Uint8Array,
  what = `restore ${tableName(tableId)}`,
): Cleanup {
  return {
    what,
    run: async (s) => {
      const w = offset === null ? await s.writeFull(tableId, bytes) : await s.writePartial(tableId, offset, bytes);
      if (w.code !== 0)
        throw new Inconclusive(`${tableName(tableId)} could not be written back: ${describeResponseCode(w.code)}`);
    },
    restore: writeRestore(b, tableId, offset, bytes),
  };
}

function command(b: RestoreBench, words: readonly string[], what: string): string {
  const all = ["npx", "osgp-conformance", ...words, "--target", b.targetText];
  if (b.pixitFile !== null) all.push("--pixit", b.pixitFile);
  const text = all.map(shellWord).join(" ");
  return b.redactor.scrub(text) === text
    ? text
    : byHand(`${what}: the command would quote a key of the PIXIT, so none is given`);
}

/** A word as a POSIX shell reads it back: quoted only when it must be. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
