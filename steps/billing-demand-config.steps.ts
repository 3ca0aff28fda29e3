import { Given, Then, When } from "@cucumber/cucumber";
import { RESPONSE_CODE, describeResponseCode } from "../harness/protocol/response-codes";
import {
  encodeDemandConfiguration,
  ET40,
  type DemandConfiguration,
} from "../harness/protocol/tables/et40-demand-configuration";
import { demandTableProblems } from "../harness/conformance/billing-demand-checks";
import { entrySequenceProblems, listHeaderProblems } from "../harness/conformance/billing-checks";
import { readDemandTable, readResetLogEntry, readResetLogHeader } from "../harness/conformance/billing-reads";
import { codesNamed, expectResponseCode, expectServed, expectThat } from "../harness/conformance/checks";
import { writeRestore } from "../harness/conformance/bench-restore";
import { Inconclusive } from "../harness/conformance/verdicts";
import type { TableClient } from "../harness/session/table-client";
import {
  billingFor,
  deviceNow,
  expectNone,
  presentSelectionFor,
  runningConfiguration,
  selectionFor,
} from "./support/billing-context";
import { benchOf } from "./support/cleanups";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/**
 * 8.15 demand configuration (ET40) and the reset log's layout (ET41). ET40's configuration is
 * written from byte 1 on, so that the meter's own byte 0 (the number of demands) is left alone; a
 * scenario that writes it puts the device's configuration back afterwards.
 */
async function demandTable(world: OsgpWorld) {
  const b = await billingFor(world);
  return (await readDemandTable(b.client, b.order)).value;
}

function same(a: DemandConfiguration, b: DemandConfiguration): boolean {
  return (
    a.demands === b.demands &&
    a.intervalMinutes === b.intervalMinutes &&
    a.subIntervals === b.subIntervals &&
    a.sources.join() === b.sources.join()
  );
}

async function writeConfiguration(client: TableClient, c: DemandConfiguration, fromByte: number): Promise<number> {
  return (await client.writePartial(ET40, fromByte, encodeDemandConfiguration(c).subarray(fromByte))).code;
}

async function restoreLater(world: OsgpWorld): Promise<void> {
  if (world.state.demand.original !== undefined) return;
  const original = (await demandTable(world)).configuration;
  world.state.demand.original = original;
  world.cleanups.push({
    what: "restore ET40's demand configuration",
    run: async (session) => {
      const code = await writeConfiguration(session, original, 1);
      if (code !== RESPONSE_CODE.ok)
        throw new Inconclusive(`writing ET40's own configuration back was answered ${describeResponseCode(code)}`);
    },
    restore: writeRestore(benchOf(world), ET40, 1, encodeDemandConfiguration(original).subarray(1)),
  });
}

/** Writes a configuration on the scenario's session; keeps the answer, the configuration and when. */
async function writeDemandConfiguration(world: OsgpWorld, c: DemandConfiguration, fromByte = 1): Promise<number> {
  await restoreLater(world);
  const code = await writeConfiguration(world.client(), c, fromByte);
  world.state.demand.lastWrite = { code, configuration: c, atMs: await deviceNow(world) };
  return code;
}

Given("the demand calculation runs on the PIXIT's test interval", async function (this: OsgpWorld) {
  const own = (await demandTable(this)).configuration;
  const minutes = this.pixit.billing.demand.testIntervalMinutes;
  if (minutes === null || (own.intervalMinutes === minutes && own.subIntervals === 1)) {
    this.state.demand.running = own;
    return;
  }
  const test = { ...own, intervalMinutes: minutes, subIntervals: 1 };
  const code = await writeDemandConfiguration(this, test);
  if (code !== RESPONSE_CODE.ok)
    throw new Inconclusive(
      `ET40 refused the test configuration (${minutes}-minute block demand) with ${describeResponseCode(code)}: set PIXIT billing.demand.testIntervalMinutes to one the device takes, or null`,
    );
  this.state.demand.running = test;
});

Then(
  "ET40 holds a usable configuration for BT21's demands, with BT22's and BT27's sources",
  async function (this: OsgpWorld) {
    const b = await billingFor(this);
    expectNone(
      demandTableProblems(
        await demandTable(this),
        b.dims.demands,
        await selectionFor(this),
        await presentSelectionFor(this),
      ),
      "ET40 disagrees with the device's demands",
    );
  },
);

Then("ET41's list header is within its capacity, with BT21's number of demands", async function (this: OsgpWorld) {
  const b = await billingFor(this);
  const h = await readResetLogHeader(b.client, b.order);
  const problems = listHeaderProblems(h, h.capacity, "ET41");
  if (h.demands !== b.dims.demands)
    problems.push(`ET41 records ${h.demands} demands per entry, BT21 has ${b.dims.demands}`);
  expectNone(problems, "ET41's header is inconsistent");
});

Then("ET41's valid entries are numbered down from its last sequence number", async function (this: OsgpWorld) {
  const b = await billingFor(this);
  const h = await readResetLogHeader(b.client, b.order);
  const sequences = new Map<number, number>();
  for (let e = 0; e < h.capacity; e++) sequences.set(e, (await readResetLogEntry(b.client, b.order, h, e)).sequence);
  expectNone(
    entrySequenceProblems(h, (e) => sequences.get(e) ?? null, h.capacity, "ET41"),
    "ET41's entries are not numbered in order",
  );
});

Given("ET40's configuration will be restored after the scenario", async function (this: OsgpWorld) {
  await restoreLater(this);
});

/** Configurations no device can run: each breaks one rule of ET40's layout. */
function broken(c: DemandConfiguration, change: string): { configuration: DemandConfiguration; fromByte: number } {
  switch (change) {
    case "an interval of 7 minutes":
      return { configuration: { ...c, intervalMinutes: 7 }, fromByte: 1 };
    case "as many sub-intervals as minutes plus 1":
      return { configuration: { ...c, subIntervals: c.intervalMinutes + 1 }, fromByte: 1 };
    case "its first source twice":
      if (c.sources.length < 2)
        throw new Inconclusive("the device has fewer than two demands: no source can be listed twice");
      return {
        configuration: { ...c, sources: [c.sources[0] as number, c.sources[0] as number, ...c.sources.slice(2)] },
        fromByte: 1,
      };
    case "source 200":
      return { configuration: { ...c, sources: [200, ...c.sources.slice(1)] }, fromByte: 1 };
    case "one demand more":
      return {
        configuration: { ...c, demands: c.demands + 1, sources: [...c.sources, c.sources[0] ?? 0] },
        fromByte: 0,
      };
    default:
      throw new Inconclusive(`no such ET40 change: "${change}"`);
  }
}

When(/^the client writes ET40's configuration with (.+)$/, async function (this: OsgpWorld, change: string) {
  const before = (await demandTable(this)).configuration;
  this.state.demand.beforeRefusedWrite = before;
  const { configuration, fromByte } = broken(before, change);
  await writeDemandConfiguration(this, configuration, fromByte);
});

Then(
  "the ET40 write is answered with one of the PIXIT's billing.demand.refusedConfiguration codes",
  function (this: OsgpWorld) {
    const w = kept(this.state.demand.lastWrite, "ET40 write");
    expectResponseCode(
      w.code,
      codesNamed(this.pixit.billing.demand.refusedConfiguration, "billing.demand.refusedConfiguration"),
      "the ET40 write",
      [],
    );
  },
);

Then("ET40's configuration is as it was", async function (this: OsgpWorld) {
  const now = (await demandTable(this)).configuration;
  const was = kept(this.state.demand.beforeRefusedWrite, "ET40 before");
  expectThat(
    same(now, was),
    `a refused ET40 write changed the configuration: ${JSON.stringify(was)} before, ${JSON.stringify(now)} after`,
  );
});

/** The smallest interval that divides the hour and is longer than the running one (or 30 after 60). */
function otherInterval(minutes: number): number {
  return [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60].find((m) => m > minutes) ?? 30;
}

When("the client writes ET40 with another interval length", async function (this: OsgpWorld) {
  const c = runningConfiguration(this);
  const next = { ...c, intervalMinutes: otherInterval(c.intervalMinutes), subIntervals: 1 };
  this.state.demand.beforeIntervalChange = c;
  await writeDemandConfiguration(this, next);
  this.state.demand.running = next;
});

Then("the ET40 write was answered ok and ET40 holds the new configuration", async function (this: OsgpWorld) {
  const w = kept(this.state.demand.lastWrite, "ET40 write");
  expectServed(w.code, "the ET40 write of a new interval length");
  const now = (await demandTable(this)).configuration;
  expectThat(
    same(now, w.configuration),
    `ET40 reads ${JSON.stringify(now)} after the write of ${JSON.stringify(w.configuration)}`,
  );
});

When("the client restarts the demand calculation by writing ET40's configuration", async function (this: OsgpWorld) {
  const ended = kept(this.state.demand.afterEnd, "after end");
  if (!ended.et40.status.previousDemands.some((p) => p > 0))
    throw new Inconclusive(
      "no previous demand to forget: no demand accrued in the interval that ended (see PIXIT billing.loadTime)",
    );
  const c = runningConfiguration(this);
  const code = await writeDemandConfiguration(this, c);
  expectServed(code, "the ET40 write of the running configuration");
});
