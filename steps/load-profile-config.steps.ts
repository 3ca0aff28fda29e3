import { Given, Then, When } from "@cucumber/cucumber";
import { expectBytes, expectThat, decoded } from "../harness/conformance/checks";
import {
  anotherIntervalLength,
  blocksToAcknowledge,
  expectChangeLogged,
  expectConfigurationConsistent,
  flagOf,
  unlistedSource,
} from "../harness/conformance/load-profile-config";
import { readLoadProfileStatus, setStatus } from "../harness/conformance/load-profile-reader";
import { bytesEvidence, readTable } from "../harness/conformance/records-io";
import { Inconclusive } from "../harness/conformance/verdicts";
import {
  BP05,
  encodeUpdateLastReadEntry,
  loadProfileList,
} from "../harness/protocol/procedures/bp04-bp05-list-pointers";
import { parseTableName } from "../harness/protocol/table-id";
import {
  decodeLoadProfileConfiguration,
  encodeLoadProfileConfiguration,
  ET21,
  ET21_FIELDS,
  type LoadProfileConfiguration,
} from "../harness/protocol/tables/et21-load-profile-configuration";
import { decodeLoadProfileSources, ET66 } from "../harness/protocol/tables/et66-load-profile-sources";
import { decodeChannelChangeLog, ET75 } from "../harness/protocol/tables/et75-channel-change-log";
import {
  expectWriteAccepted,
  expectWriteRefused,
  freshLayout,
  layoutOf,
  saveForRestore,
  savedTable,
  writeKept,
} from "./support/records-context";
import { runCompleted } from "./support/procedure-runs";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/**
 * 8.5 configuration (ET21, ET66, ET75) and 8.5.3 (the unread-entries alarm). ET21 is saved by the
 * Background and written back after each scenario; a scenario that changes the interval length
 * restarts data set 1, as any reconfiguration of a meter does.
 */
async function configuration(world: OsgpWorld): Promise<LoadProfileConfiguration> {
  const layout = await layoutOf(world);
  const et21 = await readTable(world.client(), ET21);
  return decoded(
    decodeLoadProfileConfiguration(et21, layout.order, layout.actual.sets[0]?.channels ?? 0),
    "ET21",
    et21,
  );
}

async function unreadBlocks(world: OsgpWorld): Promise<number> {
  const layout = await layoutOf(world);
  return setStatus(await readLoadProfileStatus(world.client(), layout), 1).unreadBlocks;
}

async function writeConfiguration(world: OsgpWorld, c: LoadProfileConfiguration): Promise<void> {
  await writeKept(world, ET21, 0, encodeLoadProfileConfiguration(c, (await layoutOf(world)).order));
}

/** Literal per table (no {table} parameter) so that no other area's step text can collide with these. */
for (const name of ["ET21", "ET57", "BT73", "ET72"]) {
  Given(`${name} is saved and will be restored after the scenario`, async function (this: OsgpWorld) {
    await saveForRestore(this, parseTableName(name));
  });
  Then(`${name} reads back as saved before the refused write`, async function (this: OsgpWorld) {
    const tableId = parseTableName(name);
    const now = await readTable(this.client(), tableId);
    expectBytes(now, savedTable(this, tableId), `${name} after a refused write`, [
      bytesEvidence("saved", savedTable(this, tableId)),
      bytesEvidence("now", now),
    ]);
  });
}

Then("ET21 gives BT61's interval length and names sources that ET66 lists", async function (this: OsgpWorld) {
  const layout = await layoutOf(this);
  const et66 = await readTable(this.client(), ET66);
  expectConfigurationConsistent(
    await configuration(this),
    decoded(decodeLoadProfileSources(et66), "ET66", et66),
    layout.actual.sets[0]?.intervalMinutes ?? 0,
  );
});

When(
  "the client writes an interval length of {int} minutes to ET21",
  async function (this: OsgpWorld, minutes: number) {
    await writeKept(this, ET21, ET21_FIELDS.intervalMinutes, Uint8Array.of(minutes));
  },
);

When("the client writes one byte of ET21's two-byte alarm threshold", async function (this: OsgpWorld) {
  await writeKept(this, ET21, ET21_FIELDS.unreadAlarmThreshold, Uint8Array.of(1));
});

When("the client writes a channel source that ET66 does not list to ET21", async function (this: OsgpWorld) {
  const et66 = await readTable(this.client(), ET66);
  const id = unlistedSource(decoded(decodeLoadProfileSources(et66), "ET66", et66));
  if (id === null) throw new Inconclusive("ET66 lists every source id 0..255");
  await writeKept(this, ET21, ET21_FIELDS.sources, Uint8Array.of(id));
});

When(
  "the client writes an unread alarm threshold above data set 1's number of blocks",
  async function (this: OsgpWorld) {
    const c = await configuration(this);
    await writeConfiguration(this, {
      ...c,
      unreadAlarmThreshold: ((await layoutOf(this)).actual.sets[0]?.blocks ?? 0) + 1,
    });
  },
);

Then("the device refuses the write with one of the PIXIT's refused-write codes", function (this: OsgpWorld) {
  expectWriteRefused(this);
});

When("the client changes data set 1's interval length in ET21", async function (this: OsgpWorld) {
  const before = await configuration(this);
  const after = { ...before, intervalMinutes: anotherIntervalLength(before.intervalMinutes) };
  this.state.records.intervalChange = { before, after };
  await writeConfiguration(this, after);
});

Then("BT61 gives the new interval length", async function (this: OsgpWorld) {
  const { after } = kept(this.state.records.intervalChange, "interval length change");
  const minutes = (await freshLayout(this)).actual.sets[0]?.intervalMinutes;
  expectThat(
    minutes === after.intervalMinutes,
    `BT61 gives data set 1 an interval of ${minutes} min after ET21 was set to ${after.intervalMinutes} min`,
  );
});

Then("ET75's newest entry records that change", async function (this: OsgpWorld) {
  const { before, after } = kept(this.state.records.intervalChange, "interval length change");
  const layout = await layoutOf(this);
  const et75 = await readTable(this.client(), ET75);
  expectChangeLogged(
    decoded(decodeChannelChangeLog(et75, layout.order, before.sources.length), "ET75", et75),
    before,
    after,
  );
});

Given("data set 1 has room for two more unread blocks", async function (this: OsgpWorld) {
  const blocks = (await layoutOf(this)).actual.sets[0]?.blocks ?? 0;
  const n = blocksToAcknowledge(await unreadBlocks(this), blocks, 2);
  if (n === 0) return;
  await this.attach(`data set 1 had too many unread blocks to see the count grow: BP05 marked the oldest ${n} read`);
  await runCompleted(
    this,
    BP05,
    encodeUpdateLastReadEntry({ list: loadProfileList(1), entriesRead: n }, (await layoutOf(this)).order),
  );
});

When("the client sets the unread alarm threshold one above BT63's unread count", async function (this: OsgpWorld) {
  const unread = await unreadBlocks(this);
  this.state.records.unreadBefore = unread;
  await writeConfiguration(this, { ...(await configuration(this)), unreadAlarmThreshold: unread + 1 });
});

Then("BT63 counts more unread blocks than before", async function (this: OsgpWorld) {
  const before = kept(this.state.records.unreadBefore, "unread count before");
  const now = await unreadBlocks(this);
  if (now === before)
    throw new Inconclusive(`BT63 still counts ${now} unread block(s): no new block began while the scenario waited`);
  expectThat(
    now > before,
    `BT63 counts ${now} unread block(s), fewer than the ${before} before, though nothing was marked read`,
  );
  this.state.records.unreadAfter = now;
});

When("the client marks the blocks added since read with BP05", async function (this: OsgpWorld) {
  const added =
    kept(this.state.records.unreadAfter, "unread count after") -
    kept(this.state.records.unreadBefore, "unread count before");
  await runCompleted(
    this,
    BP05,
    encodeUpdateLastReadEntry({ list: loadProfileList(1), entriesRead: added }, (await layoutOf(this)).order),
  );
});

Then("BT63's unread count is back to what it was", async function (this: OsgpWorld) {
  const before = kept(this.state.records.unreadBefore, "unread count before");
  const now = await unreadBlocks(this);
  expectThat(
    now === before,
    `after BP05 marked the new blocks read, BT63 counts ${now} unread block(s), expected ${before}`,
  );
});

Then("the load-profile unread-entries alarm is {word}", async function (this: OsgpWorld, state: string) {
  const place = this.pixit.records.unreadAlarmFlag;
  const image = await readTable(this.client(), parseTableName(place.table));
  const on = flagOf(image, place);
  expectThat(
    on === (state === "raised"),
    `the unread-entries alarm (${place.table} byte ${place.byte} bit ${place.bit}) is ${on ? "raised" : "off"}, expected ${state}`,
    [bytesEvidence(place.table, image)],
  );
});

Then("the device accepts the write", function (this: OsgpWorld) {
  expectWriteAccepted(this);
});
