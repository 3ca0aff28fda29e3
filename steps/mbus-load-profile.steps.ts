import { Then, When } from "@cucumber/cucumber";
import { expectThat, decoded } from "../harness/conformance/checks";
import { dataShape } from "../harness/conformance/load-profile-reader";
import { mbusTypeProblems, pollRateProblems } from "../harness/conformance/mbus-load-profile-checks";
import { readTable } from "../harness/conformance/records-io";
import {
  decodeMbusDataTypes,
  ET57,
  ET57_FIELDS,
  type MbusDataTypes,
} from "../harness/protocol/tables/et57-mbus-data-types";
import { freshLayout, layoutOf, writeKept } from "./support/records-context";
import type { OsgpWorld } from "./world";

/** 8.5.2: the M-Bus channels of the load profile (data set 2) and ET57 (PROVISIONAL layout). */
async function mbusTypes(world: OsgpWorld): Promise<MbusDataTypes> {
  const layout = await layoutOf(world);
  const et57 = await readTable(world.client(), ET57);
  return decoded(decodeMbusDataTypes(et57, layout.actual.sets[1]?.channels ?? 0), "ET57", et57);
}

Then("ET57 describes each M-Bus channel of data set 2 in the format BT62 records it", async function (this: OsgpWorld) {
  const problems = mbusTypeProblems(await mbusTypes(this), dataShape(await layoutOf(this), 2));
  expectThat(problems.length === 0, `ET57 and the load profile disagree:\n${problems.join("\n")}`);
});

Then("ET57's poll rate is data set 2's interval length in BT61", async function (this: OsgpWorld) {
  const problems = pollRateProblems(await mbusTypes(this), (await layoutOf(this)).actual.sets[1]?.intervalMinutes ?? 0);
  expectThat(problems.length === 0, problems.join("\n"));
});

When(
  "the client writes an M-Bus poll rate of {int} minutes to ET57",
  async function (this: OsgpWorld, minutes: number) {
    await writeKept(this, ET57, ET57_FIELDS.pollRateMinutes, Uint8Array.of(minutes));
  },
);

When("the client writes ET57 with its first channel's description changed", async function (this: OsgpWorld) {
  const c = (await mbusTypes(this)).channels[0];
  await writeKept(
    this,
    ET57,
    ET57_FIELDS.channels,
    Uint8Array.of(((c?.device ?? 0) + 1) & 0xff, c?.dif ?? 0, c?.vif ?? 0),
  );
});

Then("BT61 gives data set 2 an interval of {int} minutes", async function (this: OsgpWorld, minutes: number) {
  const now = (await freshLayout(this)).actual.sets[1]?.intervalMinutes;
  expectThat(now === minutes, `BT61 gives data set 2 an interval of ${now} min, expected ${minutes} min`);
});
