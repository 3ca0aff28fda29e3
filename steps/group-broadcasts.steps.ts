import { Given, Then, When } from "@cucumber/cucumber";
import { expectThat } from "../harness/conformance/checks";
import { freeSlot, groupNotIn, readGroups } from "../harness/conformance/group-broadcast-checks";
import { expectSameBytes } from "../harness/conformance/mbus-checks";
import { NOT_APPLICABLE, Inconclusive } from "../harness/conformance/verdicts";
import { describeResponseCode } from "../harness/protocol/response-codes";
import { ET18 } from "../harness/protocol/tables/et18-group-membership";
import { ALL_METERS_GROUP } from "../harness/protocol/tables/et31-one-time-read-log";
import { dimensionsOf, writeTable } from "./mbus-context";
import type { OsgpWorld } from "./world";

/** 8.14 group broadcasts: the meter's groups (ET18) and requests addressed to a group. */
Given("ET18 will be restored after the scenario", async function (this: OsgpWorld) {
  const { bytes } = await readGroups(this.client(), await dimensionsOf(this, false));
  this.saved.set("ET18 before", bytes);
  this.cleanups.push({
    what: "restore ET18",
    run: async (s) => {
      const w = await s.writePartial(ET18, 0, bytes);
      if (w.code !== 0) throw new Inconclusive(`restoring ET18 was answered ${describeResponseCode(w.code)}`);
    },
  });
});

async function writeSlot(world: OsgpWorld, group: number): Promise<typeof NOT_APPLICABLE | undefined> {
  const { slots } = await readGroups(world.client(), await dimensionsOf(world, false));
  const slot = freeSlot(slots);
  if (slot === null) {
    await world.attach("not applicable: every slot of ET18 holds a group");
    return NOT_APPLICABLE;
  }
  world.saved.set("group slot", slot);
  await writeTable(world, ET18, 2 * slot, Uint8Array.of(group & 0xff, group >> 8));
  return undefined;
}

Given("the meter is made a member of a group it was not in", async function (this: OsgpWorld) {
  const { slots } = await readGroups(this.client(), await dimensionsOf(this, false));
  const group = groupNotIn(slots);
  this.saved.set("group", group);
  const na = await writeSlot(this, group);
  if (na !== undefined) return na;
  const w = this.saved.get("area write") as { code: number };
  if (w.code !== 0) throw new Inconclusive(`the meter could not be made a member of the group: writing group 0x${group.toString(16)} into ET18 was answered ${describeResponseCode(w.code)}`);
  return undefined;
});

Given("a group the meter is not in is chosen", async function (this: OsgpWorld) {
  this.saved.set("group", groupNotIn((await readGroups(this.client(), await dimensionsOf(this, false))).slots));
});

When("the client writes a group the meter is not in into a free slot of ET18", async function (this: OsgpWorld) {
  const group = groupNotIn((await readGroups(this.client(), await dimensionsOf(this, false))).slots);
  this.saved.set("group", group);
  return writeSlot(this, group);
});

When("the client writes the all-meters group into a free slot of ET18", async function (this: OsgpWorld) {
  return writeSlot(this, ALL_METERS_GROUP);
});

When("the client writes that group into another free slot of ET18", async function (this: OsgpWorld) {
  return writeSlot(this, this.saved.get("group") as number);
});

Then("ET18 holds that group in that slot", async function (this: OsgpWorld) {
  const { slots } = await readGroups(this.client(), await dimensionsOf(this, false));
  const slot = this.saved.get("group slot") as number;
  expectThat(slots[slot] === this.saved.get("group"), `ET18's slot ${slot} holds 0x${(slots[slot] ?? 0).toString(16)}, not the group written`);
});

Then("ET18 is as it was before the write", async function (this: OsgpWorld) {
  expectSameBytes(this.saved.get("ET18 recorded") as Uint8Array, (await readGroups(this.client(), await dimensionsOf(this, false))).bytes, "ET18");
});

Given("ET18 is recorded", async function (this: OsgpWorld) {
  this.saved.set("ET18 recorded", (await readGroups(this.client(), await dimensionsOf(this, false))).bytes);
});
