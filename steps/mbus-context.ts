import { readDimensions, requireMbusDimensions } from "../harness/conformance/mbus-device-tables";
import type { ProcedureContext } from "../harness/conformance/mbus-procedures";
import { expectResponseCode } from "../harness/conformance/checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { tableName } from "../harness/protocol/table-id";
import type { MbusChannelConfig } from "../harness/protocol/tables/et13-mbus-device-configuration";
import type { MfgDimension } from "../harness/protocol/tables/et11-mfg-dimension";
import type { OsgpWorld } from "./world";

/** What the M-Bus and MEP step files share: ET11 read once per scenario, the chosen device, procedure calls. */
export async function dimensionsOf(world: OsgpWorld, mbus = true): Promise<MfgDimension> {
  let d = world.saved.get("ET11") as MfgDimension | undefined;
  if (d === undefined) {
    d = await readDimensions(world.client());
    world.saved.set("ET11", d);
  }
  if (mbus) requireMbusDimensions(d);
  return d;
}

export async function procedureContext(world: OsgpWorld): Promise<ProcedureContext> {
  const order = (await world.description()).config.dataOrder === "lsb-first" ? "le" : "be";
  return { pixit: world.pixit, sequences: world.procedureSequence, order };
}

export interface ChosenDevice {
  readonly channel: number;
  readonly config: MbusChannelConfig;
  readonly handle: number;
}

export function chosenDevice(world: OsgpWorld): ChosenDevice {
  const c = world.saved.get("mbus device") as ChosenDevice | undefined;
  if (c === undefined) throw new Inconclusive("no M-Bus device was chosen by the scenario's Given steps");
  return c;
}

export function freeChannel(world: OsgpWorld): number {
  const c = world.saved.get("mbus free channel") as number | undefined;
  if (c === undefined) throw new Inconclusive("no free M-Bus channel was found by the scenario's Given steps");
  return c;
}

/** A write of one of this area's tables; its response code is kept for the "write of {table}" steps. */
export async function writeTable(world: OsgpWorld, tableId: number, offset: number, data: Uint8Array): Promise<void> {
  const w = await world.client().writePartial(tableId, offset, data);
  world.saved.set("area write", { tableId, code: w.code });
}

export function expectWrite(world: OsgpWorld, tableId: number, allowed: readonly number[]): void {
  const w = world.saved.get("area write") as { tableId: number; code: number } | undefined;
  if (w === undefined || w.tableId !== tableId) throw new Inconclusive(`the scenario wrote no ${tableName(tableId)}`);
  expectResponseCode(w.code, allowed, `the write of ${tableName(tableId)}`, []);
}
