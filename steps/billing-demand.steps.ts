import { Given, Then, When } from "@cucumber/cucumber";
import { BP09, encodeRemoteReset } from "../harness/protocol/procedures/bp09-remote-reset";
import {
  BT25,
  datedRegisterDataSize,
  decodeDatedRegisterData,
} from "../harness/protocol/tables/bt24-bt25-dated-register-data";
import { timeSeconds } from "../harness/protocol/tables/bt28-present-register-data";
import {
  clearedProblems,
  coincidentProblems,
  continuousProblems,
  cumulativeProblems,
  intervalEndedBetween,
  maximumProblems,
  presentRestartProblems,
  previousDemandProblems,
  remainingProblems,
  resetEntryProblems,
  restartProblems,
} from "../harness/conformance/billing-demand-checks";
import { newEntryProblems, stampProblem } from "../harness/conformance/billing-checks";
import {
  presentValueOf,
  readBlock,
  readBytes,
  readDemandTable,
  readResetLogEntry,
  readResetLogHeader,
} from "../harness/conformance/billing-reads";
import { atTimeOfDay, intervalEnd, parseTimeOfDay } from "../harness/conformance/billing-times";
import { mustDecode } from "../harness/conformance/checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { toHex } from "../harness/bytes/hex";
import {
  billingFor,
  deviceNow,
  deviceTimeAt,
  expectNone,
  presentSelectionFor,
  readPresentNow,
  readRegisterSnapshot,
  runningConfiguration,
  selectionFor,
  setDeviceClock,
  totalOf,
  waitUntilDevice,
} from "./support/billing-context";
import { runCompleted } from "./support/procedure-runs";
import { kept, type DemandAfterEnd } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/**
 * 8.15.1.1-8.15.1.10 demand values, by the clock technique: the clock is set a few device seconds
 * before the end of a demand interval (at the PIXIT's load time, where the bench load draws power),
 * the scenario reads, waits until just after that end and reads again.
 */
const MINUTE = 60_000;

function subIntervalMinutes(world: OsgpWorld): number {
  const c = runningConfiguration(world);
  return c.intervalMinutes / c.subIntervals;
}

async function setBeforeIntervalEnd(
  world: OsgpWorld,
  notMinutes: number | null,
  minutes = subIntervalMinutes(world),
): Promise<void> {
  const lead = world.pixit.billing.leadSeconds * 1000;
  const load = parseTimeOfDay(world.pixit.billing.loadTime, "billing.loadTime");
  const now = await deviceNow(world);
  const end = intervalEnd(load === null ? now + lead + 1000 : atTimeOfDay(now, load), minutes, notMinutes);
  world.state.demand.intervalEndMs = end;
  await setDeviceClock(world, end - lead);
}

Given(
  "the device clock is set a little before the end of a demand interval at the PIXIT's load time",
  async function (this: OsgpWorld) {
    await setBeforeIntervalEnd(this, null);
  },
);

When(
  "the device clock is set a little before an end of the old interval that the new one does not have",
  async function (this: OsgpWorld) {
    const old = kept(this.state.demand.beforeIntervalChange, "old configuration");
    await setBeforeIntervalEnd(this, subIntervalMinutes(this), old.intervalMinutes / old.subIntervals);
  },
);

When("the client reads the present demands", async function (this: OsgpWorld) {
  this.state.demand.presentBefore = await readPresentNow(this);
});

/** Waits until the PIXIT's lag after the interval end, then reads BT28 and ET40 at once. */
Given("the demand interval has ended", async function (this: OsgpWorld) {
  await waitUntilDevice(
    this,
    kept(this.state.demand.intervalEndMs, "interval end") + this.pixit.billing.lagSeconds * 1000,
  );
  const b = await billingFor(this);
  const present = await readPresentNow(this);
  this.state.demand.afterEnd = { present, et40: (await readDemandTable(b.client, b.order)).value };
});

function afterEnd(world: OsgpWorld): DemandAfterEnd {
  return kept(world.state.demand.afterEnd, "after end");
}

/** The previous demands of the interval that ended: at least one must be above zero for a verdict. */
function previousDemands(world: OsgpWorld): readonly number[] {
  const previous = afterEnd(world).et40.status.previousDemands;
  if (!previous.some((p) => p > 0))
    throw new Inconclusive(
      "no demand accrued in the interval that ended (no load on any demand source?): see PIXIT billing.loadTime",
    );
  return previous;
}

Then("the present demand holds only the part of the new interval", function (this: OsgpWorld) {
  const a = afterEnd(this);
  const afterS = (deviceTimeAt(this, a.present.at) - kept(this.state.demand.intervalEndMs, "interval end")) / 1000;
  expectNone(
    presentRestartProblems(
      previousDemands(this),
      a.present.value.demands.map((d) => d.value),
      this.pixit.billing.leadSeconds,
      afterS,
    ),
    "the present demand did not restart",
  );
});

async function expectRemaining(world: OsgpWorld, nextEndMs: (nowMs: number) => number): Promise<void> {
  requireFlag(
    (await billingFor(world)).dims.functions1.timeRemaining,
    "TIME_REMAINING_FLAG",
    "BT28 shows no time remaining",
  );
  const p = afterEnd(world).present;
  const now = deviceTimeAt(world, p.at);
  expectNone(
    remainingProblems(
      p.value.demands.map((d) => (d.timeRemaining === null ? null : timeSeconds(d.timeRemaining))),
      (nextEndMs(now) - now) / 1000,
      2,
    ),
    "BT28's time remaining is off",
  );
}

Then("BT28's time remaining counts down to the next interval end", async function (this: OsgpWorld) {
  return expectRemaining(
    this,
    () => kept(this.state.demand.intervalEndMs, "interval end") + subIntervalMinutes(this) * MINUTE,
  );
});

Then("BT28's time remaining is within the new interval", async function (this: OsgpWorld) {
  return expectRemaining(this, (now) => intervalEnd(now + 1, subIntervalMinutes(this)));
});

Then("ET40 names that interval's end and holds its demand as the previous demand", async function (this: OsgpWorld) {
  const a = afterEnd(this);
  const stamp = stampProblem(
    a.et40.status.lastIntervalEnd,
    kept(this.state.demand.intervalEndMs, "interval end"),
    0,
    "ET40's end of the last interval",
  );
  const selection = await presentSelectionFor(this);
  const before = kept(this.state.demand.presentBefore, "present before").value;
  const power = a.et40.configuration.sources.map((s) => {
    const seen = [presentValueOf(selection, before, s), presentValueOf(selection, a.present.value, s)];
    return seen.includes(null) ? null : Math.min(...(seen as number[]));
  });
  if (!power.some((w) => w !== null && w > 0))
    throw new Inconclusive(
      "BT28 shows no power on any demand source: no demand can accrue (see PIXIT billing.loadTime)",
    );
  const problems = previousDemandProblems(
    a.et40.status.previousDemands,
    power,
    this.pixit.billing.leadSeconds,
    runningConfiguration(this).intervalMinutes,
  );
  expectNone(
    [...(stamp === null ? [] : [stamp]), ...problems],
    "ET40's previous demand is not that of the interval that ended",
  );
});

When("the demands have been reset with BP09", async function (this: OsgpWorld) {
  this.state.billing.actionAtMs = await deviceNow(this);
  await runCompleted(this, BP09, encodeRemoteReset({ demandReset: true }));
});

Then("each maximum demand in BT23 is that interval's demand, stamped with its time", async function (this: OsgpWorld) {
  const block = (await readBlock(await billingFor(this), 0)).value;
  const end = kept(this.state.demand.intervalEndMs, "interval end");
  const stampMs =
    this.pixit.billing.demand.maximumStamp === "interval-end" ? end : end - subIntervalMinutes(this) * MINUTE;
  expectNone(
    maximumProblems(block, previousDemands(this), stampMs),
    "BT23's maximum demands are not those of the interval after the reset",
  );
});

Then("each coincident value in BT23 is its source's demand in that interval", async function (this: OsgpWorld) {
  const selection = await selectionFor(this);
  if (selection.coincidentSources.length === 0)
    throw new Inconclusive(
      "the device says it keeps no coincident values (BT21 NBR_COINCIDENT is 0), so their capture cannot be observed",
    );
  const sources = afterEnd(this).et40.configuration.sources;
  if (!selection.coincidentSources.some((s) => sources.includes(s)))
    throw new Inconclusive(
      "no coincident source is a demand source of ET40, so its demand in the interval cannot be read",
    );
  const block = (await readBlock(await billingFor(this), 0)).value;
  expectNone(
    coincidentProblems(block, selection, sources, previousDemands(this)),
    "BT23's coincident values were not captured at the maximum",
  );
});

/** BT21 describes what the device keeps: without the value a check reads, it cannot decide. */
function requireFlag(flag: number, name: string, means: string): void {
  if (flag !== 1)
    throw new Inconclusive(`the device says ${means} (BT21 ${name} clear), so the rule cannot be observed`);
}

/**
 * Lets an interval end even when BT23 already holds a maximum: the next end is then a whole interval
 * away, so the maxima the scenario reads are the ones its reset moves. ET40's end of that interval is
 * kept, so that a slower exchange that lets another one end is seen (inconclusive), not judged.
 */
Given("a maximum demand has been recorded, and a demand interval has just ended", async function (this: OsgpWorld) {
  await setBeforeIntervalEnd(this, null);
  await waitUntilDevice(
    this,
    kept(this.state.demand.intervalEndMs, "interval end") + this.pixit.billing.lagSeconds * 1000,
  );
  const b = await billingFor(this);
  if (!(await readBlock(b, 0)).value.demands.some((d) => (d.values[0] ?? 0) > 0))
    throw new Inconclusive("no maximum demand after an interval at the PIXIT's load time: is there any load?");
  this.state.demand.lastEndBeforeReset = (await readDemandTable(b.client, b.order)).value.status.lastIntervalEnd;
});

Then("each cumulative demand in BT23 grew by the maximum that was reset", async function (this: OsgpWorld) {
  const b = await billingFor(this);
  requireFlag(b.dims.functions1.cumulativeDemand, "CUM_DEMAND_FLAG", "it keeps no cumulative demand");
  const after = (await readBlock(b, 0)).value;
  expectNone(
    cumulativeProblems(totalOf(kept(this.state.billing.registers, "registers").reading), after),
    "the cumulative demands did not take the maxima",
  );
});

Then(
  "in BT23 each continuous cumulative demand is the cumulative demand plus the maximum",
  async function (this: OsgpWorld) {
    const b = await billingFor(this);
    requireFlag(
      b.dims.functions1.continuousCumulativeDemand,
      "CONT_CUM_DEMAND_FLAG",
      "it keeps no continuous cumulative demand",
    );
    expectNone(continuousProblems((await readBlock(b, 0)).value), "the continuous cumulative demands are off");
  },
);

/** ET40 is read after BT23, so that an interval ending at any time before this check is seen. */
Then(
  "every maximum demand in BT23 is zero, and no demand interval ended since the maxima were read",
  async function (this: OsgpWorld) {
    const b = await billingFor(this);
    const block = (await readBlock(b, 0)).value;
    const moved = intervalEndedBetween(
      kept(this.state.demand.lastEndBeforeReset, "ET40's end of the last interval"),
      (await readDemandTable(b.client, b.order)).value.status.lastIntervalEnd,
    );
    if (moved !== null) throw new Inconclusive(`${moved}: the maxima reset may not be those read`);
    expectNone(clearedProblems(block), "the demand reset left maxima");
  },
);

Then("BT25 holds the maxima that were reset, stamped with the time of the reset", async function (this: OsgpWorld) {
  const b = await billingFor(this);
  const r = await readBytes(b.client, BT25, 0, datedRegisterDataSize(b.dims));
  const copy = mustDecode(decodeDatedRegisterData(r.value, b.dims, b.order, "BT25"), "BT25", [
    { label: "BT25", hex: toHex(r.value) },
  ]);
  const before = totalOf(kept(this.state.billing.registers, "registers").reading);
  const problems = before.demands.flatMap((d, i) =>
    (copy.data.total.demands[i]?.values[0] ?? 0) === (d.values[0] ?? 0)
      ? []
      : [
          `demand ${i}: BT25 holds ${copy.data.total.demands[i]?.values[0]} W, BT23 had ${d.values[0]} W before the reset`,
        ],
  );
  const stamp = b.dims.functions1.dateTime
    ? stampProblem(copy.endTime, kept(this.state.billing.actionAtMs, "action at"), 1, "BT25's time")
    : null;
  expectNone([...(stamp === null ? [] : [stamp]), ...problems], "BT25 does not hold the maxima of the reset");
});

When("the client reads ET41's list header", async function (this: OsgpWorld) {
  const b = await billingFor(this);
  this.state.demand.resetLogHeader = await readResetLogHeader(b.client, b.order);
});

Then("ET41 has one more entry, recording the reset", async function (this: OsgpWorld) {
  const b = await billingFor(this);
  const before = kept(this.state.demand.resetLogHeader, "ET41 header");
  const after = await readResetLogHeader(b.client, b.order);
  const problems = newEntryProblems(before, after, after.capacity, "ET41");
  if (problems.length === 0) {
    const entry = await readResetLogEntry(b.client, b.order, after, after.lastElement);
    const now = (await readRegisterSnapshot(this)).reading;
    problems.push(
      ...resetEntryProblems(
        entry,
        totalOf(kept(this.state.billing.registers, "registers").reading),
        totalOf(now),
        now.demandResets,
        kept(this.state.billing.actionAtMs, "action at"),
      ),
    );
  }
  expectNone(problems, "ET41 does not record the demand reset");
});

Then(
  "ET40 shows a calculation started at the write, with no interval and no previous demand behind it",
  async function (this: OsgpWorld) {
    const b = await billingFor(this);
    const written = kept(this.state.demand.lastWrite, "ET40 write");
    expectNone(
      restartProblems((await readDemandTable(b.client, b.order)).value, written.atMs),
      "the demand calculation did not start afresh",
    );
  },
);
