import { Then, When } from "@cucumber/cucumber";
import { capture, expectThat } from "../harness/conformance/checks";
import { readDeviceClock, waitDeviceSeconds, parseUtc } from "../harness/conformance/device-clock";
import {
  counterOf,
  expectReadingBetween,
  expectRequest,
  expectScheduledRead,
  msOf,
} from "../harness/conformance/mbus-checks";
import { readReadings, readRecurringLog, readRequests } from "../harness/conformance/mbus-device-tables";
import { expectAcceptedAtOnce, finalOf, postWatched, type WatchedCall } from "../harness/conformance/mbus-procedures";
import { statePacing } from "../harness/conformance/poll-pacing";
import { Inconclusive } from "../harness/conformance/verdicts";
import {
  encodeOnDemandMbusRequest,
  EP19,
  ON_DEMAND_TYPE,
} from "../harness/protocol/procedures/ep19-on-demand-mbus-request";
import { parseProcedureResult } from "../harness/protocol/procedures/procedure-result-codes";
import { REQUEST_STATE, et15Index } from "../harness/protocol/tables/et15-on-demand-requests";
import type { MbusReading } from "../harness/protocol/tables/et16-mbus-device-data";
import { PollBackoff } from "../harness/session/poll-backoff";
import { chosenDevice, dimensionsOf, freeChannel, procedureContext } from "./support/mbus-context";
import { onceTheDeviceActs } from "./support/device-reaction";
import { run } from "./support/procedure-runs";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/** What the M-Bus scenarios read the device's clock for (device-clock.ts, timeBaseFor). */
const READ_TIMED = "when the read was due and taken";

/**
 * 8.18.1 reads: on demand (EP19, watched from its first BT08), on schedule (ET13 -> ET45/ET16),
 * and interrupted by a power outage (the simulator's bench). "read window" keeps the device clock
 * before the post and after the result, for the time-stamp checks.
 */
let nextRequestId = 0x10;

async function readingOf(world: OsgpWorld, channel: number): Promise<MbusReading> {
  const r = (await readReadings(world.client(), await dimensionsOf(world))).readings[channel - 1];
  if (r === undefined) throw new Inconclusive(`ET16 has no entry for channel ${channel}`);
  return r;
}

async function post(world: OsgpWorld, channel: number): Promise<WatchedCall> {
  nextRequestId = nextRequestId >= 0xf0 ? 0x10 : nextRequestId + 1;
  world.state.mbus.requestId = nextRequestId;
  world.state.mbus.readingBefore = await readingOf(world, channel);
  const from = await readDeviceClock(world.client(), READ_TIMED);
  world.state.mbus.readWindow = { fromMs: from.epochMs, toMs: from.epochMs };
  const w = await postWatched(
    world.client(),
    await procedureContext(world),
    EP19,
    encodeOnDemandMbusRequest({ channel, type: ON_DEMAND_TYPE.billingRead, requestId: nextRequestId }),
  );
  world.state.procedure.call = w.call;
  world.state.mbus.watched = w;
  return w;
}

async function finish(world: OsgpWorld, w: WatchedCall): Promise<void> {
  const ctx = await procedureContext(world);
  world.procedure = await capture(() => finalOf(world.client(), ctx, w));
  const to = await readDeviceClock(world.client(), READ_TIMED);
  const win = kept(world.state.mbus.readWindow, "read window");
  world.state.mbus.readWindow = { fromMs: win.fromMs, toMs: to.epochMs };
}

When("the client posts an on-demand read of that device with EP19", async function (this: OsgpWorld) {
  await finish(this, await post(this, chosenDevice(this).channel));
});

When("the client posts an on-demand read of that device with EP19 without waiting", async function (this: OsgpWorld) {
  await post(this, chosenDevice(this).channel);
});

When("the client runs EP19 for the channel after ET11's last", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  await run(
    this,
    EP19,
    encodeOnDemandMbusRequest({ channel: d.mbusChannels + 1, type: ON_DEMAND_TYPE.billingRead, requestId: 0x11 }),
  );
});

When("the client runs EP19 for the free channel", async function (this: OsgpWorld) {
  await run(
    this,
    EP19,
    encodeOnDemandMbusRequest({ channel: freeChannel(this), type: ON_DEMAND_TYPE.billingRead, requestId: 0x12 }),
  );
});

When("the client keeps that device's reading", async function (this: OsgpWorld) {
  this.state.mbus.keptReading = await readingOf(this, chosenDevice(this).channel);
});

When("the client lets {int} second(s) of device time pass", async function (this: OsgpWorld, seconds: number) {
  await waitDeviceSeconds(seconds, this.pixit.clock.speed);
});

When("the client waits for that on-demand read to finish", async function (this: OsgpWorld) {
  const d = await dimensionsOf(this);
  const index = et15Index.channel(chosenDevice(this).channel);
  const pacing = new PollBackoff(
    statePacing(this.pixit, this.config.target.link, this.pixit.procedures.resultTimeoutMs),
  );
  const final: number[] = [REQUEST_STATE.done, REQUEST_STATE.failed, REQUEST_STATE.abandoned];
  let state: number;
  do state = (await readRequests(this.client(), d)).requests[index]?.state ?? 0;
  while (!final.includes(state) && (await pacing.next()));
});

Then("BT08 showed the call accepted right after the BT07 write", function (this: OsgpWorld) {
  const allowed = this.pixit.mepMbus.badRequest.map(parseProcedureResult).filter((c): c is number => c !== null);
  expectAcceptedAtOnce(kept(this.state.mbus.watched, "on-demand read posted"), allowed, (l, b) => this.evidence(l, b));
});

Then(
  "ET15 shows that read {string} after {int} attempt(s)",
  async function (this: OsgpWorld, state: string, attempts: number) {
    const d = await dimensionsOf(this);
    const wanted = REQUEST_STATE[state as keyof typeof REQUEST_STATE];
    if (wanted === undefined) throw new Inconclusive(`"${state}" is not an ET15 state`);
    const e = expectRequest(
      (await readRequests(this.client(), d)).requests[et15Index.channel(chosenDevice(this).channel)],
      kept(this.state.mbus.requestId, "on-demand read request id"),
      [wanted],
      "the on-demand read",
    );
    expectThat(e.count === attempts, `ET15 counts ${e.count} attempt(s) of the read; expected ${attempts}`);
    if (wanted === REQUEST_STATE.done)
      expectThat(
        e.finishedAt !== null && msOf(e.finishedAt, "finished") >= msOf(e.postedAt, "posted"),
        "ET15's finish time is missing or before the post",
      );
  },
);

Then("ET16 holds a reading of that device taken during the request", async function (this: OsgpWorld) {
  const win = kept(this.state.mbus.readWindow, "read window");
  const dev = chosenDevice(this);
  const now = await readingOf(this, dev.channel);
  expectThat(
    JSON.stringify(now) !== JSON.stringify(this.state.mbus.readingBefore),
    `ET16's entry of channel ${dev.channel} is the same as before the on-demand read: its reading was not posted`,
  );
  expectReadingBetween(
    now,
    dev.config.identity,
    win.fromMs,
    win.toMs,
    this.pixit.clock.toleranceSeconds,
    `the on-demand read of channel ${dev.channel}`,
  );
});

Then("ET16 holds a reading of that device taken after the power returned", async function (this: OsgpWorld) {
  const win = kept(this.state.mbus.readWindow, "read window");
  const outageSeconds = kept(this.state.mbus.outageSeconds, "power outage");
  const dev = chosenDevice(this);
  const now = await readDeviceClock(this.client(), READ_TIMED);
  expectReadingBetween(
    await readingOf(this, dev.channel),
    dev.config.identity,
    win.fromMs + outageSeconds * 1000,
    now.epochMs,
    this.pixit.clock.toleranceSeconds,
    `the retried read of channel ${dev.channel}`,
  );
});

Then("that device's reading has not gone back and is newer than the kept one", async function (this: OsgpWorld) {
  const before = kept(this.state.mbus.keptReading, "kept reading");
  const now = await readingOf(this, chosenDevice(this).channel);
  expectThat(
    counterOf(now, "the new reading") >= counterOf(before, "the kept reading"),
    `the device's counter went back from ${counterOf(before, "kept")} to ${counterOf(now, "new")}`,
  );
  expectThat(
    msOf(now.readAt, "the new reading's time") > msOf(before.readAt, "the kept reading's time"),
    "the new reading is not time-stamped after the kept one",
  );
});

Then("ET45's newest read of that device was taken at {string}", async function (this: OsgpWorld, at: string) {
  const d = await dimensionsOf(this);
  const atMs = parseUtc(at);
  await onceTheDeviceActs(this, atMs, async () => {
    const e = expectScheduledRead(
      (await readRecurringLog(this.client(), d)).log,
      chosenDevice(this).handle,
      atMs,
      this.pixit.clock.toleranceSeconds,
      false,
    );
    const et16 = await readingOf(this, chosenDevice(this).channel);
    expectThat(
      JSON.stringify(et16.readAt) === JSON.stringify(e.mbus?.readAt),
      "ET16 does not hold the scheduled reading ET45 logged",
    );
  });
});

Then("ET45's newest read of that device was taken late, after {string}", async function (this: OsgpWorld, at: string) {
  const d = await dimensionsOf(this);
  expectScheduledRead(
    (await readRecurringLog(this.client(), d)).log,
    chosenDevice(this).handle,
    parseUtc(at),
    this.pixit.clock.toleranceSeconds,
    true,
  );
});
