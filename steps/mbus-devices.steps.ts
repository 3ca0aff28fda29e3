import { Then, When } from "@cucumber/cucumber";
import { expectThat } from "../harness/conformance/checks";
import {
  expectFoundOnFreeChannel,
  expectNoResponseAlarm,
  expectSameBytes,
  freeChannels,
} from "../harness/conformance/mbus-checks";
import { readConfigs, readReadings, readStatus } from "../harness/conformance/mbus-device-tables";
import { CHANNEL_STATUS } from "../harness/protocol/tables/et14-mbus-device-status";
import { encodeRemoveDevice, EP17, REMOVE_ACTION } from "../harness/protocol/procedures/ep17-remove-device";
import {
  encodeOnDemandMbusRequest,
  EP19,
  ON_DEMAND_TYPE,
} from "../harness/protocol/procedures/ep19-on-demand-mbus-request";
import { chosenDevice, dimensionsOf } from "./support/mbus-context";
import { run } from "./support/procedure-runs";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/** 8.18.2 auto-discovery, 8.18.3 removal, 8.18.4 status and alarms. */
When("the client removes that device with EP17", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  this.state.mbus.freeBeforeRemoval = freeChannels((await readConfigs(this.client(), d)).configs);
  await run(this, EP17, encodeRemoveDevice({ action: REMOVE_ACTION, handle: chosenDevice(this).handle }, d.order));
});

When("the client runs EP17 with the handle of no device", async function (this: OsgpWorld) {
  await run(
    this,
    EP17,
    encodeRemoveDevice({ action: REMOVE_ACTION, handle: 0 }, (await this.description()).format.order),
  );
});

When("the client runs EP17 with action {int} on that device", async function (this: OsgpWorld, action: number) {
  await run(
    this,
    EP17,
    encodeRemoveDevice({ action, handle: chosenDevice(this).handle }, (await this.description()).format.order),
  );
});

When("the client runs a bus scan with EP19", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const c = this.client();
  this.state.mbus.beforeScan = { et13: (await readConfigs(c, d)).configs, et14: (await readStatus(c, d)).bytes };
  await run(this, EP19, encodeOnDemandMbusRequest({ channel: 0, type: ON_DEMAND_TYPE.busScan, requestId: 0x5c }));
});

When("the client runs a bus scan with EP19 naming channel {int}", async function (this: OsgpWorld, channel: number) {
  await run(this, EP19, encodeOnDemandMbusRequest({ channel, type: ON_DEMAND_TYPE.busScan, requestId: 0x5d }));
});

Then("that device's channel is free in ET13, ET14 and ET16", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const ch = chosenDevice(this).channel;
  const c = this.client();
  const config = (await readConfigs(c, d)).configs[ch - 1];
  const { status } = await readStatus(c, d);
  const s = status.channels[ch - 1];
  const reading = (await readReadings(c, d)).readings[ch - 1];
  expectThat(config?.installed === false, `after EP17, ET13 still installs a device on channel ${ch}`);
  expectThat(
    s?.handle === 0 && s.status === CHANNEL_STATUS.empty && (status.occupancy & (1 << (ch - 1))) === 0,
    `after EP17, ET14 still shows channel ${ch} in use (handle 0x${(s?.handle ?? 0).toString(16)}, status ${s?.status}, occupancy 0x${status.occupancy.toString(16)})`,
  );
  expectThat(reading?.telegram === null, `after EP17, ET16 still holds a reading on channel ${ch}`);
});

Then("the other M-Bus channels are as they were", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const ch = chosenDevice(this).channel;
  const b = kept(this.state.mbus.tablesBefore, "M-Bus tables before");
  const c = this.client();
  const et13 = (await readConfigs(c, d)).bytes;
  const et14 = (await readStatus(c, d)).bytes;
  for (let k = 1; k <= d.mbusChannels; k++) {
    if (k === ch) continue;
    const e13 = (x: Uint8Array) => x.subarray((k - 1) * d.et13EntrySize, k * d.et13EntrySize);
    const e14 = (x: Uint8Array) =>
      x.subarray(d.et14HeaderSize + (k - 1) * d.et14EntrySize, d.et14HeaderSize + k * d.et14EntrySize);
    expectSameBytes(e13(b.et13), e13(et13), `ET13's entry of channel ${k}`);
    expectSameBytes(e14(b.et14), e14(et14), `ET14's entry of channel ${k}`);
  }
});

Then("the removed device is installed again on a channel that was free", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const removed = chosenDevice(this).config;
  const free = [
    ...kept(this.state.mbus.freeBeforeRemoval, "free channels before the removal"),
    chosenDevice(this).channel,
  ];
  const { configs } = await readConfigs(this.client(), d);
  const now = configs.findIndex((c) => c.installed && c.address === removed.address) + 1;
  expectThat(now !== 0, `after the scan, no channel holds the device at address ${removed.address} again`);
  expectFoundOnFreeChannel(free, now, this.pixit.mepMbus.discoveryChannel, removed.address);
  const id = configs[now - 1]?.identity;
  expectThat(
    removed.identity === null || (id !== null && id !== undefined && id.serial === removed.identity.serial),
    `the scan installed a device whose identity (${id?.serial ?? "none"}) is not that of the device found (${removed.identity?.serial})`,
  );
});

Then("the devices installed before the scan are where they were", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const before = kept(this.state.mbus.beforeScan, "M-Bus tables before the scan").et13;
  const { configs } = await readConfigs(this.client(), d);
  before.forEach((b, i) => {
    if (!b.installed) return;
    const c = configs[i];
    expectThat(
      c?.installed === true && c.address === b.address,
      `channel ${i + 1} held the device at address ${b.address} before the scan; now ${c?.installed ? `the device at address ${c.address}` : "nothing"}`,
    );
  });
});

Then("ET14 is as it was before the scan", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  expectSameBytes(
    kept(this.state.mbus.beforeScan, "M-Bus tables before the scan").et14,
    (await readStatus(this.client(), d)).bytes,
    "ET14 after a scan that found nothing new",
  );
});

Then("ET14 shows that device down with a no-response alarm", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  expectNoResponseAlarm((await readStatus(this.client(), d)).status, chosenDevice(this).channel, true);
});

Then("ET14 shows that device active without a no-response alarm", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  expectNoResponseAlarm((await readStatus(this.client(), d)).status, chosenDevice(this).channel, false);
});
