import { Given, Then, When } from "@cucumber/cucumber";
import { expectThat, decoded } from "../harness/conformance/checks";
import { carriedForward, readDeviceClock } from "../harness/conformance/device-clock";
import {
  expectNumberedOn,
  expectTimeChangeLogged,
  isTimeChange,
  logDimensionProblems,
  TIME_CHANGE_CODES,
} from "../harness/conformance/history-log-checks";
import { readEventsIdentification, readHistoryHeader } from "../harness/conformance/history-log-reader";
import { readTable, writeTablePart } from "../harness/conformance/records-io";
import { Inconclusive } from "../harness/conformance/verdicts";
import { BT70, decodeLogDimensions } from "../harness/protocol/tables/bt70-bt71-log-dimensions";
import { BT73, stdEventBit } from "../harness/protocol/tables/bt72-bt73-history-events";
import { addedEntries, historyLayoutOf, writeKept } from "./support/records-context";
import type { OsgpWorld } from "./world";

/**
 * 8.12 history log: BT70-BT74 agree, clock changes are logged with their times and numbered on,
 * BT73 decides what is logged. BT73 is saved by the Background and written back afterwards.
 */
/**
 * Sets or clears BT73's bits of the time-change events BT72 lists. When it lists none there is
 * nothing to clear, but nothing to set either: a scenario that needs them logged cannot decide.
 */
async function monitorTimeChanges(world: OsgpWorld, on: boolean): Promise<void> {
  const layout = await historyLayoutOf(world);
  const supported = (await readEventsIdentification(world.client(), layout)).stdEvents;
  const codes = TIME_CHANGE_CODES.filter((c) => supported[c] === true);
  if (codes.length === 0 && !on) return;
  if (codes.length === 0)
    throw new Inconclusive(
      "the device says its history log takes none of the time-change events (BT72 lists none of 3-6), so the scenario's clock change leaves nothing to observe",
    );
  const bt73 = await readTable(world.client(), BT73);
  const byte = stdEventBit(codes[0] as number).offset;
  let value = bt73[byte] ?? 0;
  for (const c of codes) value = on ? value | stdEventBit(c).mask : value & ~stdEventBit(c).mask;
  await writeTablePart(world.client(), BT73, byte, Uint8Array.of(value));
}

Given("the history log records time changes", async function (this: OsgpWorld) {
  return monitorTimeChanges(this, true);
});

Given("the history log does not record time changes", async function (this: OsgpWorld) {
  return monitorTimeChanges(this, false);
});

Given("BT74's header is read", async function (this: OsgpWorld) {
  this.state.records.historyBefore = await readHistoryHeader(this.client(), await historyLayoutOf(this));
});

Then("BT70, BT71 and BT74's header agree", async function (this: OsgpWorld) {
  const layout = await historyLayoutOf(this);
  const bt70 = await readTable(this.client(), BT70);
  const limits = decoded(decodeLogDimensions(bt70, layout.order), "BT70", bt70);
  const problems = logDimensionProblems(limits, layout.dims, await readHistoryHeader(this.client(), layout));
  expectThat(problems.length === 0, `the history-log tables disagree:\n${problems.join("\n")}`);
});

Given("the device clock is read for the time change's old time", async function (this: OsgpWorld) {
  this.state.clock.before = await readDeviceClock(this.client(), "the old time the time change's entry should hold");
});

Then("BT74 holds the time change, stamped with the old and the new time", async function (this: OsgpWorld) {
  const { before: clock, expected: set } = this.state.clock;
  if (clock === undefined || set === undefined)
    throw new Inconclusive("the clock was not read and set before this step");
  const { added } = await addedEntries(this);
  expectTimeChangeLogged(
    added.map((n) => n.entry),
    carriedForward(clock.epochMs, clock.at, set.at, this.pixit.clock.speed),
    set.epochMs,
    this.pixit.clock.toleranceSeconds,
  );
});

Then("BT74's new entries are numbered on from before, one by one", async function (this: OsgpWorld) {
  const { before, added } = await addedEntries(this);
  expectThat(added.length > 0, "the clock was set, but BT74's LAST_ENTRY_SEQ_NBR did not move");
  expectNumberedOn(before, added);
});

Then("BT74 holds no new time-change entry", async function (this: OsgpWorld) {
  const { added } = await addedEntries(this);
  const logged = added.filter((n) => isTimeChange(n.entry));
  expectThat(
    logged.length === 0,
    `BT73 does not enable time changes, yet BT74 logged event(s) ${logged.map((n) => n.entry.code).join(", ")}`,
  );
});

When("the client enables in BT73 an event that BT72 does not list", async function (this: OsgpWorld) {
  const layout = await historyLayoutOf(this);
  const supported = (await readEventsIdentification(this.client(), layout)).stdEvents;
  const code = supported.findIndex((on) => !on);
  if (code < 0) throw new Inconclusive("BT72 lists every standard event its bitmap can hold");
  const bt73 = await readTable(this.client(), BT73);
  const bit = stdEventBit(code);
  await writeKept(this, BT73, bit.offset, Uint8Array.of((bt73[bit.offset] ?? 0) | bit.mask));
});
