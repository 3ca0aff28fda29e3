import { Given, Then, When } from "@cucumber/cucumber";
import { parseUtc } from "../harness/conformance/device-clock";
import { counterOf, expectSameBytes, msOf } from "../harness/conformance/mbus-checks";
import { readReadings } from "../harness/conformance/mbus-device-tables";
import {
  expectExecutedOnce,
  expectLoggedIgnored,
  expectNotExecuted,
  expectState,
  readOneTimeReads,
  unusedRequestId,
} from "../harness/conformance/one-time-read-checks";
import { expectThat } from "../harness/conformance/checks";
import { describeResponseCode } from "../harness/protocol/response-codes";
import {
  ALL_METERS_GROUP,
  encodeOneTimeRequest,
  ET31,
  NO_ANSWER,
  ONE_TIME_STATE,
  READ_REGISTERS,
} from "../harness/protocol/tables/et31-one-time-read-log";
import { writeRestore } from "../harness/conformance/bench-restore";
import { Inconclusive } from "../harness/conformance/verdicts";
import { benchOf } from "./support/cleanups";
import { chosenDevice, dimensionsOf, writeTable } from "./support/mbus-context";
import { onceTheDeviceActs } from "./support/device-reaction";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/**
 * 8.13 one-time reads (and the ET31 side of 8.14 and 8.18.1.3). The request written is kept
 * (state.oneTimeRead.request: its id and what it asked for).
 */
async function ask(world: OsgpWorld, at: string, what: number, groupId: number): Promise<void> {
  const d = await dimensionsOf(world, false);
  const { table } = await readOneTimeReads(world.client(), d);
  const requestId = unusedRequestId(table);
  const t = new Date(parseUtc(at));
  if (t.getUTCSeconds() !== 0) throw new Inconclusive(`ET31 takes whole minutes; "${at}" has seconds`);
  const readAt = {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
  };
  world.state.oneTimeRead.request = { requestId, what, groupId, atMs: t.getTime() };
  await writeTable(world, ET31, 0, encodeOneTimeRequest({ requestId, groupId, readAt, what }, d.order));
}

function request(world: OsgpWorld): {
  readonly requestId: number;
  readonly what: number;
  readonly groupId: number;
  readonly atMs: number;
} {
  const r = world.state.oneTimeRead.request;
  if (r === undefined) throw new Inconclusive("the scenario asked for no one-time read");
  return r;
}

Given("the one-time read request will be cancelled after the scenario", function (this: OsgpWorld) {
  this.cleanups.push({
    what: "cancel the one-time read request (ET31 request id 0)",
    run: async (s) => {
      const w = await s.writePartial(ET31, 0, Uint8Array.of(0));
      if (w.code !== 0)
        throw new Inconclusive(`cancelling the one-time read was answered ${describeResponseCode(w.code)}`);
    },
    restore: writeRestore(benchOf(this), ET31, 0, Uint8Array.of(0)),
  });
});

Given("ET31 is recorded", async function (this: OsgpWorld) {
  this.state.oneTimeRead.before = (await readOneTimeReads(this.client(), await dimensionsOf(this, false))).bytes;
});

When(
  "the client asks for a one-time read of the energy registers at {string}",
  async function (this: OsgpWorld, at: string) {
    await ask(this, at, READ_REGISTERS, 0);
  },
);

When("the client asks for a one-time read of nothing at {string}", async function (this: OsgpWorld, at: string) {
  await ask(this, at, 0, 0);
});

When("the client asks for a one-time read of that device at {string}", async function (this: OsgpWorld, at: string) {
  await ask(this, at, 1 << chosenDevice(this).channel, 0);
});

When(
  "the client asks all meters for a one-time read of the energy registers at {string}",
  async function (this: OsgpWorld, at: string) {
    await ask(this, at, READ_REGISTERS, ALL_METERS_GROUP);
  },
);

When(
  "the client asks the group for a one-time read of the energy registers at {string}",
  async function (this: OsgpWorld, at: string) {
    const group = this.state.groups.group;
    if (group === undefined) throw new Inconclusive("the scenario chose no group");
    await ask(this, at, READ_REGISTERS, group);
  },
);

When("the client cancels the one-time read", async function (this: OsgpWorld) {
  await writeTable(this, ET31, 0, Uint8Array.of(0));
});

Then("ET31 says the request is {string}", async function (this: OsgpWorld, state: string) {
  if (!(state in ONE_TIME_STATE)) throw new Inconclusive(`"${state}" is not an ET31 request state`);
  const { table } = await readOneTimeReads(this.client(), await dimensionsOf(this, false));
  const r = request(this);
  expectState(table, state === "cancelled" ? 0 : r.requestId, state as keyof typeof ONE_TIME_STATE);
});

Then("ET31 logs the request executed once, at {string}", async function (this: OsgpWorld, at: string) {
  const atMs = parseUtc(at);
  await onceTheDeviceActs(this, atMs, async () => {
    const { bytes, table } = await readOneTimeReads(this.client(), await dimensionsOf(this, false));
    expectExecutedOnce(table, bytes, request(this).requestId, atMs, this.pixit.clock.toleranceSeconds);
  });
});

Then("ET31 logs no execution of the request", async function (this: OsgpWorld) {
  const { bytes, table } = await readOneTimeReads(this.client(), await dimensionsOf(this, false));
  expectNotExecuted(table, bytes, request(this).requestId);
});

Then("ET31 logs the request as ignored", async function (this: OsgpWorld) {
  const { bytes, table } = await readOneTimeReads(this.client(), await dimensionsOf(this, false));
  expectLoggedIgnored(table, bytes, request(this).requestId);
});

Then("ET31 is as it was", async function (this: OsgpWorld) {
  expectSameBytes(
    kept(this.state.oneTimeRead.before, "ET31 recorded"),
    (await readOneTimeReads(this.client(), await dimensionsOf(this, false))).bytes,
    "ET31",
  );
});

Then("ET31 logs that device's counter as ET16 read it at {string}", async function (this: OsgpWorld, at: string) {
  const d = await dimensionsOf(this);
  const atMs = parseUtc(at);
  const ch = chosenDevice(this).channel;
  await onceTheDeviceActs(this, atMs, async () => {
    const { bytes, table } = await readOneTimeReads(this.client(), d);
    const e = expectExecutedOnce(table, bytes, request(this).requestId, atMs, this.pixit.clock.toleranceSeconds);
    const logged = e.mbus[ch - 1];
    const reading = (await readReadings(this.client(), d)).readings[ch - 1];
    if (reading === undefined) throw new Inconclusive(`ET16 has no entry for channel ${ch}`);
    expectThat(logged !== undefined && logged !== NO_ANSWER, `ET31 logs no answer from the device of channel ${ch}`);
    expectThat(
      Math.abs(msOf(reading.readAt, "ET16's read time") - atMs) <= this.pixit.clock.toleranceSeconds * 1000,
      `ET16's reading of channel ${ch} is not the one taken for the one-time read at ${at}`,
    );
    expectThat(
      logged === counterOf(reading, "ET16's reading"),
      `ET31 logs ${logged} for channel ${ch}; the device's telegram taken at that time (ET16) says ${counterOf(reading, "ET16's reading")}`,
    );
  });
});
