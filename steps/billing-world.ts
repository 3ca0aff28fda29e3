import { expectThat, valueOf } from "../harness/conformance/checks";
import { billingOf, readBlock, readPresent, readPresentSelection, readRegisters, readSelection, type Billing, type RegisterReading, type Timed } from "../harness/conformance/billing-reads";
import { carriedForward, readDeviceClock, waitDeviceSeconds } from "../harness/conformance/device-clock";
import { expectResult, setDateTimeTo } from "../harness/conformance/procedure-calls";
import type { DataBlock } from "../harness/protocol/tables/bt23-current-register-data";
import type { DataSelection } from "../harness/protocol/tables/bt22-data-selection";
import type { PresentRegisterData } from "../harness/protocol/tables/bt28-present-register-data";
import type { PresentRegisterSelection } from "../harness/protocol/tables/bt27-present-register-selection";
import { BP10 } from "../harness/protocol/procedures/bp10-set-date-time";
import { Inconclusive } from "../harness/conformance/verdicts";
import { run } from "./procedure.steps";
import type { OsgpWorld } from "./world";

/**
 * What the billing steps (8.4, 8.15) share: the device's billing layout read once per scenario,
 * readings kept under names, procedures that must complete, and the device clock moved and
 * followed (the clock technique of the brief: set it before a boundary, wait, read).
 */
async function cached<T>(world: OsgpWorld, key: string, load: () => Promise<T>): Promise<T> {
  const hit = world.saved.get(key) as T | undefined;
  if (hit !== undefined) return hit;
  const v = await load();
  world.saved.set(key, v);
  return v;
}

export async function billingFor(world: OsgpWorld): Promise<Billing> {
  const config = (await world.description()).config;
  return cached(world, "billing", () => billingOf(world.client(), config));
}

export async function selectionFor(world: OsgpWorld): Promise<DataSelection> {
  const b = await billingFor(world);
  return cached(world, "billing selection", () => readSelection(b));
}

export async function presentSelectionFor(world: OsgpWorld): Promise<PresentRegisterSelection> {
  const b = await billingFor(world);
  return cached(world, "present selection", () => readPresentSelection(b));
}

export function kept<T>(world: OsgpWorld, key: string): T {
  const v = world.saved.get(key) as T | undefined;
  if (v === undefined) throw new Inconclusive(`no ${key}: an earlier step did not run`);
  return v;
}

export function expectNone(problems: readonly string[], what: string): void {
  expectThat(problems.length === 0, `${what}:\n  ${problems.join("\n  ")}`);
}

/** A reading of BT23 block by block, with the total block read once more after the tiers. */
export interface RegisterSnapshot {
  readonly reading: RegisterReading;
  readonly totalAfter: Timed<DataBlock>;
}

export async function readRegisterSnapshot(world: OsgpWorld): Promise<RegisterSnapshot> {
  const b = await billingFor(world);
  const reading = await readRegisters(b);
  return { reading, totalAfter: await readBlock(b, 0) };
}

export function totalOf(r: RegisterReading): DataBlock {
  const t = r.blocks[0];
  if (t === undefined) throw new Inconclusive("BT23 was not read");
  return t.value;
}

export async function readPresentNow(world: OsgpWorld): Promise<Timed<PresentRegisterData>> {
  return readPresent(await billingFor(world));
}

/** Runs a procedure that the scenario needs done: anything but "completed" fails. */
export async function runToCompletion(world: OsgpWorld, procedureId: number, parameters: Uint8Array): Promise<void> {
  await run(world, procedureId, parameters);
  expectResult(valueOf(world.procedure, "procedure outcome"), world.saved.get("procedure call") as { procedureId: number; sequence: number }, ["completed"], (l, b) => world.evidence(l, b));
}

/** Sets the device clock with BP10 and keeps where it was set and when, to follow it afterwards. */
export async function setDeviceClock(world: OsgpWorld, epochMs: number): Promise<void> {
  await runToCompletion(world, BP10, setDateTimeTo(epochMs));
  world.saved.set("clock set", { epochMs, at: performance.now() });
}

/** The device's time now, carried forward from where the scenario set it (or read now if it did not). */
export async function deviceNow(world: OsgpWorld): Promise<number> {
  const set = world.saved.get("clock set") as { epochMs: number; at: number } | undefined;
  if (set !== undefined) return carriedForward(set.epochMs, set.at, performance.now(), world.pixit.clock.speed);
  const c = await readDeviceClock(world.client());
  return carriedForward(c.epochMs, c.at, performance.now(), world.pixit.clock.speed);
}

/** The device's time at a monotonic instant (a reading's `at`), carried forward from where the scenario set the clock. */
export function deviceTimeAt(world: OsgpWorld, at: number): number {
  const set = kept<{ epochMs: number; at: number }>(world, "clock set");
  return carriedForward(set.epochMs, set.at, at, world.pixit.clock.speed);
}

/** Waits until the device clock has reached `epochMs`. */
export async function waitUntilDevice(world: OsgpWorld, epochMs: number): Promise<void> {
  const left = (epochMs - (await deviceNow(world))) / 1000;
  if (left > 0) await waitDeviceSeconds(left, world.pixit.clock.speed);
}
