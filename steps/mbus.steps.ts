import { Given, Then, When } from "@cucumber/cucumber";
import { codesNamed, expectThat, valueOf } from "../harness/conformance/checks";
import {
  expectSameBytes,
  expectStatusAgrees,
  freeChannels,
  installedChannels,
} from "../harness/conformance/mbus-checks";
import { readConfigs, readReadings, readRequests, readStatus } from "../harness/conformance/mbus-device-tables";
import { mustComplete } from "../harness/conformance/mbus-procedures";
import { restoreConfiguration } from "../harness/conformance/mbus-restore";
import { byHand, inTurn, procedureRestore, writeRestore } from "../harness/conformance/bench-restore";
import { Inconclusive } from "../harness/conformance/verdicts";
import { BENCH_ACTION, encodeBenchAction, EP95 } from "../harness/protocol/procedures/ep95-simulator-bench";
import { describeProcedureResult, parseProcedureResult } from "../harness/protocol/procedures/procedure-result-codes";
import {
  ET13,
  encodeMbusChannelConfig,
  type MbusChannelConfig,
} from "../harness/protocol/tables/et13-mbus-device-configuration";
import { isProcedureUsed } from "../harness/protocol/tables/bt00-general-configuration";
import {
  chosenDevice,
  dimensionsOf,
  expectWriteRefusedWith,
  expectWriteServed,
  freeChannel,
  procedureContext,
  writeTable,
} from "./support/mbus-context";
import { benchOf } from "./support/cleanups";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/**
 * 8.18 configuration, status, removal and bench steps. The device's M-Bus state before a change
 * is kept (ET13, ET14, ET15, ET16 bytes: state.mbus.tablesBefore) for the "as they were" checks.
 */
Given("the M-Bus configuration will be restored after the scenario", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const saved = await readConfigs(this.client(), d);
  const ctx = await procedureContext(this);
  this.cleanups.push({
    what: "restore the M-Bus configuration (ET13)",
    run: (s) => restoreConfiguration(s, ctx, d, saved),
    restore: inTurn([
      byHand(
        "remove with EP17 each M-Bus device that ET13 now shows on a channel it was not on (its handle is ET14's)",
      ),
      writeRestore(benchOf(this), ET13, 0, saved.bytes),
    ]),
  });
});

async function choose(world: OsgpWorld, pick: (channels: number[]) => number | undefined): Promise<void> {
  const d = await dimensionsOf(world);
  const { configs } = await readConfigs(world.client(), d);
  const channel = pick(installedChannels(configs));
  // A bench state, not an option the PICS names: the rule stands, only this bench cannot show it.
  if (channel === undefined)
    throw new Inconclusive("ET13 shows no installed M-Bus device: install one on the bench to judge this");
  const { status } = await readStatus(world.client(), d);
  world.state.mbus.device = {
    channel,
    config: configs[channel - 1] as MbusChannelConfig,
    handle: status.channels[channel - 1]?.handle ?? 0,
  };
}

Given("an installed M-Bus device is chosen", async function (this: OsgpWorld) {
  return choose(this, (cs) => cs[0]);
});

Given("the installed M-Bus device on the highest channel is chosen", async function (this: OsgpWorld) {
  return choose(this, (cs) => cs[cs.length - 1]);
});

Given("the device has a free M-Bus channel", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const free = freeChannels((await readConfigs(this.client(), d)).configs)[0];
  if (free === undefined)
    throw new Inconclusive("every M-Bus channel holds a device: free one on the bench to judge this");
  this.state.mbus.freeChannel = free;
});

// The rule applies to the device all the same: only the harness cannot act it out on a real bench.
Given("the simulator's bench may be used", async function (this: OsgpWorld) {
  if (this.pixit.mepMbus.simulatorBench && isProcedureUsed((await this.description()).config, EP95)) return;
  throw new Inconclusive(
    "the scenario needs hands on the bench (power, plugs, the MEP device's alarms), which the suite drives only " +
      "on the built-in simulator's bench (EP95, PIXIT mepMbus.simulatorBench): check it by hand",
  );
});

Given("the M-Bus state is recorded", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const c = this.client();
  this.state.mbus.tablesBefore = {
    et13: (await readConfigs(c, d)).bytes,
    et14: (await readStatus(c, d)).bytes,
    et15: (await readRequests(c, d)).bytes,
    et16: (await readReadings(c, d)).bytes,
  };
});

async function bench(world: OsgpWorld, action: number, argument: number, what: string): Promise<void> {
  await mustComplete(
    world.client(),
    await procedureContext(world),
    EP95,
    encodeBenchAction({ action, argument }, (await world.description()).format.order),
    what,
  );
}

Given(
  "the bench will cut the power for {int} device second(s) when the next M-Bus read starts",
  async function (this: OsgpWorld, seconds: number) {
    this.state.mbus.outageSeconds = seconds;
    await bench(this, BENCH_ACTION.outageDuringNextRead, seconds, "arming the bench's power cut");
  },
);

When("the bench unplugs that device", async function (this: OsgpWorld) {
  const address = chosenDevice(this).config.address;
  const plug = encodeBenchAction(
    { action: BENCH_ACTION.plug, argument: address },
    (await this.description()).format.order,
  );
  this.cleanups.push({
    what: "plug the M-Bus device back",
    run: async (s) =>
      void (await mustComplete(s, await procedureContext(this), EP95, plug, "plugging the device back")),
    restore: procedureRestore(benchOf(this), EP95, plug),
  });
  await bench(this, BENCH_ACTION.unplug, address, "the bench's unplugging");
});

When("the bench plugs that device back", async function (this: OsgpWorld) {
  await bench(this, BENCH_ACTION.plug, chosenDevice(this).config.address, "the bench's plugging");
});

async function writeEntry(world: OsgpWorld, channel: number, entry: Uint8Array): Promise<void> {
  const d = await dimensionsOf(world);
  await writeTable(world, ET13, (channel - 1) * d.et13EntrySize, entry);
}

When(
  "the client writes ET13 to install a device on the free channel at that device's address",
  async function (this: OsgpWorld) {
    const d = await dimensionsOf(this);
    const c = chosenDevice(this).config;
    await writeEntry(
      this,
      freeChannel(this),
      encodeMbusChannelConfig(
        { schedule: c.schedule, address: c.address, installed: true, identity: null },
        d.order,
        d.et13EntrySize,
      ),
    );
  },
);

When(
  "the client writes ET13 to install a device on the free channel at the PIXIT's absent address",
  async function (this: OsgpWorld) {
    const d = await dimensionsOf(this);
    const channel = freeChannel(this);
    await writeEntry(
      this,
      channel,
      encodeMbusChannelConfig(
        {
          schedule: { day: 0, hour: 0, minute: 0, frequency: 4, statusIntervalMinutes: 0 },
          address: this.pixit.mepMbus.absentAddress,
          installed: true,
          identity: null,
        },
        d.order,
        d.et13EntrySize,
      ),
    );
    const { configs } = await readConfigs(this.client(), d);
    const { status } = await readStatus(this.client(), d);
    const config = configs[channel - 1];
    if (config === undefined) throw new Inconclusive(`ET13 has no entry for channel ${channel}`);
    this.state.mbus.device = { channel, config, handle: status.channels[channel - 1]?.handle ?? 0 };
  },
);

When("the client writes all but the last byte of that device's ET13 entry", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const c = chosenDevice(this);
  await writeEntry(
    this,
    c.channel,
    encodeMbusChannelConfig(c.config, d.order, d.et13EntrySize).subarray(0, d.et13EntrySize - 1),
  );
});

When("the client writes that device's ET13 entry with the hour {int}", async function (this: OsgpWorld, hour: number) {
  const d = await dimensionsOf(this);
  const c = chosenDevice(this);
  const entry = encodeMbusChannelConfig(c.config, d.order, d.et13EntrySize);
  entry[1] = hour;
  await writeEntry(this, c.channel, entry);
});

When("the client writes that device's ET13 entry as it is", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const c = chosenDevice(this);
  await writeEntry(this, c.channel, encodeMbusChannelConfig(c.config, d.order, d.et13EntrySize));
});

When(
  "the client schedules that device hourly at minute {int} in ET13",
  async function (this: OsgpWorld, minute: number) {
    const d = await dimensionsOf(this);
    const c = chosenDevice(this);
    await writeEntry(
      this,
      c.channel,
      encodeMbusChannelConfig(
        { ...c.config, schedule: { day: 0, hour: 0, minute, frequency: 0, statusIntervalMinutes: 0 } },
        d.order,
        d.et13EntrySize,
      ),
    );
    expectWriteServed(this, ET13);
  },
);

Then("the write of {table} was answered ok", function (this: OsgpWorld, tableId: number) {
  expectWriteServed(this, tableId);
});

Then(
  "the write of {table} was refused with one of the PIXIT's mepMbus.refusedWrite codes",
  function (this: OsgpWorld, tableId: number) {
    expectWriteRefusedWith(this, tableId, codesNamed(this.pixit.mepMbus.refusedWrite, "mepMbus.refusedWrite"));
  },
);

Then("the procedure was refused with one of the PIXIT's mepMbus.badRequest results", function (this: OsgpWorld) {
  const o = valueOf(this.procedure, "procedure outcome");
  expectThat(o.status === "done", "the procedure has no final result in BT08");
  const result = (o as { status: "done"; result: { resultCode: number } }).result.resultCode;
  const allowed = this.pixit.mepMbus.badRequest.map((r) => parseProcedureResult(r));
  expectThat(
    allowed.includes(result),
    `BT08 says ${describeProcedureResult(result)}; PIXIT mepMbus.badRequest allows ${this.pixit.mepMbus.badRequest.join(", ")}`,
  );
});

Then("ET14 agrees with ET13 about the installed devices", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  expectStatusAgrees((await readConfigs(this.client(), d)).configs, (await readStatus(this.client(), d)).status);
});

Then("the M-Bus tables are as they were", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const b = kept(this.state.mbus.tablesBefore, "M-Bus tables before");
  const c = this.client();
  expectSameBytes(b.et13, (await readConfigs(c, d)).bytes, "ET13 (configuration)");
  expectSameBytes(b.et14, (await readStatus(c, d)).bytes, "ET14 (status)");
  expectSameBytes(b.et15, (await readRequests(c, d)).bytes, "ET15 (on-demand requests)");
  expectSameBytes(b.et16, (await readReadings(c, d)).bytes, "ET16 (readings)");
});
