import { readDimensions, requireMbusDimensions, type MfgLayout } from "../../harness/conformance/mbus-device-tables";
import type { ProcedureContext } from "../../harness/conformance/mbus-procedures";
import { expectResponseCode, expectServed } from "../../harness/conformance/checks";
import { Inconclusive } from "../../harness/conformance/verdicts";
import { tableName } from "../../harness/protocol/table-id";
import type { ChosenDevice } from "./scenario-state";
import type { OsgpWorld } from "../world";

/** What the M-Bus and MEP step files share: ET11 read once per scenario, the chosen device, procedure calls. */
export async function dimensionsOf(world: OsgpWorld, mbus = true): Promise<MfgLayout> {
  const d = (world.state.mbus.dimensions ??= await readDimensions(world.client(), (await world.description()).format));
  if (mbus) requireMbusDimensions(d);
  return d;
}

export async function procedureContext(world: OsgpWorld): Promise<ProcedureContext> {
  const { order } = (await world.description()).format;
  return { pixit: world.pixit, sequences: world.procedureSequence, order, link: world.config.target.link };
}

export function chosenDevice(world: OsgpWorld): ChosenDevice {
  const c = world.state.mbus.device;
  if (c === undefined) throw new Inconclusive("no M-Bus device was chosen by the scenario's Given steps");
  return c;
}

export function freeChannel(world: OsgpWorld): number {
  const c = world.state.mbus.freeChannel;
  if (c === undefined) throw new Inconclusive("no free M-Bus channel was found by the scenario's Given steps");
  return c;
}

/** A write of one of this area's tables; its response code is kept for the "write of {table}" steps. */
export async function writeTable(world: OsgpWorld, tableId: number, offset: number, data: Uint8Array): Promise<void> {
  const w = await world.client().writePartial(tableId, offset, data);
  world.state.mbus.lastWrite = { tableId, code: w.code };
}

function lastWrite(world: OsgpWorld, tableId: number): { readonly code: number } {
  const w = world.state.mbus.lastWrite;
  if (w === undefined || w.tableId !== tableId) throw new Inconclusive(`the scenario wrote no ${tableName(tableId)}`);
  return w;
}

export function expectWriteRefusedWith(world: OsgpWorld, tableId: number, allowed: readonly number[]): void {
  expectResponseCode(lastWrite(world, tableId).code, allowed, `the write of ${tableName(tableId)}`, []);
}

export function expectWriteServed(world: OsgpWorld, tableId: number): void {
  expectServed(lastWrite(world, tableId).code, `the write of ${tableName(tableId)}`);
}
