import { expectThat } from "../../harness/conformance/checks";
import {
  billingOf,
  readBlock,
  readPresent,
  readPresentSelection,
  readRegisters,
  readSelection,
  type Billing,
  type RegisterReading,
  type Timed,
} from "../../harness/conformance/billing-reads";
import { carriedForward, readDeviceClock, waitDeviceSeconds } from "../../harness/conformance/device-clock";
import { setDateTimeTo } from "../../harness/conformance/procedure-calls";
import type { DataBlock } from "../../harness/protocol/tables/bt23-current-register-data";
import type { DataSelection } from "../../harness/protocol/tables/bt22-data-selection";
import type { PresentRegisterData } from "../../harness/protocol/tables/bt28-present-register-data";
import type { PresentRegisterSelection } from "../../harness/protocol/tables/bt27-present-register-selection";
import type { DemandConfiguration } from "../../harness/protocol/tables/et40-demand-configuration";
import { BP10 } from "../../harness/protocol/procedures/bp10-set-date-time";
import { Inconclusive } from "../../harness/conformance/verdicts";
import { runCompleted } from "./procedure-runs";
import { kept, type RegisterSnapshot } from "./scenario-state";
import type { OsgpWorld } from "../world";
import { now } from "../../harness/transport/timers";

/**
 * What the billing steps (8.4, 8.15) share: the device's billing layout read once per scenario,
 * register readings, and the device clock moved and followed (set it just before a boundary, wait,
 * read: no scenario waits for a real midnight).
 */
export async function billingFor(world: OsgpWorld): Promise<Billing> {
  const format = (await world.description()).format;
  return (world.state.billing.layout ??= await billingOf(world.client(), format));
}

export async function selectionFor(world: OsgpWorld): Promise<DataSelection> {
  const b = await billingFor(world);
  return (world.state.billing.selection ??= await readSelection(b));
}

export async function presentSelectionFor(world: OsgpWorld): Promise<PresentRegisterSelection> {
  const b = await billingFor(world);
  return (world.state.billing.presentSelection ??= await readPresentSelection(b));
}

/** The demand configuration the scenario runs on (ET40, 8.15). */
export function runningConfiguration(world: OsgpWorld): DemandConfiguration {
  return kept(world.state.demand.running, "demand configuration");
}

export function expectNone(problems: readonly string[], what: string): void {
  expectThat(problems.length === 0, `${what}:\n  ${problems.join("\n  ")}`);
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

/** Sets the device clock with BP10 and keeps where it was set and when, to follow it afterwards. */
export async function setDeviceClock(world: OsgpWorld, epochMs: number): Promise<void> {
  await runCompleted(world, BP10, setDateTimeTo(epochMs));
  world.state.clock.setTo = { epochMs, at: now() };
}

/** The device's time now, carried forward from where the scenario set it (or read now if it did not). */
export async function deviceNow(world: OsgpWorld): Promise<number> {
  const set = world.state.clock.setTo;
  if (set !== undefined) return carriedForward(set.epochMs, set.at, now(), world.pixit.clock.speed);
  const c = await readDeviceClock(world.client(), "what time the device is at");
  return carriedForward(c.epochMs, c.at, now(), world.pixit.clock.speed);
}

/**
 * The device's time at a monotonic instant (a reading's `at`), carried forward from where the scenario set the clock.
 */
export function deviceTimeAt(world: OsgpWorld, at: number): number {
  const set = kept(world.state.clock.setTo, "clock set");
  return carriedForward(set.epochMs, set.at, at, world.pixit.clock.speed);
}

/** Waits until the device clock has reached `epochMs`. */
export async function waitUntilDevice(world: OsgpWorld, epochMs: number): Promise<void> {
  const left = (epochMs - (await deviceNow(world))) / 1000;
  if (left > 0) await waitDeviceSeconds(left, world.pixit.clock.speed);
}
