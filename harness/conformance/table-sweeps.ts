import { describeResponseCode, RESPONSE_CODE } from "../protocol/response-codes";
import {
  isTableUsed,
  isTableWriteable,
  usedTableIds,
  type GeneralConfiguration,
} from "../protocol/tables/bt00-general-configuration";
import { EXTENDED_BASE, parseTableName, tableName } from "../protocol/table-id";
import { parseProcedureName, procedureName } from "../protocol/procedure-id";
import { BT07, encodeProcedureInitiate } from "../protocol/tables/bt07-procedure-initiate";
import type { TableClient } from "../session/table-client";
import type { ByteOrder } from "../bytes/cursor";
import { isUndecidingRefusal } from "./checks";
import { undeclaredBasicTables } from "./table-selection";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/**
 * Checks that walk over many tables or procedures and report every violation at once, each with
 * the code the device gave: a lab fixing a device wants the whole list, not the first item.
 */
export interface Violation {
  readonly subject: string;
  readonly detail: string;
}

/**
 * What a sweep found: breaches the device's answers prove, and items the harness could not decide
 * (a table it could not read, a precondition it could not set up safely), kept apart so that
 * only the first can FAIL.
 */
export interface SweepFindings {
  readonly violations: readonly Violation[];
  readonly undecided: readonly Violation[];
}

function listed(items: readonly Violation[]): string {
  return items.map((v) => `  ${v.subject}: ${v.detail}`).join("\n");
}

/** FAIL when any item is a breach (the undecided ones named too); INCONCLUSIVE when only undecided items remain. */
export function raiseFindings(f: SweepFindings, rule: string): void {
  const undecided = `${f.undecided.length} item(s) could not be decided:\n${listed(f.undecided)}`;
  if (f.violations.length > 0)
    throw new ConformanceAssertionError(
      `${rule}: ${f.violations.length} violation(s)\n${listed(f.violations)}${f.undecided.length > 0 ? `\n${undecided}` : ""}`,
    );
  if (f.undecided.length > 0) throw new Inconclusive(`${rule}: no violation seen, but ${undecided}`);
}

export function raiseIfAny(violations: readonly Violation[], rule: string): void {
  raiseFindings({ violations, undecided: [] }, rule);
}

const code = (c: number) => describeResponseCode(c);

/**
 * Whether a full read serves the table with no data. A device answers iar to a read past a table's
 * end (C12.19), and a table its dimension tables make empty (BT26 with no self-reads) has its first
 * byte past the end: such a table exists, and is empty.
 */
export async function servesNoData(s: TableClient, tableId: number): Promise<boolean> {
  const full = await s.readFull(tableId);
  return "data" in full && full.data.length === 0;
}

/**
 * A declared table's answer to a read of its first byte: ok, one of `clearanceCodes`, or
 * iar on a table a full read shows empty, prove it exists; a refusal that says "not now" or "not
 * you" (checks.ts) leaves that undecided; any other answer ("no such table") breaks BT00's word.
 */
async function judgeDeclaredRead(
  s: TableClient,
  id: number,
  clearanceCodes: readonly number[],
  into: { violations: Violation[]; undecided: Violation[] },
): Promise<void> {
  const subject = tableName(id);
  const r = await s.readPartial(id, 0, 1);
  if (r.code === RESPONSE_CODE.ok || clearanceCodes.includes(r.code)) return;
  const answered = `a read of id ${id} (its first byte) was answered ${code(r.code)}`;
  if (isUndecidingRefusal(r.code))
    into.undecided.push({ subject, detail: `${answered}, so whether it exists cannot be told` });
  else if (r.code !== RESPONSE_CODE.iar || !(await servesNoData(s, id)))
    into.violations.push({ subject, detail: `declared in BT00, but ${answered}` });
}

export async function sweepDeclaredTablesExist(
  s: TableClient,
  c: GeneralConfiguration,
  clearanceCodes: readonly number[],
): Promise<SweepFindings> {
  const found = { violations: [] as Violation[], undecided: [] as Violation[] };
  for (const id of usedTableIds(c)) await judgeDeclaredRead(s, id, clearanceCodes, found);
  return found;
}

/** 6.7: each declared ETn exists at 2048 + n, and n alone is no table unless BT00 declares BTn. */
export async function sweepExtendedTableIds(
  s: TableClient,
  c: GeneralConfiguration,
  clearanceCodes: readonly number[],
): Promise<SweepFindings> {
  const found = { violations: [] as Violation[], undecided: [] as Violation[] };
  for (const id of usedTableIds(c).filter((t) => t >= EXTENDED_BASE)) {
    await judgeDeclaredRead(s, id, clearanceCodes, found);
    const basic = id - EXTENDED_BASE;
    if (isTableUsed(c, basic)) continue;
    if ((await s.readPartial(basic, 0, 1)).code === RESPONSE_CODE.ok)
      found.violations.push({
        subject: tableName(id),
        detail: `id ${basic} (BT${basic}, not declared) is answered as a table too`,
      });
  }
  return found;
}

export async function sweepUndeclaredTablesAbsent(
  s: TableClient,
  c: GeneralConfiguration,
  allowed: readonly number[],
): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const id of undeclaredBasicTables(c)) {
    const r = await s.readPartial(id, 0, 1);
    if (!allowed.includes(r.code))
      out.push({ subject: tableName(id), detail: `not declared in BT00, but a read was answered ${code(r.code)}` });
  }
  return out;
}

/**
 * Tables BT00 marks not writeable refuse a write of their own content (so that a device that
 * wrongly accepts it is left as it was). Tables the PIXIT excludes are never written.
 */
export async function sweepNotWriteableRefuse(
  s: TableClient,
  c: GeneralConfiguration,
  allowed: readonly number[],
  lockCodes: readonly number[],
  locked: ReadonlySet<number>,
  exclude: ReadonlySet<number>,
): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const id of usedTableIds(c)) {
    if (isTableWriteable(c, id) || exclude.has(id)) continue;
    const r = await s.readFull(id);
    if (!("data" in r)) continue;
    const w = await s.writeFull(id, r.data);
    const ok = locked.has(id) ? lockCodes : allowed;
    if (!ok.includes(w.code))
      out.push({
        subject: tableName(id),
        detail: `BT00 marks it not writeable, but a write of its own content was answered ${code(w.code)}`,
      });
  }
  return out;
}

/**
 * A locked table is written with its own content, so that a device that wrongly accepts the write
 * is left as it was; a table whose content cannot be read is therefore not written, and undecided.
 */
export async function sweepLockedWrites(
  s: TableClient,
  tables: readonly string[],
  allowed: readonly number[],
): Promise<SweepFindings & { before: Map<number, Uint8Array> }> {
  const out: Violation[] = [];
  const undecided: Violation[] = [];
  const before = new Map<number, Uint8Array>();
  for (const name of tables) {
    const id = parseTableName(name);
    const r = await s.readFull(id);
    if (!("data" in r)) {
      undecided.push({
        subject: name,
        detail: `its own content could not be read (${code(r.code)}), so its write lock cannot be checked safely`,
      });
      continue;
    }
    before.set(id, r.data);
    const w = await s.writeFull(id, r.data);
    if (!allowed.includes(w.code))
      out.push({ subject: name, detail: `under the write lock, but a write was answered ${code(w.code)}` });
  }
  return { violations: out, undecided, before };
}

export async function sweepUnchanged(s: TableClient, before: ReadonlyMap<number, Uint8Array>): Promise<SweepFindings> {
  const out: Violation[] = [];
  const undecided: Violation[] = [];
  for (const [id, data] of before) {
    const r = await s.readFull(id);
    if (!("data" in r))
      undecided.push({
        subject: tableName(id),
        detail: `it could not be read back (${code(r.code)}), so whether it changed cannot be told`,
      });
    else if (r.data.length !== data.length || r.data.some((b, i) => b !== data[i]))
      out.push({ subject: tableName(id), detail: "its content changed" });
  }
  return { violations: out, undecided };
}

export async function sweepLockedReads(
  s: TableClient,
  tables: readonly string[],
  allowed: readonly number[],
): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const name of tables) {
    const r = await s.readFull(parseTableName(name));
    if (!allowed.includes(r.code))
      out.push({ subject: name, detail: `under the read lock, but a full read was answered ${code(r.code)}` });
  }
  return out;
}

/** Writes BT07 for each locked procedure, with no parameters, and expects the write itself refused. */
export async function sweepLockedProcedures(
  s: TableClient,
  procedures: readonly string[],
  allowed: readonly number[],
  sequence: () => number,
  order: ByteOrder,
): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const name of procedures) {
    const id = parseProcedureName(name);
    const w = await s.writeFull(
      BT07,
      encodeProcedureInitiate(
        { procedureId: id, selector: 0, sequence: sequence(), parameters: new Uint8Array(0) },
        order,
      ),
    );
    if (!allowed.includes(w.code))
      out.push({
        subject: procedureName(id),
        detail: `under the lock, but the BT07 write was answered ${code(w.code)}`,
      });
  }
  return out;
}
