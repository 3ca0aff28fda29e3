import { capture, codesNamed, expectResponseCode, valueOf, type Outcome } from "../harness/conformance/checks";
import { readLoadProfileLayout, type LoadProfileLayout } from "../harness/conformance/load-profile-reader";
import { expectResult } from "../harness/conformance/procedure-calls";
import { bytesEvidence, readTable } from "../harness/conformance/records-io";
import { Inconclusive } from "../harness/conformance/verdicts";
import { tableName } from "../harness/protocol/table-id";
import type { WriteResponse } from "../harness/protocol/table-responses";
import { run } from "./procedure.steps";
import type { OsgpWorld } from "./world";

/**
 * What the load-profile and history-log steps share: the device's load-profile layout, procedure
 * calls that must complete, writes whose answer a Then step judges, and tables saved before a
 * scenario changes them and written back after it.
 */
export async function layoutOf(world: OsgpWorld): Promise<LoadProfileLayout> {
  const kept = world.saved.get("lp layout") as LoadProfileLayout | undefined;
  if (kept !== undefined) return kept;
  const layout = await readLoadProfileLayout(world.client(), (await world.description()).config);
  world.saved.set("lp layout", layout);
  return layout;
}

/** The layout as it is now, after a step changed the configuration. */
export async function freshLayout(world: OsgpWorld): Promise<LoadProfileLayout> {
  world.saved.delete("lp layout");
  return layoutOf(world);
}

export async function runCompleted(world: OsgpWorld, procedureId: number, parameters: Uint8Array): Promise<void> {
  await run(world, procedureId, parameters);
  expectResult(valueOf(world.procedure, "procedure outcome"), world.saved.get("procedure call") as { procedureId: number; sequence: number }, ["completed"], (l, b) => world.evidence(l, b));
}

interface KeptWrite {
  readonly tableId: number;
  readonly offset: number;
  readonly data: Uint8Array;
  readonly outcome: Outcome<WriteResponse>;
}

/** A write whose answer the next Then step judges (refused or accepted). */
export async function writeKept(world: OsgpWorld, tableId: number, offset: number, data: Uint8Array): Promise<void> {
  const client = world.client();
  world.saved.set("records write", { tableId, offset, data, outcome: await capture(() => client.writePartial(tableId, offset, data)) } satisfies KeptWrite);
}

export function expectWriteRefused(world: OsgpWorld): void {
  const w = world.saved.get("records write") as KeptWrite | undefined;
  if (w === undefined) throw new Inconclusive("no write was made before this step");
  const r = valueOf(w.outcome, `the write to ${tableName(w.tableId)}`);
  expectResponseCode(r.code, codesNamed(world.pixit.records.refusedWrite, "records.refusedWrite"), `writing ${w.data.length} byte(s) at offset ${w.offset} of ${tableName(w.tableId)} (PIXIT records.refusedWrite)`, [bytesEvidence("written", w.data)]);
}

export function expectWriteAccepted(world: OsgpWorld): void {
  const w = world.saved.get("records write") as KeptWrite | undefined;
  if (w === undefined) throw new Inconclusive("no write was made before this step");
  expectResponseCode(valueOf(w.outcome, `the write to ${tableName(w.tableId)}`).code, [0], `writing ${w.data.length} byte(s) at offset ${w.offset} of ${tableName(w.tableId)}`, [bytesEvidence("written", w.data)]);
}

/** Reads a table, keeps its bytes under `saved <table>`, and writes them back after the scenario. */
export async function saveForRestore(world: OsgpWorld, tableId: number): Promise<Uint8Array> {
  const bytes = await readTable(world.client(), tableId);
  world.saved.set(`saved ${tableName(tableId)}`, bytes);
  world.cleanups.push({
    what: `restore ${tableName(tableId)}`,
    run: async (session) => {
      const r = await session.writePartial(tableId, 0, bytes);
      if (r.code !== 0) throw new Inconclusive(`${tableName(tableId)} could not be written back: code ${r.code}`);
    },
  });
  return bytes;
}

export function savedTable(world: OsgpWorld, tableId: number): Uint8Array {
  const b = world.saved.get(`saved ${tableName(tableId)}`) as Uint8Array | undefined;
  if (b === undefined) throw new Inconclusive(`${tableName(tableId)} was not saved before this step`);
  return b;
}
