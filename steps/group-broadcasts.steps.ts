import { Given, Then, When } from "@cucumber/cucumber";
import { expectThat } from "../harness/conformance/checks";
import { freeSlot, groupNotIn, readGroups } from "../harness/conformance/group-broadcast-checks";
import { expectSameBytes } from "../harness/conformance/mbus-checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { describeResponseCode } from "../harness/protocol/response-codes";
import { encodeGroupMembership, ET18, et18Size } from "../harness/protocol/tables/et18-group-membership";
import { ALL_METERS_GROUP } from "../harness/protocol/tables/et31-one-time-read-log";
import { writeBackCleanup } from "../harness/conformance/bench-restore";
import { benchOf } from "./support/cleanups";
import { dimensionsOf, writeTable } from "./support/mbus-context";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/** 8.14 group broadcasts: the meter's groups (ET18) and requests addressed to a group. */
Given("ET18 will be restored after the scenario", async function (this: OsgpWorld) {
  const { bytes } = await readGroups(this.client(), await dimensionsOf(this, false));
  this.cleanups.push(writeBackCleanup(benchOf(this), ET18, 0, bytes));
});

async function writeSlot(world: OsgpWorld, group: number): Promise<void> {
  const { slots } = await readGroups(world.client(), await dimensionsOf(world, false));
  const slot = freeSlot(slots);
  // A device state the bench set, not an option the PICS names: the rule stands, only this bench cannot show it.
  if (slot === null) throw new Inconclusive("every slot of ET18 holds a group: free one on the bench to judge this");
  world.state.groups.slot = slot;
  await writeTable(
    world,
    ET18,
    et18Size(slot),
    encodeGroupMembership([group], (await world.description()).format.order),
  );
}

Given("the meter is made a member of a group it was not in", async function (this: OsgpWorld) {
  const { slots } = await readGroups(this.client(), await dimensionsOf(this, false));
  const group = groupNotIn(slots);
  this.state.groups.group = group;
  await writeSlot(this, group);
  const w = kept(this.state.mbus.lastWrite, "ET18 write");
  if (w.code !== 0)
    throw new Inconclusive(
      `the meter could not be made a member of the group: writing group 0x${group.toString(16)} into ET18 was answered ${describeResponseCode(w.code)}`,
    );
});

Given("a group the meter is not in is chosen", async function (this: OsgpWorld) {
  this.state.groups.group = groupNotIn((await readGroups(this.client(), await dimensionsOf(this, false))).slots);
});

When("the client writes a group the meter is not in into a free slot of ET18", async function (this: OsgpWorld) {
  const group = groupNotIn((await readGroups(this.client(), await dimensionsOf(this, false))).slots);
  this.state.groups.group = group;
  return writeSlot(this, group);
});

When("the client writes the all-meters group into a free slot of ET18", async function (this: OsgpWorld) {
  return writeSlot(this, ALL_METERS_GROUP);
});

When("the client writes that group into another free slot of ET18", async function (this: OsgpWorld) {
  return writeSlot(this, kept(this.state.groups.group, "group"));
});

Then("ET18 holds that group in that slot", async function (this: OsgpWorld) {
  const { slots } = await readGroups(this.client(), await dimensionsOf(this, false));
  const slot = kept(this.state.groups.slot, "ET18 slot written");
  expectThat(
    slots[slot] === this.state.groups.group,
    `ET18's slot ${slot} holds 0x${(slots[slot] ?? 0).toString(16)}, not the group written`,
  );
});

Then("ET18 is as it was before the write", async function (this: OsgpWorld) {
  expectSameBytes(
    kept(this.state.groups.recorded, "ET18 recorded"),
    (await readGroups(this.client(), await dimensionsOf(this, false))).bytes,
    "ET18",
  );
});

Given("ET18 is recorded", async function (this: OsgpWorld) {
  this.state.groups.recorded = (await readGroups(this.client(), await dimensionsOf(this, false))).bytes;
});
