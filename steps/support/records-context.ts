import { capture, codesNamed, expectResponseCode, expectServed, valueOf } from "../../harness/conformance/checks";
import { entriesAdded } from "../../harness/conformance/history-log-checks";
import {
  readHistoryHeader,
  readHistoryLayout,
  readNewestEntries,
  type HistoryLayout,
  type NumberedEntry,
} from "../../harness/conformance/history-log-reader";
import { readLoadProfileLayout, type LoadProfileLayout } from "../../harness/conformance/load-profile-reader";
import { bytesEvidence, readTable } from "../../harness/conformance/records-io";
import { writeBackCleanup } from "../../harness/conformance/bench-restore";
import { Inconclusive } from "../../harness/conformance/verdicts";
import { tableName } from "../../harness/protocol/table-id";
import type { HistoryLogHeader } from "../../harness/protocol/tables/bt74-history-log-data";
import type { OsgpWorld } from "../world";
import { benchOf } from "./cleanups";

/**
 * What the load-profile and history-log steps share: the device's load-profile and history-log
 * layouts, writes whose answer a Then step judges, and tables saved before a scenario changes them
 * and written back after it.
 */
export async function layoutOf(world: OsgpWorld): Promise<LoadProfileLayout> {
  return (world.state.records.loadProfileLayout ??= await readLoadProfileLayout(
    world.client(),
    (await world.description()).format,
  ));
}

/** The layout as it is now, after a step changed the configuration. */
export async function freshLayout(world: OsgpWorld): Promise<LoadProfileLayout> {
  world.state.records.loadProfileLayout = undefined;
  return layoutOf(world);
}

export async function historyLayoutOf(world: OsgpWorld): Promise<HistoryLayout> {
  return (world.state.records.historyLayout ??= await readHistoryLayout(
    world.client(),
    (await world.description()).format,
  ));
}

/** The entries the log gained since BT74's header was read, oldest first. */
export async function addedEntries(
  world: OsgpWorld,
): Promise<{ readonly before: HistoryLogHeader; readonly added: NumberedEntry[] }> {
  const before = world.state.records.historyBefore;
  if (before === undefined) throw new Inconclusive("BT74's header was not read before the clock was set");
  const layout = await historyLayoutOf(world);
  const after = await readHistoryHeader(world.client(), layout);
  const n = entriesAdded(before, after, layout.dims.historyEntries);
  if (n > layout.dims.historyEntries)
    throw new Inconclusive(`${n} entries were logged meanwhile, more than BT74 holds`);
  return { before, added: await readNewestEntries(world.client(), layout, after, n) };
}

/** A write whose answer the next Then step judges (refused or accepted). */
export async function writeKept(world: OsgpWorld, tableId: number, offset: number, data: Uint8Array): Promise<void> {
  const client = world.client();
  world.state.records.write = {
    tableId,
    offset,
    data,
    outcome: await capture(() => client.writePartial(tableId, offset, data)),
  };
}

export function expectWriteRefused(world: OsgpWorld): void {
  const w = world.state.records.write;
  if (w === undefined) throw new Inconclusive("no write was made before this step");
  const r = valueOf(w.outcome, `the write to ${tableName(w.tableId)}`);
  expectResponseCode(
    r.code,
    codesNamed(world.pixit.records.refusedWrite, "records.refusedWrite"),
    `writing ${w.data.length} byte(s) at offset ${w.offset} of ${tableName(w.tableId)} (PIXIT records.refusedWrite)`,
    [bytesEvidence("written", w.data)],
  );
}

export function expectWriteAccepted(world: OsgpWorld): void {
  const w = world.state.records.write;
  if (w === undefined) throw new Inconclusive("no write was made before this step");
  expectServed(
    valueOf(w.outcome, `the write to ${tableName(w.tableId)}`).code,
    `writing ${w.data.length} byte(s) at offset ${w.offset} of ${tableName(w.tableId)}`,
    [bytesEvidence("written", w.data)],
  );
}

/** Reads a table, keeps its bytes, and writes them back after the scenario. */
export async function saveForRestore(world: OsgpWorld, tableId: number): Promise<Uint8Array> {
  const bytes = await readTable(world.client(), tableId);
  world.state.records.savedTables.set(tableId, bytes);
  world.cleanups.push(writeBackCleanup(benchOf(world), tableId, 0, bytes));
  return bytes;
}

export function savedTable(world: OsgpWorld, tableId: number): Uint8Array {
  const b = world.state.records.savedTables.get(tableId);
  if (b === undefined) throw new Inconclusive(`${tableName(tableId)} was not saved before this step`);
  return b;
}
