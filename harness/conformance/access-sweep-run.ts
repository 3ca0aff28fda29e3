import { bytesEqual } from "../bytes/byte-arrays";
import { describeResponseCode, RESPONSE_CODE } from "../protocol/response-codes";
import { BT07 } from "../protocol/tables/bt07-procedure-initiate";
import type { TableClient } from "../session/table-client";
import type { TableFormat } from "../protocol/table-format";
import { usedTableIds } from "../protocol/tables/bt00-general-configuration";
import type { ItemOutcome, SweepPlan } from "./access-sweep";
import { tableLength } from "./table-lengths";
import { servesNoData } from "./table-sweeps";
import { cachedLengthSource } from "./whole-table-read";

/**
 * Sends the requests of an access-sweep plan (access-sweep.ts) on one session and keeps each
 * answer. Every write puts back the table's own content, read just before in the same session
 * where the rules let it read the table, or with the master key before the sweep otherwise.
 */

/** A table's own content: the whole table, or its first bytes when a full read does not fit the link. */
export type TableContent = { readonly data: Uint8Array } | { readonly why: string };

/**
 * A full read gives the exact content; a table too large for one response is answered rno, and its
 * first bytes (as many as one read carries) are what the sweep writes back.
 */
export async function readOwnContent(s: TableClient, tableId: number): Promise<TableContent> {
  const r = await s.readFull(tableId);
  if ("data" in r) return { data: r.data };
  if (r.code !== RESPONSE_CODE.rno) return { why: `its content could not be read (${describeResponseCode(r.code)})` };
  const p = await s.readPartial(tableId, 0, s.maxReadChunk);
  return "data" in p
    ? { data: p.data }
    : { why: `its content could not be read (a full read: rno; a partial read: ${describeResponseCode(p.code)})` };
}

/**
 * The declared tables whose length, from their layout and the device's dimension tables
 * (table-lengths.ts), is 0, each with what gives it; read before the sweep, with the master key.
 */
export async function emptyTables(s: TableClient, format: TableFormat): Promise<Map<number, string>> {
  const source = cachedLengthSource(s, new Map());
  const out = new Map<number, string>();
  for (const id of usedTableIds(format.config)) {
    const known = await tableLength(id, format, source);
    if (known?.length === 0) out.set(id, known.from);
  }
  return out;
}

/** The content of each table the sweep's session may not read, read with the master key before the sweep. */
export async function readContents(s: TableClient, tableIds: Iterable<number>): Promise<Map<number, TableContent>> {
  const out = new Map<number, TableContent>();
  for (const id of tableIds) out.set(id, await readOwnContent(s, id));
  return out;
}

export interface SweepRunOptions {
  /** The security service's answer, when the plan's logon sends a password the device must refuse. */
  readonly securityCode: number | null;
  /** Contents read with the master key before the sweep, or why there are none (no master key). */
  readonly masterContent: ReadonlyMap<number, TableContent> | string;
  /** A BT07 image starting the harmless procedure, with a fresh sequence number each call. */
  readonly procedureImage: () => Uint8Array;
}

export interface SweepRun {
  readonly outcomes: ItemOutcome[];
  /**
   * The writes the device accepted (answered ok), with the content they wrote at offset 0 and
   * whether it was read before the sweep (with the master key) rather than just before the write.
   */
  readonly accepted: { readonly tableId: number; readonly content: Uint8Array; readonly readBefore: boolean }[];
}

export async function runAccessSweep(s: TableClient, plan: SweepPlan, o: SweepRunOptions): Promise<SweepRun> {
  const outcomes: ItemOutcome[] = [];
  const accepted: { tableId: number; content: Uint8Array; readBefore: boolean }[] = [];
  const answered = (code: number): ItemOutcome =>
    s.lastResponse === null ? { code } : { code, response: s.lastResponse };
  for (const item of plan.items) {
    const id = item.tableId as number;
    switch (item.operation) {
      case "security":
        outcomes.push(
          o.securityCode === null ? { undecided: "the security service was not sent" } : { code: o.securityCode },
        );
        break;
      case "read": {
        const r = item.whole === true ? await s.readFull(id) : await s.readPartial(id, 0, 1);
        const pastTheEnd = r.code === RESPONSE_CODE.iar && item.granted && item.whole !== true;
        outcomes.push(pastTheEnd ? await readPastTheEnd(s, id, answered(r.code)) : answered(r.code));
        break;
      }
      case "write": {
        const content = await contentFor(s, id, item.contentFrom === "session", o.masterContent);
        if ("why" in content) {
          outcomes.push({ undecided: `not written: ${content.why}` });
          break;
        }
        // A partial write at offset 0: the session splits it as the link
        // needs, and it fits a content that is only the table's first bytes.
        const w = await s.writePartial(id, 0, content.data);
        outcomes.push(answered(w.code));
        if (w.code === RESPONSE_CODE.ok)
          accepted.push({ tableId: id, content: content.data, readBefore: content.readBefore });
        break;
      }
      case "procedure":
        outcomes.push(answered((await s.writeFull(BT07, o.procedureImage())).code));
        break;
    }
  }
  return { outcomes, accepted };
}

/**
 * A granted read of one byte answered iar: so a device answers a read past a table's end, and a table
 * whose length this project does not know may be empty. A full read tells: served with no data, the
 * table is empty and the read was granted (ok); anything else leaves the iar to be judged.
 */
async function readPastTheEnd(s: TableClient, tableId: number, iar: ItemOutcome): Promise<ItemOutcome> {
  if (!(await servesNoData(s, tableId))) return iar;
  return {
    code: RESPONSE_CODE.ok,
    ...(s.lastResponse === null ? {} : { response: s.lastResponse }),
    note: "one byte was answered iar, and a full read served 0 bytes: the table is empty",
  };
}

async function contentFor(
  s: TableClient,
  id: number,
  inSession: boolean,
  master: ReadonlyMap<number, TableContent> | string,
): Promise<{ readonly data: Uint8Array; readonly readBefore: boolean } | { readonly why: string }> {
  const own = inSession ? await readOwnContent(s, id) : null;
  if (own !== null && "data" in own) return { data: own.data, readBefore: false };
  const m =
    typeof master === "string"
      ? { why: master }
      : (master.get(id) ?? { why: "it was not read with the master key before the sweep" });
  if ("data" in m) return { data: m.data, readBefore: true };
  return { why: own === null ? m.why : `${own.why} in this session; with the master key: ${m.why}` };
}

/**
 * After the scenario (a clean-up, with the master key): a table the sweep wrote with the content the
 * master key read before the sweep holds that content again, should the write have changed it.
 */
export async function restoreIfChanged(s: TableClient, tableId: number, content: Uint8Array): Promise<void> {
  const r = await s.readPartial(tableId, 0, content.length);
  if ("data" in r && bytesEqual(r.data, content)) return;
  const w = await s.writePartial(tableId, 0, content);
  if (w.code !== RESPONSE_CODE.ok)
    throw new Error(`writing its content back was answered ${describeResponseCode(w.code)}`);
}
