import { Given, Then, When } from "@cucumber/cucumber";
import {
  codesNamed,
  expectBytes,
  expectResponseCode,
  expectThat,
  refusalVerdict,
  valueOf,
} from "../harness/conformance/checks";
import { parseUtc, waitDeviceSeconds } from "../harness/conformance/device-clock";
import {
  absolutePed,
  expectLastActivation,
  expectPendingBeforeDelay,
  expectPendingState,
  impossiblePed,
  manualPed,
  recordOf,
  relativeDelayFor,
  relativePed,
} from "../harness/conformance/pending-checks";
import { expectResult } from "../harness/conformance/procedure-calls";
import { pixitList } from "../harness/conformance/control-pixit";
import { ConformanceAssertionError, Inconclusive } from "../harness/conformance/verdicts";
import { encodePendingEvent, PED_SIZE, type PendingEvent } from "../harness/protocol/pending-event";
import { BP12 } from "../harness/protocol/procedures/bp12-activate-all-pending";
import { BP13, encodeSpecificPendingTable } from "../harness/protocol/procedures/bp13-activate-specific-pending";
import { BP14 } from "../harness/protocol/procedures/bp14-clear-all-pending";
import { BP15 } from "../harness/protocol/procedures/bp15-clear-specific-pending";
import { PENDING_BASE, parseTableName, tableName } from "../harness/protocol/table-id";
import { encodeTableRequest } from "../harness/protocol/table-requests";
import { isTableUsed } from "../harness/protocol/tables/bt00-general-configuration";
import { epochMsToLTimeDate } from "../harness/protocol/types/time-types";
import { clearPendingAfterwards, pendingStatus } from "./support/pending-tables";
import { calledProcedure, run } from "./support/procedure-runs";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";
import { now } from "../harness/transport/timers";

/**
 * 6.3 pending tables. The PIXIT names the table (pending.table) whose own content the scenarios
 * write as its pending version, so that activating it changes nothing; BT04 shows the rest.
 * state.pending keeps the table's id and content and BT04 as found.
 */
function pendingTable(world: OsgpWorld): { readonly id: number; readonly content: Uint8Array } {
  const t = world.state.pending.table;
  if (t === undefined) throw new Inconclusive("the pending table was not chosen first");
  return t;
}

function pedWritten(world: OsgpWorld): Uint8Array {
  return kept(world.state.pending.pedWritten, "PED written");
}

/** BT04 is the clause gate's (clause-requirements.ts); the table to write is the lab's choice. */
Given("the PIXIT's pending table is declared and will be left as it was", async function (this: OsgpWorld) {
  const id = parseTableName(this.pixit.pending.table);
  if (!isTableUsed((await this.description()).config, id))
    throw new Inconclusive(
      `PIXIT pending.table names ${tableName(id)}, which BT00 does not declare, so there is no table to write pending versions of`,
    );
  const r = await this.client().readFull(id);
  if (!("data" in r)) throw new Inconclusive(`${tableName(id)} could not be read: code ${r.code}`);
  this.state.pending.table = { id, content: r.data };
  this.state.pending.statusBefore = await pendingStatus(this);
  await clearPendingAfterwards(this, id);
});

async function writePendingContent(
  world: OsgpWorld,
  ped: Uint8Array | PendingEvent,
  offset = 0,
  data?: Uint8Array,
): Promise<void> {
  const { id, content } = pendingTable(world);
  const head = ped instanceof Uint8Array ? ped : encodePendingEvent(ped);
  const body = data ?? content;
  world.state.pending.pedWritten = head;
  const req =
    offset === 0 && data === undefined
      ? { service: "full-write" as const, tableId: PENDING_BASE + id, data: new Uint8Array([...head, ...body]) }
      : {
          service: "partial-write" as const,
          tableId: PENDING_BASE + id,
          offset,
          data: new Uint8Array([...head, ...body]),
        };
  await world.exchangeRaw(encodeTableRequest(req, world.client().codec));
}

When("the client writes the pending table's own content with a PED of code 2", async function (this: OsgpWorld) {
  await writePendingContent(this, manualPed());
});

When(
  "the client writes the pending table's own content with a PED of code 2 asking for a self-read and a demand reset",
  async function (this: OsgpWorld) {
    await writePendingContent(this, manualPed({ selfRead: true, demandReset: true }));
  },
);

/** The delay comes from the link's round trip (a read of the table itself), so that a slow link can see it pending. */
When(
  "the client writes the pending table's own content to take effect after a delay the link leaves time to observe",
  async function (this: OsgpWorld) {
    const { id } = pendingTable(this);
    const readSentAt = now();
    await this.client().readFull(id);
    const delaySeconds = relativeDelayFor(now() - readSentAt, this.pixit.clock.speed);
    this.state.pending.relative = { delaySeconds, writeSentAt: now(), count: this.pixit.pending.activationCount };
    await writePendingContent(this, relativePed(delaySeconds));
  },
);

async function pendingBeforeDelay(world: OsgpWorld, tableId: number): Promise<void> {
  await expectPendingBeforeDelay(
    world.client(),
    (await world.description()).format,
    tableId,
    kept(world.state.pending.relative, "relative PED written"),
    world.pixit.clock.speed,
  );
}

Then("BT04 shows the pending table pending before its delay is out", async function (this: OsgpWorld) {
  await pendingBeforeDelay(this, pendingTable(this).id);
});

Then("BT04 shows {table} pending before its delay is out", async function (this: OsgpWorld, tableId: number) {
  await pendingBeforeDelay(this, tableId);
});

When("the client waits out the delay and 1 device second more", async function (this: OsgpWorld) {
  const { delaySeconds } = kept(this.state.pending.relative, "relative PED written");
  await waitDeviceSeconds(delaySeconds + 1, this.pixit.clock.speed);
  // The delay's end was the boundary a slow link excused (8.2's pending calendar): no longer.
  this.state.tou.boundary = undefined;
});

When(
  "the client writes the pending table's own content to take effect at {string} UTC",
  async function (this: OsgpWorld, at: string) {
    await writePendingContent(this, absolutePed(parseUtc(`${at}:00`)));
  },
);

When("the client writes the pending table's own content with {string}", async function (this: OsgpWorld, kind: string) {
  const kinds = { "a PED in month 13": "month 13", "the empty PED": "empty", "event code 3": "event code 3" } as const;
  const k = kinds[kind as keyof typeof kinds];
  if (k === undefined) throw new Inconclusive(`"${kind}" is not one of: ${Object.keys(kinds).join(", ")}`);
  await writePendingContent(this, impossiblePed(k));
});

When("the client writes {int} bytes to the pending table", async function (this: OsgpWorld, n: number) {
  const { id } = pendingTable(this);
  await this.exchangeRaw(
    encodeTableRequest(
      { service: "full-write", tableId: PENDING_BASE + id, data: encodePendingEvent(manualPed()).subarray(0, n) },
      this.client().codec,
    ),
  );
});

When(
  "the client writes {int} bytes of the pending table's own content at offset {int} with a PED of code 2",
  async function (this: OsgpWorld, n: number, offset: number) {
    const { content } = pendingTable(this);
    await writePendingContent(this, manualPed(), offset, content.subarray(offset, offset + n));
  },
);

async function expectPending(world: OsgpWorld, tableId: number, pending: boolean): Promise<void> {
  expectPendingState(await pendingStatus(world), tableId, pending, world.pixit.pending.activationCount, "reading BT04");
}

Then("BT04 shows the pending table pending", async function (this: OsgpWorld) {
  await expectPending(this, pendingTable(this).id, true);
});

Then("BT04 shows the pending table not pending", async function (this: OsgpWorld) {
  await expectPending(this, pendingTable(this).id, false);
});

Then("BT04 shows {table} pending", async function (this: OsgpWorld, tableId: number) {
  await expectPending(this, tableId, true);
});

Then("BT04 shows {table} not pending", async function (this: OsgpWorld, tableId: number) {
  await expectPending(this, tableId, false);
});

Then("BT04's record for the pending table holds the PED written", async function (this: OsgpWorld) {
  const b = await pendingStatus(this);
  const rec = recordOf(b.status, pendingTable(this).id);
  if (rec === undefined)
    throw new ConformanceAssertionError("BT04 has no still-pending record for the pending table", [
      this.evidence("BT04", b.bytes),
    ]);
  expectBytes(encodePendingEvent(rec.event), pedWritten(this), "the PED of BT04's record", [
    this.evidence("BT04", b.bytes),
  ]);
});

Then("BT04's last activation is {string} UTC", async function (this: OsgpWorld, at: string) {
  expectLastActivation(await pendingStatus(this), epochMsToLTimeDate(parseUtc(`${at}:00`)));
});

Then("BT04's last activation is as before", async function (this: OsgpWorld) {
  const before = kept(this.state.pending.statusBefore, "BT04 as found").status.lastActivation;
  const now = await pendingStatus(this);
  expectThat(
    JSON.stringify(now.status.lastActivation) === JSON.stringify(before),
    "BT04's last activation changed, yet nothing was activated",
    [this.evidence("BT04", now.bytes)],
  );
});

Then(
  "a read of the pending table returns the PED written followed by the table's content",
  async function (this: OsgpWorld) {
    const { id, content } = pendingTable(this);
    const r = await this.client().readFull(PENDING_BASE + id);
    if (!("data" in r)) throw refusalVerdict(r.code, `a full read of ${tableName(PENDING_BASE + id)}`);
    expectBytes(
      r.data,
      new Uint8Array([...pedWritten(this), ...content]),
      `${tableName(PENDING_BASE + id)} read in full`,
      [],
    );
  },
);

Then(
  "a read of {int} bytes of the pending table from offset {int} returns the PED and the table's bytes from that offset",
  async function (this: OsgpWorld, count: number, offset: number) {
    const { id, content } = pendingTable(this);
    const r = await this.client().readPartial(PENDING_BASE + id, offset, count);
    if (!("data" in r))
      throw refusalVerdict(r.code, `a read of ${count} bytes of ${tableName(PENDING_BASE + id)} from offset ${offset}`);
    const expected = new Uint8Array([...pedWritten(this), ...content.subarray(offset, offset + count - PED_SIZE)]);
    expectBytes(
      r.data,
      expected,
      `${count} bytes of ${tableName(PENDING_BASE + id)} at offset ${offset} (6.3: the count includes the PED, the offset is not shifted)`,
      [],
    );
  },
);

When("the client runs {word} for the pending table", async function (this: OsgpWorld, proc: string) {
  const id = { BP13, BP15 }[proc];
  if (id === undefined) throw new Inconclusive(`${proc} takes no table`);
  await run(
    this,
    id,
    encodeSpecificPendingTable({ tableId: pendingTable(this).id }, (await this.description()).format.order),
  );
});

When("the client runs {word} for {table}", async function (this: OsgpWorld, proc: string, tableId: number) {
  const id = { BP13, BP15 }[proc];
  if (id === undefined) throw new Inconclusive(`${proc} takes no table`);
  await run(this, id, encodeSpecificPendingTable({ tableId }, (await this.description()).format.order));
});

When("the client runs {word} without parameters", async function (this: OsgpWorld, proc: string) {
  const id = { BP12, BP14 }[proc];
  if (id === undefined) throw new Inconclusive(`${proc} is not BP12 or BP14`);
  await run(this, id, new Uint8Array(0));
});

Then("the procedure result is one of those of PIXIT item {pixitList}", function (this: OsgpWorld, path: string) {
  expectResult(
    valueOf(this.procedure, "procedure outcome"),
    calledProcedure(this),
    pixitList(this.pixit, path),
    (l, b) => this.evidence(l, b),
  );
});

Then("the response code is one of those of PIXIT item {pixitList}", function (this: OsgpWorld, path: string) {
  const x = valueOf(this.exchange, "response");
  expectResponseCode(
    x.response[0] ?? -1,
    codesNamed(pixitList(this.pixit, path), path),
    `response code (PIXIT ${path})`,
    this.exchangeEvidence(x),
  );
});

Then("BT04 has as many records as BT00's number of pending tables, at least one", async function (this: OsgpWorld) {
  const config = (await this.description()).config;
  const b = await pendingStatus(this);
  expectThat(
    config.nbrPending >= 1,
    "BT00 says the device holds no pending table (byte 18 is 0), yet it declares BT04",
    [this.evidence("BT04", b.bytes)],
  );
  expectThat(b.status.records.length === config.nbrPending, `BT04 decodes with ${b.status.records.length} records`);
});
