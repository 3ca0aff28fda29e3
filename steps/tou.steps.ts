import { Given, Then, When } from "@cucumber/cucumber";
import {
  buildTestCalendar,
  CALENDAR_FLAWS,
  flawedCalendar,
  type CalendarFlaw,
  type TestCalendarSpec,
} from "../harness/conformance/calendar-builder";
import { growthOutsideTier, readTierBlocks, tierGrowth } from "../harness/conformance/calendar-energy";
import {
  calendarContentProblems,
  dimensionsBeyondMaximum,
  localToUtc,
  readClockState,
  readTouSetup,
} from "../harness/conformance/calendar-checks";
import { expectBytes, expectServed, expectThat, valueOf } from "../harness/conformance/checks";
import { parseUtc, readDeviceClock, waitDeviceSeconds } from "../harness/conformance/device-clock";
import { expectResult, setDateTimeTo } from "../harness/conformance/procedure-calls";
import { ConformanceAssertionError, Inconclusive } from "../harness/conformance/verdicts";
import { BP10 } from "../harness/protocol/procedures/bp10-set-date-time";
import { describeResponseCode } from "../harness/protocol/response-codes";
import { PENDING_BASE } from "../harness/protocol/table-id";
import { encodePendingEvent } from "../harness/protocol/pending-event";
import { relativeDelayFor, relativePed } from "../harness/conformance/pending-checks";
import { encodeTableRequest } from "../harness/protocol/table-requests";
import { BT54, encodeCalendar } from "../harness/protocol/tables/bt54-calendar";
import { NO_SPECIAL_SCHEDULE, TIER_DRIVE } from "../harness/protocol/tables/bt55-clock-state";
import { writeBackCleanup } from "../harness/conformance/bench-restore";
import { benchOf } from "./support/cleanups";
import { clearPendingAfterwards } from "./support/pending-tables";
import { calledProcedure, run } from "./support/procedure-runs";
import { kept } from "./support/scenario-state";
import { judgedBeforeBoundary, touOf } from "./support/tou-setup";
import { now } from "../harness/transport/timers";
import type { OsgpWorld } from "./world";

/**
 * 8.2 TOU calendar: the scenarios save the device's calendar, write one of their own (built to
 * BT51's dimensions), move the clock to just before a boundary of it, and read BT55 on both sides.
 * state.tou keeps the setup read at the start and the BT54 bytes last written.
 */
const TEST_YEAR = 2025;

async function writeTestCalendar(world: OsgpWorld, spec: Omit<TestCalendarSpec, "year">): Promise<Uint8Array> {
  const { setup, order } = touOf(world);
  const bytes = encodeCalendar(buildTestCalendar(setup.dims, { year: TEST_YEAR, ...spec }), order, setup.dims);
  const r = await world.client().writeFull(BT54, bytes);
  expectServed(r.code, "a full write of a valid calendar into BT54", [world.evidence("calendar", bytes)]);
  world.state.tou.calendarWritten = bytes;
  return bytes;
}

function hhmm(text: string): { hour: number; minute: number } {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (m === null) throw new Inconclusive(`"${text}" is not a time of the form hh:mm`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function monthDay(text: string): { month: number; day: number } {
  const m = /^(\d{2})-(\d{2})$/.exec(text);
  if (m === null) throw new Inconclusive(`"${text}" is not a date of the form MM-DD`);
  return { month: Number(m[1]), day: Number(m[2]) };
}

Given("the device's calendar will be restored after the scenario", async function (this: OsgpWorld) {
  const format = (await this.description()).format;
  const setup = await readTouSetup(this.client(), format);
  this.state.tou.setup = { setup, order: format.order };
  this.cleanups.push(writeBackCleanup(benchOf(this), BT54, null, setup.bt54));
});

Given("a calendar is written with tier {int} all day", async function (this: OsgpWorld, tier: number) {
  await writeTestCalendar(this, { switches: [{ schedule: 0, hour: 0, minute: 0, tier }] });
});

Given(
  "a calendar is written that switches from tier {int} to tier {int} at {string}",
  async function (this: OsgpWorld, from: number, to: number, at: string) {
    await writeTestCalendar(this, {
      switches: [
        { schedule: 0, hour: 0, minute: 0, tier: from },
        { schedule: 0, ...hhmm(at), tier: to },
      ],
    });
  },
);

Given(
  "a calendar is written with tier {int} in season 0 and tier {int} in season 1, which starts on {string}",
  async function (this: OsgpWorld, t0: number, t1: number, start: string) {
    await writeTestCalendar(this, {
      switches: [
        { schedule: 0, hour: 0, minute: 0, tier: t0 },
        { schedule: 1, hour: 0, minute: 0, tier: t1 },
      ],
      season1Starts: monthDay(start),
    });
  },
);

Given(
  "a calendar is written with tier {int} on ordinary days and tier {int} on the special day {string}",
  async function (this: OsgpWorld, ordinary: number, special: number, day: string) {
    await writeTestCalendar(this, {
      switches: [
        { schedule: 0, hour: 0, minute: 0, tier: ordinary },
        { schedule: 2, hour: 0, minute: 0, tier: special },
      ],
      specialOn: monthDay(day),
    });
  },
);

async function setClockLocal(world: OsgpWorld, localText: string, secondsBefore: number): Promise<void> {
  const boundary = localToUtc(touOf(world).setup.offset, parseUtc(localText));
  world.state.tou.boundary = secondsBefore > 0 ? boundary : undefined;
  await run(world, BP10, setDateTimeTo(boundary - secondsBefore * 1000));
  try {
    expectResult(valueOf(world.procedure, "BP10"), calledProcedure(world), ["completed"], (l, b) =>
      world.evidence(l, b),
    );
  } catch (e) {
    // 8.3.1 judges BP10; here it only sets the scene.
    if (e instanceof ConformanceAssertionError)
      throw new Inconclusive(`could not set the device clock for this scenario: ${e.rule}`);
    throw e;
  }
}

When("the device clock is set shortly before {string} local time", async function (this: OsgpWorld, local: string) {
  await setClockLocal(this, local, this.pixit.tou.leadSeconds);
});

When("the client waits until that time has passed", async function (this: OsgpWorld) {
  const boundary = kept(this.state.tou.boundary, "time the clock was set shortly before");
  // Counted on the device's clock, one second past the boundary: however long the link took so far.
  const reading = await readDeviceClock(this.client(), "when the switching time has passed");
  await waitDeviceSeconds(Math.max(0, boundary + 1000 - reading.epochMs) / 1000, this.pixit.clock.speed);
  this.state.tou.boundary = undefined;
});

When("the device clock is set to {string} local time", async function (this: OsgpWorld, local: string) {
  await setClockLocal(this, local, 0);
});

When("the client waits {int} device second(s)", async function (this: OsgpWorld, seconds: number) {
  await waitDeviceSeconds(seconds, this.pixit.clock.speed);
  // What is judged after a wait is the state after the boundary: no longer excused by a slow link.
  this.state.tou.boundary = undefined;
});

async function clockState(world: OsgpWorld) {
  const r = await readClockState(world.client(), touOf(world).order);
  return { ...r, evidence: [world.evidence("BT55", r.bytes)] };
}

Then("BT55 shows tier {int}", async function (this: OsgpWorld, tier: number) {
  const { state, evidence } = await clockState(this);
  await judgedBeforeBoundary(
    this,
    () =>
      expectThat(
        state.status.tier === tier,
        `BT55's current tier is ${state.status.tier}; the calendar written gives tier ${tier} now`,
        evidence,
      ),
    async () => state.clock,
  );
});

Then("BT55 shows tier {int} driven by the {word}", async function (this: OsgpWorld, tier: number, drive: string) {
  const wanted = { calendar: TIER_DRIVE.calendar, override: TIER_DRIVE.override, "over-power": TIER_DRIVE.overPower }[
    drive
  ];
  if (wanted === undefined) throw new Inconclusive(`"${drive}" is not a tier drive (calendar, override, over-power)`);
  const { state, evidence } = await clockState(this);
  await judgedBeforeBoundary(
    this,
    () =>
      expectThat(
        state.status.tier === tier && state.status.tierDrive === wanted,
        `BT55 shows tier ${state.status.tier} with tier drive ${state.status.tierDrive}; expected tier ${tier} driven by the ${drive} (${wanted})`,
        evidence,
      ),
    async () => state.clock,
  );
});

Then("BT55 shows season {int}", async function (this: OsgpWorld, season: number) {
  const { state, evidence } = await clockState(this);
  await judgedBeforeBoundary(
    this,
    () =>
      expectThat(
        state.status.season === season,
        `BT55's season is ${state.status.season}; the calendar written gives season ${season} now`,
        evidence,
      ),
    async () => state.clock,
  );
});

Then("BT55 shows special schedule {int} in force", async function (this: OsgpWorld, special: number) {
  const { state, evidence } = await clockState(this);
  expectThat(
    state.status.specialSchedule === special,
    `BT55's special schedule is ${state.status.specialSchedule}; today is special schedule ${special}'s day`,
    evidence,
  );
});

Then("BT55 shows no special schedule in force", async function (this: OsgpWorld) {
  const { state, evidence } = await clockState(this);
  expectThat(
    state.status.specialSchedule === NO_SPECIAL_SCHEDULE,
    `BT55's special schedule is ${state.status.specialSchedule}; no special day is today (${NO_SPECIAL_SCHEDULE} means none)`,
    evidence,
  );
});

When("the client writes a calendar with {string}", async function (this: OsgpWorld, flaw: string) {
  if (!(CALENDAR_FLAWS as readonly string[]).includes(flaw))
    throw new Inconclusive(`"${flaw}" is not one of: ${CALENDAR_FLAWS.join("; ")}`);
  const { setup, order } = touOf(this);
  const base = buildTestCalendar(setup.dims, {
    year: TEST_YEAR,
    switches: [{ schedule: 0, hour: 0, minute: 0, tier: 1 }],
  });
  const bytes = flawedCalendar(setup.dims, order, base, flaw as CalendarFlaw);
  await this.exchangeRaw(
    encodeTableRequest({ service: "full-write", tableId: BT54, data: bytes }, this.client().codec),
  );
});

/**
 * The delay comes from the link's round trip (a read of BT52), as 6.3's does, so that a slow link can
 * see the calendar pending. The device takes the write after that reading of its clock, so until its
 * own clock has passed the reading plus the delay, the old tier must show (state.tou.boundary).
 */
When(
  "the client writes a pending calendar with tier {int} all day, taking effect after a delay the link leaves time to observe",
  async function (this: OsgpWorld, tier: number) {
    const { setup, order } = touOf(this);
    const before = await readDeviceClock(this.client(), "when the pending calendar takes effect");
    const seconds = relativeDelayFor(before.at - before.sentAt, this.pixit.clock.speed);
    this.state.tou.boundary = before.epochMs + seconds * 1000;
    this.state.pending.relative = {
      delaySeconds: seconds,
      writeSentAt: now(),
      count: this.pixit.pending.activationCount,
    };
    const bytes = encodeCalendar(
      buildTestCalendar(setup.dims, { year: TEST_YEAR, switches: [{ schedule: 0, hour: 0, minute: 0, tier }] }),
      order,
      setup.dims,
    );
    await clearPendingAfterwards(this, BT54);
    const data = new Uint8Array([...encodePendingEvent(relativePed(seconds)), ...bytes]);
    await this.exchangeRaw(
      encodeTableRequest({ service: "full-write", tableId: PENDING_BASE + BT54, data }, this.client().codec),
    );
  },
);

When(
  "the client writes a calendar with tier {int} all day and {int} bytes more than BT54 holds",
  async function (this: OsgpWorld, tier: number, extra: number) {
    const { setup, order } = touOf(this);
    const bytes = encodeCalendar(
      buildTestCalendar(setup.dims, { year: TEST_YEAR, switches: [{ schedule: 0, hour: 0, minute: 0, tier }] }),
      order,
      setup.dims,
    );
    const data = new Uint8Array(bytes.length + extra).fill(0xee);
    data.set(bytes);
    this.state.tou.calendarWritten = bytes;
    await this.exchangeRaw(encodeTableRequest({ service: "full-write", tableId: BT54, data }, this.client().codec));
  },
);

async function expectCalendar(world: OsgpWorld, what: string): Promise<void> {
  const expected = world.state.tou.calendarWritten;
  if (expected === undefined) throw new Inconclusive("no calendar was written before");
  const r = await world.client().readFull(BT54);
  if (!("data" in r))
    throw new Inconclusive(
      `BT54 could not be read back (${describeResponseCode(r.code)}), so what the write left cannot be told`,
    );
  expectBytes(r.data, expected, what, [world.evidence("expected", expected)]);
}

Then("BT54 still holds the calendar written before", async function (this: OsgpWorld) {
  await expectCalendar(this, "BT54 after a refused write");
});

Then("BT54 holds the calendar written", async function (this: OsgpWorld) {
  await expectCalendar(this, "BT54 after the write");
});

Then("BT51 does not exceed BT50", async function (this: OsgpWorld) {
  const beyond = await dimensionsBeyondMaximum(this.client(), (await this.description()).format);
  expectThat(beyond.length === 0, `BT51's calendar is larger than BT50 allows: ${beyond.join(", ")}`);
});

Then("BT54 is as long as BT51 says and decodes with its dimensions", async function (this: OsgpWorld) {
  const format = (await this.description()).format;
  this.state.tou.setup = { setup: await readTouSetup(this.client(), format), order: format.order };
});

Then("every date and action of BT54 is one BT51 allows", function (this: OsgpWorld) {
  const { setup } = touOf(this);
  const problems = calendarContentProblems(setup.calendar, setup.dims);
  expectThat(problems.length === 0, `BT54 holds entries BT51 or 6.2 do not allow:\n  ${problems.join("\n  ")}`, [
    this.evidence("BT54", setup.bt54),
  ]);
});

Then("BT55's season and special schedule are ones BT51 allows", async function (this: OsgpWorld) {
  const { setup } = touOf(this);
  const { state, evidence } = await clockState(this);
  const s = state.status;
  expectThat(
    s.season < Math.max(1, setup.dims.nbrSeasons),
    `BT55's season is ${s.season}; BT51 has ${setup.dims.nbrSeasons}`,
    evidence,
  );
  expectThat(
    s.specialSchedule === NO_SPECIAL_SCHEDULE || s.specialSchedule < setup.dims.nbrSpecialSchedules,
    `BT55's special schedule is ${s.specialSchedule}; BT51 has ${setup.dims.nbrSpecialSchedules}`,
    evidence,
  );
});

Given("BT23's tier registers are read", async function (this: OsgpWorld) {
  this.state.tou.tierRegisters = await readTierBlocks(this.client(), (await this.description()).format);
});

Then("of BT23's tier registers only tier {int}'s have grown", async function (this: OsgpWorld, tier: number) {
  const before = this.state.tou.tierRegisters;
  if (before === undefined) throw new Inconclusive("BT23's tier registers were not read first");
  const growth = tierGrowth(before, await readTierBlocks(this.client(), (await this.description()).format));
  const problems = growthOutsideTier(growth, tier);
  expectThat(
    problems.length === 0,
    `energy went elsewhere than to the tier in force (growth per tier: ${growth.join(", ")} Wh):\n  ${problems.join("\n  ")}`,
  );
});
