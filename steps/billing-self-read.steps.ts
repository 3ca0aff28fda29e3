import { Given, Then, When } from "@cucumber/cucumber";
import { BP09, encodeRemoteReset } from "../harness/protocol/procedures/bp09-remote-reset";
import {
  bracketProblems,
  entrySequenceProblems,
  listHeaderMoved,
  listHeaderProblems,
  newEntryProblems,
  stampProblem,
} from "../harness/conformance/billing-checks";
import { readSelfReadEntry, readSelfReadHeader } from "../harness/conformance/billing-reads";
import { expectThat } from "../harness/conformance/checks";
import { nextTimeOfDay, parseTimeOfDay } from "../harness/conformance/billing-times";
import { Inconclusive } from "../harness/conformance/verdicts";
import type { SelfReadHeader } from "../harness/protocol/tables/bt26-self-read-data";
import {
  billingFor,
  deviceNow,
  expectNone,
  readRegisterSnapshot,
  selectionFor,
  setDeviceClock,
  totalOf,
  waitUntilDevice,
} from "./support/billing-context";
import { onceTheDeviceActs } from "./support/device-reaction";
import { run } from "./support/procedure-runs";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/** 8.4.1 self-reads: BT26's list, a self-read on demand (BP09) and the daily one. */
Then("BT26's list header is within BT21's number of self-reads", async function (this: OsgpWorld) {
  const b = await billingFor(this);
  expectNone(
    listHeaderProblems(await readSelfReadHeader(b), b.dims.selfReads, "BT26"),
    "BT26's list header is out of its dimension",
  );
});

Then("BT26's valid entries are numbered down from its last sequence number", async function (this: OsgpWorld) {
  const b = await billingFor(this);
  if (!b.dims.functions2.selfReadSequenceNumber)
    throw new Inconclusive(
      "the device says BT26's entries carry no sequence number (BT21 SELF_READ_SEQ_NBR_FLAG clear), so their numbering cannot be observed",
    );
  const h = await readSelfReadHeader(b);
  const sequences = new Map<number, number | null>();
  for (let e = 0; e < b.dims.selfReads; e++) sequences.set(e, (await readSelfReadEntry(b, e)).sequence);
  expectNone(
    entrySequenceProblems(h, (e) => sequences.get(e) ?? null, b.dims.selfReads, "BT26"),
    "BT26's entries are not numbered in order",
  );
});

Given("BT21 says the device takes a daily self-read at the PIXIT's self-read time", async function (this: OsgpWorld) {
  const b = await billingFor(this);
  if (!b.dims.functions2.dailySelfRead)
    throw new Inconclusive(
      "the device says it takes no daily self-read (BT21 DAILY_SELF_READ_FLAG clear), so the daily self-read cannot be observed",
    );
  if (this.pixit.billing.selfReadTime === null)
    throw new Inconclusive(
      "PIXIT billing.selfReadTime is null, so the time of the daily self-read BT21 announces is unknown",
    );
});

Given("the device clock is set a little before the next daily self-read", async function (this: OsgpWorld) {
  const p = this.pixit.billing;
  const at = nextTimeOfDay(
    await deviceNow(this),
    parseTimeOfDay(p.selfReadTime ?? "00:00:00", "billing.selfReadTime") ?? 0,
  );
  this.state.billing.selfReadAtMs = at;
  await setDeviceClock(this, at - p.leadSeconds * 1000);
});

When("the client reads BT26's list header", async function (this: OsgpWorld) {
  this.state.billing.selfReadHeader = await readSelfReadHeader(await billingFor(this));
});

When("the client runs BP09 to take a self-read", async function (this: OsgpWorld) {
  this.state.billing.selfReadAtMs = await deviceNow(this);
  await run(this, BP09, encodeRemoteReset({ selfRead: true }));
});

When("the self-read time has passed", async function (this: OsgpWorld) {
  await waitUntilDevice(this, kept(this.state.billing.selfReadAtMs, "self-read at"));
});

async function expectNewEntry(world: OsgpWorld, after: SelfReadHeader): Promise<void> {
  const b = await billingFor(world);
  const before = kept(world.state.billing.selfReadHeader, "self-read header");
  const problems = newEntryProblems(before, after, b.dims.selfReads, "BT26");
  if (problems.length === 0) {
    const entry = await readSelfReadEntry(b, after.lastElement);
    const registersAfter = totalOf((await readRegisterSnapshot(world)).reading);
    const registersBefore = totalOf(kept(world.state.billing.registers, "registers").reading);
    if (entry.sequence !== null && entry.sequence !== after.lastSequence)
      problems.push(`the newest entry holds sequence number ${entry.sequence}, the header ${after.lastSequence}`);
    if (b.dims.functions1.dateTime) {
      const stamp = stampProblem(
        entry.endTime,
        kept(world.state.billing.selfReadAtMs, "self-read at"),
        1,
        "the newest entry's time",
      );
      if (stamp !== null) problems.push(stamp);
    }
    problems.push(
      ...bracketProblems(
        entry.data.total,
        registersBefore,
        registersAfter,
        (await selectionFor(world)).summationSources,
        "the newest entry",
      ),
    );
  }
  expectNone(problems, "BT26 does not hold the self-read");
}

Then(
  "BT26 has one more entry, stamped with the device's time, holding the registers of that moment",
  async function (this: OsgpWorld) {
    await expectNewEntry(this, await readSelfReadHeader(await billingFor(this)));
  },
);

Then(
  "BT26 has one more entry, stamped with the self-read time, holding the registers of that moment",
  async function (this: OsgpWorld) {
    const before = kept(this.state.billing.selfReadHeader, "self-read header");
    const after = await onceTheDeviceActs(this, kept(this.state.billing.selfReadAtMs, "self-read at"), async () => {
      const h = await readSelfReadHeader(await billingFor(this));
      expectThat(
        listHeaderMoved(before, h),
        `BT26 holds no new entry: its header still says ${h.validEntries} valid entries, the last numbered ${h.lastSequence} in element ${h.lastElement}`,
      );
      return h;
    });
    await expectNewEntry(this, after);
  },
);
