import { Given, Then, When } from "@cucumber/cucumber";
import { readClockState } from "../harness/conformance/calendar-checks";
import { expectBytes, expectThat, mustDecode } from "../harness/conformance/checks";
import { readDeviceClock } from "../harness/conformance/device-clock";
import { manualPed } from "../harness/conformance/pending-checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { encodePendingEvent } from "../harness/protocol/pending-event";
import { describeResponseCode } from "../harness/protocol/response-codes";
import { PENDING_BASE, tableName } from "../harness/protocol/table-id";
import { encodeTableRequest } from "../harness/protocol/table-requests";
import {
  decodeCalendarOverride,
  encodeOverrideSettings,
  ET47,
  ET47_HOST_RANGE,
  ET47_SIZE,
  OVERRIDE_MODE,
  type OverrideSettings,
} from "../harness/protocol/tables/et47-calendar-override";
import {
  decodeOverPowerTariff,
  encodeOverPowerSettings,
  ET48,
  ET48_HOST_RANGE,
  ET48_SIZE,
  type OverPowerTariff,
} from "../harness/protocol/tables/et48-over-power-tariff";
import { epochMsToLTimeDate } from "../harness/protocol/types/time-types";
import { writeBackCleanup } from "../harness/conformance/bench-restore";
import { benchOf } from "./support/cleanups";
import { clearPendingAfterwards } from "./support/pending-tables";
import { kept } from "./support/scenario-state";
import { judgedBeforeBoundary, touOf } from "./support/tou-setup";
import type { OsgpWorld } from "./world";

/**
 * 8.2.1 manual override (ET47) and 8.2.2 over-power tariff (ET48), both PROVISIONAL layouts: a
 * client writes only their host-controlled bytes (6.4), with partial writes, and reads the status
 * byte the device keeps. state.tou.hostBytesBefore holds ET47's and ET48's host bytes as found.
 */
async function hostBytes(
  world: OsgpWorld,
  tableId: number,
  range: { offset: number; length: number },
): Promise<Uint8Array> {
  const r = await world.client().readPartial(tableId, range.offset, range.length);
  if (!("data" in r))
    throw new Inconclusive(`${tableName(tableId)} could not be read: ${describeResponseCode(r.code)}`);
  return r.data;
}

function saveAndRestore(
  world: OsgpWorld,
  tableId: number,
  range: { offset: number; length: number },
  before: Uint8Array,
): void {
  world.state.tou.hostBytesBefore.set(tableId, before);
  world.cleanups.push(writeBackCleanup(benchOf(world), tableId, range.offset, before));
}

async function writeHost(world: OsgpWorld, tableId: number, offset: number, data: Uint8Array): Promise<void> {
  await world.exchangeRaw(
    encodeTableRequest({ service: "partial-write", tableId, offset, data }, world.client().codec),
  );
}

async function expectUnchanged(
  world: OsgpWorld,
  tableId: number,
  range: { offset: number; length: number },
): Promise<void> {
  const before = kept(world.state.tou.hostBytesBefore.get(tableId), `${tableName(tableId)}'s settings as found`);
  expectBytes(
    await hostBytes(world, tableId, range),
    before,
    `${tableName(tableId)}'s settings after a refused write`,
    [world.evidence("before", before)],
  );
}

Given("ET47 will be restored after the scenario", async function (this: OsgpWorld) {
  saveAndRestore(this, ET47, ET47_HOST_RANGE, await hostBytes(this, ET47, ET47_HOST_RANGE));
});

function override(world: OsgpWorld, settings: OverrideSettings): Promise<void> {
  return writeHost(world, ET47, ET47_HOST_RANGE.offset, encodeOverrideSettings(settings));
}

When(
  "the client overrides the tier to {int} until the device clock's next whole minute",
  async function (this: OsgpWorld, tier: number) {
    // ET47's end has whole minutes: the first the write still reaches the device before, on its own
    // clock (read now, up to 1 s more than BT52 shows, and a round trip on).
    const reading = await readDeviceClock(this.client(), "the next whole minute");
    const arrives = reading.epochMs + 1000 + (reading.at - reading.sentAt) * this.pixit.clock.speed;
    const end = (Math.floor(arrives / 60_000) + 1) * 60_000;
    this.state.tou.boundary = end;
    const t = epochMsToLTimeDate(end);
    await override(this, {
      mode: OVERRIDE_MODE.untilTime,
      tier,
      end: { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute },
    });
  },
);

When("the client overrides the tier to {int} until cancelled", async function (this: OsgpWorld, tier: number) {
  await override(this, { mode: OVERRIDE_MODE.untilCancelled, tier, end: null });
});

When("the client cancels the override", async function (this: OsgpWorld) {
  await override(this, { mode: OVERRIDE_MODE.off, tier: 0, end: null });
});

When("the client writes ET47 with mode {int}", async function (this: OsgpWorld, mode: number) {
  await override(this, { mode, tier: 0, end: null });
});

When("the client writes ET47 with an end time in month 13", async function (this: OsgpWorld) {
  // STIME_DATE 2025-13-01 12:00: the encoder refuses month 13, so the bytes are laid by hand.
  await writeHost(this, ET47, ET47_HOST_RANGE.offset, Uint8Array.of(OVERRIDE_MODE.untilTime, 1, 25, 13, 1, 12, 0));
});

When(
  "the client writes a pending override to tier {int} until cancelled, waiting for BP13",
  async function (this: OsgpWorld, tier: number) {
    await clearPendingAfterwards(this, ET47);
    const settings = encodeOverrideSettings({ mode: OVERRIDE_MODE.untilCancelled, tier, end: null });
    const data = new Uint8Array([...encodePendingEvent(manualPed()), ...settings]);
    await this.exchangeRaw(
      encodeTableRequest(
        { service: "partial-write", tableId: PENDING_BASE + ET47, offset: ET47_HOST_RANGE.offset, data },
        this.client().codec,
      ),
    );
  },
);

async function et47(world: OsgpWorld) {
  const r = await world.client().readPartial(ET47, 0, ET47_SIZE);
  if (!("data" in r)) throw new Inconclusive(`ET47 could not be read: ${describeResponseCode(r.code)}`);
  return { value: mustDecode(decodeCalendarOverride(r.data), "ET47", [world.evidence("ET47", r.data)]), bytes: r.data };
}

Then("ET47 says an override is in force", async function (this: OsgpWorld) {
  const e = await et47(this);
  await judgedBeforeBoundary(
    this,
    () => expectThat(e.value.inForce, "ET47's status says no override is in force", [this.evidence("ET47", e.bytes)]),
    async () => (await readClockState(this.client(), touOf(this).order)).state.clock,
  );
});

Then("ET47 says no override is in force", async function (this: OsgpWorld) {
  const e = await et47(this);
  expectThat(!e.value.inForce, "ET47's status says an override is still in force", [this.evidence("ET47", e.bytes)]);
});

Then("ET47 still holds its settings from before", async function (this: OsgpWorld) {
  await expectUnchanged(this, ET47, ET47_HOST_RANGE);
});

Given("ET48 will be restored after the scenario", async function (this: OsgpWorld) {
  saveAndRestore(this, ET48, ET48_HOST_RANGE, await hostBytes(this, ET48, ET48_HOST_RANGE));
});

function overPower(world: OsgpWorld, v: Pick<OverPowerTariff, "enabled" | "tier" | "thresholdW">): Promise<void> {
  return writeHost(world, ET48, ET48_HOST_RANGE.offset, encodeOverPowerSettings(v, touOf(world).order));
}

When(
  "the client sets the over-power tariff to tier {int} above {int} W",
  async function (this: OsgpWorld, tier: number, thresholdW: number) {
    await overPower(this, { enabled: 1, tier, thresholdW });
  },
);

When("the client disables the over-power tariff", async function (this: OsgpWorld) {
  await overPower(this, { enabled: 0, tier: 0, thresholdW: 0 });
});

When(
  "the client writes ET48 with enabled {int} and tier {int}",
  async function (this: OsgpWorld, enabled: number, tier: number) {
    await overPower(this, { enabled, tier, thresholdW: 0 });
  },
);

async function et48(world: OsgpWorld) {
  const r = await world.client().readPartial(ET48, 0, ET48_SIZE);
  if (!("data" in r)) throw new Inconclusive(`ET48 could not be read: ${describeResponseCode(r.code)}`);
  return {
    value: mustDecode(decodeOverPowerTariff(r.data, touOf(world).order), "ET48", [world.evidence("ET48", r.data)]),
    bytes: r.data,
  };
}

Then("ET48 has measured an average power above {int} W", async function (this: OsgpWorld, watts: number) {
  const e = await et48(this);
  if (e.value.averagePowerW <= watts)
    throw new Inconclusive(
      `ET48 measured ${e.value.averagePowerW} W: the meter needs a load above ${watts} W on the bench for this scenario`,
    );
});

Then("ET48 says the over-power tier is in force", async function (this: OsgpWorld) {
  const e = await et48(this);
  expectThat(
    (e.value.status & 1) === 1,
    `ET48's status says the over-power tier is not in force (measured ${e.value.averagePowerW} W, threshold ${e.value.thresholdW} W)`,
    [this.evidence("ET48", e.bytes)],
  );
});

Then("ET48 says the over-power tier is not in force", async function (this: OsgpWorld) {
  const e = await et48(this);
  expectThat(
    (e.value.status & 1) === 0,
    `ET48's status says the over-power tier is in force (measured ${e.value.averagePowerW} W, threshold ${e.value.thresholdW} W)`,
    [this.evidence("ET48", e.bytes)],
  );
});

Then("ET48 still holds its settings from before", async function (this: OsgpWorld) {
  await expectUnchanged(this, ET48, ET48_HOST_RANGE);
});
