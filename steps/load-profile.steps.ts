import { Then, When } from "@cucumber/cucumber";
import { expectThat, decoded } from "../harness/conformance/checks";
import { iso, parseUtc, waitDeviceSeconds } from "../harness/conformance/device-clock";
import { incrementChannels } from "../harness/conformance/load-profile-config";
import {
  dataShape,
  readBlock,
  readLoadProfileStatus,
  readNewestBlocks,
  setStatus,
} from "../harness/conformance/load-profile-reader";
import {
  dimensionProblems,
  sTimeToMs,
  expectClockSetFlag,
  expectCountersNonDecreasing,
  expectEndReadingsAddUp,
  expectIntervalRecorded,
  expectNewestIntervalEndsAt,
} from "../harness/conformance/load-profile-checks";
import { setDateTimeTo } from "../harness/conformance/procedure-calls";
import { readTable } from "../harness/conformance/records-io";
import { Inconclusive } from "../harness/conformance/verdicts";
import { BP10 } from "../harness/protocol/procedures/bp10-set-date-time";
import { BT60, decodeLoadProfileDimensions } from "../harness/protocol/tables/bt60-bt61-load-profile-dimensions";
import { decodeLoadProfileConfiguration, ET21 } from "../harness/protocol/tables/et21-load-profile-configuration";
import { decodeLoadProfileSources, ET66 } from "../harness/protocol/tables/et66-load-profile-sources";
import { onceTheDeviceActs } from "./support/device-reaction";
import { layoutOf } from "./support/records-context";
import { runCompleted } from "./support/procedure-runs";
import type { OsgpWorld } from "./world";

/**
 * 8.5 / 8.5.1 / 8.5.2.3: reading the load profile, and seeing an interval close. The clock
 * technique: set the clock PIXIT records.leadSeconds before an interval boundary, wait until it has
 * passed, read the newest block. The Background restores the clock.
 */
function boundary(world: OsgpWorld): number {
  const b = world.state.records.boundaryMs;
  if (b === undefined) throw new Inconclusive("the clock was not set before an interval boundary");
  return b;
}

Then("BT60, BT61, BT62 and BT63 agree with each other", async function (this: OsgpWorld) {
  const layout = await layoutOf(this);
  const bt60 = await readTable(this.client(), BT60);
  const limits = decoded(decodeLoadProfileDimensions(bt60, layout.order, layout.setsUsed), "BT60", bt60);
  const problems = dimensionProblems(
    limits,
    layout.actual,
    layout.control,
    await readLoadProfileStatus(this.client(), layout),
  );
  expectThat(problems.length === 0, `the load-profile tables disagree:\n${problems.join("\n")}`);
});

Then(
  "every valid block of data set {int} decodes with its end time on an interval boundary",
  async function (this: OsgpWorld, set: number) {
    const layout = await layoutOf(this);
    const status = setStatus(await readLoadProfileStatus(this.client(), layout), set);
    const minutes = layout.actual.sets[set - 1]?.intervalMinutes ?? 0;
    for (const b of await readNewestBlocks(this.client(), layout, set, status, status.validBlocks)) {
      const t = b.block.endTime;
      expectThat(t !== null, `block ${b.element} is counted valid by BT63 but its end time is all zero`);
      const ms = t === null ? 0 : sTimeToMs(t);
      expectThat(
        minutes > 0 && ms % (minutes * 60_000) === 0,
        `block ${b.element} ends at ${iso(ms)}, not on a ${minutes}-minute boundary`,
      );
    }
  },
);

When(
  "the client sets the device clock shortly before the load-profile interval that ends at {string}",
  async function (this: OsgpWorld, text: string) {
    const end = parseUtc(text);
    this.state.records.boundaryMs = end;
    await runCompleted(this, BP10, setDateTimeTo(end - this.pixit.records.leadSeconds * 1000));
  },
);

When("the client waits until that interval has closed", async function (this: OsgpWorld) {
  // A second past the boundary; a meter that records the interval later is looked for again by the step that reads it.
  await waitDeviceSeconds(this.pixit.records.leadSeconds + 1, this.pixit.clock.speed);
});

Then("the newest block of data set {int} ends at that interval's end", async function (this: OsgpWorld, set: number) {
  const layout = await layoutOf(this);
  const end = boundary(this);
  const minutes = layout.actual.sets[set - 1]?.intervalMinutes ?? 0;
  if (minutes === 0 || end % (minutes * 60_000) !== 0)
    throw new Inconclusive(`${iso(end)} is not a boundary of data set ${set}'s ${minutes}-minute intervals`);
  const what = `data set ${set} (BT${63 + set})`;
  const { newest, status } = await onceTheDeviceActs(this, end, async () => {
    const status = setStatus(await readLoadProfileStatus(this.client(), layout), set);
    const newest = await readBlock(this.client(), layout, set, status.lastBlockElement);
    expectIntervalRecorded(newest, status, end, what);
    return { newest, status };
  });
  expectNewestIntervalEndsAt(newest, status, end, what);
});

Then(
  "one of data set {int}'s last two intervals carries a clock-set flag",
  async function (this: OsgpWorld, set: number) {
    const layout = await layoutOf(this);
    const status = setStatus(await readLoadProfileStatus(this.client(), layout), set);
    const blocks = await readNewestBlocks(this.client(), layout, set, status, 2);
    expectClockSetFlag(
      blocks.map((b) => b.block),
      status,
      dataShape(layout, set).intervalsPerBlock,
    );
  },
);

Then("data set 1's block-end readings add up over its newest two blocks", async function (this: OsgpWorld) {
  const layout = await layoutOf(this);
  const et21 = await readTable(this.client(), ET21);
  const cfg = decoded(
    decodeLoadProfileConfiguration(et21, layout.order, layout.actual.sets[0]?.channels ?? 0),
    "ET21",
    et21,
  );
  const et66 = await readTable(this.client(), ET66);
  const sources = decoded(decodeLoadProfileSources(et66), "ET66", et66);
  const status = setStatus(await readLoadProfileStatus(this.client(), layout), 1);
  const [newest, previous] = await readNewestBlocks(this.client(), layout, 1, status, 2);
  if (newest === undefined || previous === undefined) throw new Inconclusive("data set 1 holds fewer than two blocks");
  const control = layout.control[0];
  if (control === null || control === undefined) throw new Inconclusive("BT62 has no entry for data set 1");
  const total = expectEndReadingsAddUp(
    newest.block,
    previous.block,
    status.validIntervals,
    control,
    incrementChannels(cfg, sources),
  );
  if (total === 0)
    throw new Inconclusive(
      "the newest block recorded no energy, so its end readings cannot show whether they follow the intervals; put a load on the meter",
    );
});

Then("the readings of data set {int}'s newest block never go down", async function (this: OsgpWorld, set: number) {
  const layout = await layoutOf(this);
  const status = setStatus(await readLoadProfileStatus(this.client(), layout), set);
  const [newest] = await readNewestBlocks(this.client(), layout, set, status, 1);
  if (newest === undefined) throw new Inconclusive(`data set ${set} holds no block`);
  expectCountersNonDecreasing(newest.block, status.validIntervals);
});
