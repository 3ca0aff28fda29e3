import { Given, Then, When } from "@cucumber/cucumber";
import {
  carriedForward,
  carriedWindow,
  expectClockInWindow,
  expectClockNear,
  setClockWindow,
  waitDeviceSeconds,
  parseUtc,
  readDeviceClock,
  type ClockReading,
} from "../harness/conformance/device-clock";
import { expectResult, setDateTimeParameters, setDateTimeTo } from "../harness/conformance/procedure-calls";
import { valueOf } from "../harness/conformance/checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { isProcedureUsed } from "../harness/protocol/tables/bt00-general-configuration";
import { BP10 } from "../harness/protocol/procedures/bp10-set-date-time";
import { encodeClockDelta } from "../harness/protocol/procedures/ep16-clock-delta";
import { parseProcedureName, procedureName } from "../harness/protocol/procedure-id";
import { epochMsToLTimeDate } from "../harness/protocol/types/time-types";
import { calledProcedure, run } from "./support/procedure-runs";
import { kept, type DeviceTime } from "./support/scenario-state";
import type { OsgpWorld } from "./world";
import { now, wallNow } from "../harness/transport/timers";
import { clockRestore } from "../harness/conformance/bench-restore";
import { benchOf } from "./support/cleanups";

/**
 * Clock scenarios keep two things: the clock read before (state.clock.before), and what the scenario
 * expects it to read now (state.clock.expected, with the monotonic time that expectation was made).
 */
function before(world: OsgpWorld): ClockReading {
  const c = world.state.clock.before;
  if (c === undefined) throw new Inconclusive("the device clock was not read before");
  return c;
}

function expected(world: OsgpWorld): DeviceTime {
  return kept(world.state.clock.expected, "time the clock was set to");
}

async function readAndKeep(world: OsgpWorld): Promise<void> {
  world.state.clock.before = await readDeviceClock(world.client());
}

async function expectNow(world: OsgpWorld, epochMs: number, at: number, what: string): Promise<void> {
  const reading = await readDeviceClock(world.client());
  expectClockNear(
    reading,
    carriedForward(epochMs, at, reading.at, world.pixit.clock.speed),
    world.pixit.clock.toleranceSeconds,
    what,
  );
}

/** The clock BP10 set to `targetEpochMs`, judged on when the set and this read went out and came back. */
async function expectSetTo(world: OsgpWorld, targetEpochMs: number, what: string): Promise<void> {
  const set = valueOf(world.procedure, "BP10");
  const timing = set.status === "done" ? set.timing : undefined;
  const done = timing?.reads.at(-1);
  if (timing === undefined || done === undefined)
    throw new Inconclusive("BP10 was not seen done, so when it set the clock cannot be told");
  const reading = await readDeviceClock(world.client());
  const window = setClockWindow(
    targetEpochMs,
    {
      setSentAt: timing.writeSentAt,
      setDoneAt: done.answeredAt,
      readSentAt: reading.sentAt,
      readAnsweredAt: reading.at,
    },
    world.pixit.clock.speed,
  );
  expectClockInWindow(reading, window, world.pixit.clock.toleranceSeconds, what);
}

/** Reads the clock again and expects it to have run on from `from`, moved by `shiftMs`. */
async function expectRanOn(world: OsgpWorld, from: ClockReading, shiftMs: number, what: string): Promise<void> {
  const reading = await readDeviceClock(world.client());
  const w = carriedWindow(from, reading, world.pixit.clock.speed);
  expectClockInWindow(
    reading,
    { earliest: w.earliest + shiftMs, latest: w.latest + shiftMs },
    world.pixit.clock.toleranceSeconds,
    what,
  );
}

function deltaProcedure(world: OsgpWorld): number {
  const name = world.pixit.clock.deltaProcedure;
  if (name === null) throw new Inconclusive("PIXIT clock.deltaProcedure is null");
  return parseProcedureName(name);
}

When("the client reads the device clock", async function (this: OsgpWorld) {
  await readAndKeep(this);
});

Given("the device clock is read", async function (this: OsgpWorld) {
  await readAndKeep(this);
});

Given("the device clock will be restored after the scenario", async function (this: OsgpWorld) {
  // Most scenarios that set the clock are not about it: an unset clock leaves them undecided.
  const start = await readDeviceClock(this.client(), "what to put the clock back to after the scenario");
  const offUtcSeconds = (start.epochMs - wallNow()) / 1000;
  this.cleanups.push({
    what: "restore the device clock",
    run: async (session) => {
      if (session !== this.client()) throw new Inconclusive("the restore session is not the scenario's session");
      await run(this, BP10, setDateTimeTo(carriedForward(start.epochMs, start.at, now(), this.pixit.clock.speed)));
      expectResult(valueOf(this.procedure, "clock restore"), calledProcedure(this), ["completed"], (l, b) =>
        this.evidence(l, b),
      );
    },
    restore: clockRestore(benchOf(this), offUtcSeconds, this.pixit.clock.toleranceSeconds),
  });
});

Then("the clock reads a valid UTC date and time", function (this: OsgpWorld) {
  before(this);
});

When('the client waits the PIXIT\'s "clock.runSeconds"', async function (this: OsgpWorld) {
  await waitDeviceSeconds(this.pixit.clock.runSeconds, this.pixit.clock.speed);
});

Then("the device clock has advanced by that time", async function (this: OsgpWorld) {
  await expectRanOn(this, before(this), 0, "after waiting, the clock");
});

Then("the device clock has run on undisturbed", async function (this: OsgpWorld) {
  await expectRanOn(this, before(this), 0, "a refused procedure must leave the clock alone; the clock");
});

When("the client sets the device clock with BP10 to {string}", async function (this: OsgpWorld, text: string) {
  const target = parseUtc(text);
  this.state.clock.expected = { epochMs: target, at: now() };
  await run(this, BP10, setDateTimeTo(target));
});

Then("the device clock reads {string}", async function (this: OsgpWorld, text: string) {
  const e = expected(this);
  if (e.epochMs !== parseUtc(text)) throw new Inconclusive("the step checks another time than the one set");
  await expectSetTo(this, e.epochMs, `after BP10 set ${text}, the clock`);
});

When("the client sets only the time of day with BP10 to {string}", async function (this: OsgpWorld, time: string) {
  const b = before(this);
  const d = epochMsToLTimeDate(carriedForward(b.epochMs, b.at, now(), this.pixit.clock.speed));
  const [hour, minute, second] = time.split(":").map(Number) as [number, number, number];
  this.state.clock.expected = {
    epochMs: Date.UTC(d.year, d.month - 1, d.day, hour, minute, second),
    at: now(),
  };
  await run(this, BP10, setDateTimeParameters({ ...d, hour, minute, second }, { date: false, time: true }));
});

Then("the device clock reads the date it had with the time {string}", async function (this: OsgpWorld, time: string) {
  const e = expected(this);
  await expectSetTo(this, e.epochMs, `after BP10 set only the time ${time}, the clock`);
});

When("the client sets only the date with BP10 to {string}", async function (this: OsgpWorld, date: string) {
  const b = before(this);
  const today = epochMsToLTimeDate(carriedForward(b.epochMs, b.at, now(), this.pixit.clock.speed));
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  this.state.clock.expected = {
    epochMs: Date.UTC(year, month - 1, day, today.hour, today.minute, today.second),
    at: now(),
  };
  await run(this, BP10, setDateTimeParameters({ ...today, year, month, day }, { date: true, time: false }));
});

Then(
  "the device clock reads the date {string} with the time of day it had",
  async function (this: OsgpWorld, date: string) {
    const e = expected(this);
    await expectNow(this, e.epochMs, e.at, `after BP10 set only the date ${date}, the clock`);
  },
);

/**
 * 9.13.2 borrows 8.3.2's slow procedure, after the PICS gate on 8.3.2: a procedure the PIXIT does
 * not name, or BT00 does not declare, leaves it without one (8.3.2's own gate judges the device).
 */
Given("the PIXIT's clock-delta procedure is declared in BT00", async function (this: OsgpWorld) {
  const name = deltaProcedure(this);
  if (!isProcedureUsed((await this.description()).config, name))
    throw new Inconclusive(
      `BT00 does not declare ${procedureName(name)} (PIXIT clock.deltaProcedure), so there is no slow procedure to run here; clause 8.3.2 judges that`,
    );
});

async function runDelta(world: OsgpWorld, seconds: number): Promise<void> {
  const { order } = (await world.description()).format;
  world.state.clock.deltaSeconds = seconds;
  await run(world, deltaProcedure(world), encodeClockDelta({ deltaSeconds: seconds }, order));
}

When("the client runs the clock-delta procedure with the PIXIT's delta", async function (this: OsgpWorld) {
  await runDelta(this, this.pixit.clock.deltaSeconds);
});

When("the client runs the clock-delta procedure with minus the PIXIT's delta", async function (this: OsgpWorld) {
  await runDelta(this, -this.pixit.clock.deltaSeconds);
});

When(
  "the client runs the clock-delta procedure with a delta of {int} seconds",
  async function (this: OsgpWorld, seconds: number) {
    await runDelta(this, seconds);
  },
);

Then("the device clock has moved by the delta", async function (this: OsgpWorld) {
  const delta = kept(this.state.clock.deltaSeconds, "clock delta");
  await expectRanOn(this, before(this), delta * 1000, `after a delta of ${delta} s, the clock`);
});
