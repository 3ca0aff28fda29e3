import { Given, Then, When } from "@cucumber/cucumber";
import { ByteWriter } from "../harness/bytes/cursor";
import { expectBytes, expectThat, decoded } from "../harness/conformance/checks";
import { flagOf } from "../harness/conformance/load-profile-config";
import { criticalCountProblem, markedCritical, TIME_CHANGE_CODES } from "../harness/conformance/history-log-checks";
import { readEventsIdentification, readHistoryHeader } from "../harness/conformance/history-log-reader";
import { bytesEvidence, readTable, writeTablePart } from "../harness/conformance/records-io";
import { Inconclusive } from "../harness/conformance/verdicts";
import { EVENT_CATEGORY, type EventCategoryName } from "../harness/protocol/event-categories";
import { BP05, encodeUpdateLastReadEntry } from "../harness/protocol/procedures/bp04-bp05-list-pointers";
import { parseTableName } from "../harness/protocol/table-id";
import {
  decodeRecordsAlarms,
  encodeCriticalEventMasks,
  ET72,
  ET73,
  type CriticalEventMasks,
} from "../harness/protocol/tables/et72-et73-critical-events";
import { addedEntries, historyLayoutOf, writeKept } from "./support/records-context";
import { kept } from "./support/scenario-state";
import { runCompleted } from "./support/procedure-runs";
import type { OsgpWorld } from "./world";

/**
 * 8.12.1 critical events: ET72's bitmasks (PROVISIONAL layout) decide which logged events raise
 * the critical-event flag (PIXIT records.criticalFlag; ET73 on the reference meter) until the
 * head end marks the history log read (BP05, list PIXIT records.historyList).
 */
async function writeMasks(world: OsgpWorld, masks: Omit<CriticalEventMasks, "mfgEvents">): Promise<void> {
  const l = await historyLayoutOf(world);
  const written = { ...masks, mfgEvents: [] };
  await writeTablePart(
    world.client(),
    ET72,
    0,
    encodeCriticalEventMasks(written, l.order, l.dims.stdEventBytes, l.dims.mfgEventBytes),
  );
  world.state.records.criticalMasks = written;
}

function only(codes: readonly number[]): boolean[] {
  const out: boolean[] = [];
  for (const c of codes) out[c] = true;
  return Array.from(out, (x) => x === true);
}

Given("ET72 marks as critical only the time-change events", async function (this: OsgpWorld) {
  const supported = (await readEventsIdentification(this.client(), await historyLayoutOf(this))).stdEvents;
  await writeMasks(this, { categories: 0, stdEvents: only(TIME_CHANGE_CODES.filter((c) => supported[c] === true)) });
});

Given("ET72 marks no event critical", async function (this: OsgpWorld) {
  await writeMasks(this, { categories: 0, stdEvents: [] });
});

/** Marking an event the device does not log would be refused (8.12.1.2), and could raise nothing. */
Given("BT72 lists event {int}", async function (this: OsgpWorld, code: number) {
  const supported = (await readEventsIdentification(this.client(), await historyLayoutOf(this))).stdEvents;
  if (supported[code] !== true)
    throw new Inconclusive(
      `BT72 does not list event ${code}: the device does not log it, so the example leaves nothing to observe`,
    );
});

Given("ET72 marks as critical only event {int}", async function (this: OsgpWorld, code: number) {
  await writeMasks(this, { categories: 0, stdEvents: only([code]) });
});

Given("ET72 marks as critical only the {word} category", async function (this: OsgpWorld, name: string) {
  const bit = EVENT_CATEGORY[name as EventCategoryName];
  if (bit === undefined) throw new Inconclusive(`"${name}" is not a category of event-categories.ts`);
  await writeMasks(this, { categories: 1 << bit, stdEvents: [] });
});

Then(
  "ET72 reads back as two zero category bytes, then event byte 0 with only bit {int} set, then zeros",
  async function (this: OsgpWorld, bit: number) {
    const l = await historyLayoutOf(this);
    const expected = new Uint8Array(2 + l.dims.stdEventBytes + l.dims.mfgEventBytes);
    expected[2] = 1 << bit;
    const now = await readTable(this.client(), ET72);
    expectBytes(now, expected, "ET72 after marking one event critical", [
      bytesEvidence("ET72", now),
      bytesEvidence("expected", expected),
    ]);
  },
);

Given("the history log's unread entries are marked read", async function (this: OsgpWorld) {
  const l = await historyLayoutOf(this);
  const unread = (await readHistoryHeader(this.client(), l)).unreadEntries;
  if (unread > 0)
    await runCompleted(
      this,
      BP05,
      encodeUpdateLastReadEntry({ list: this.pixit.records.historyList, entriesRead: unread }, l.order),
    );
});

Then("the critical-event flag is {word}", async function (this: OsgpWorld, state: string) {
  const place = this.pixit.records.criticalFlag;
  const image = await readTable(this.client(), parseTableName(place.table));
  const on = flagOf(image, place);
  expectThat(
    on === (state === "raised"),
    `the critical-event flag (${place.table} byte ${place.byte} bit ${place.bit}) is ${on ? "raised" : "off"}, expected ${state}`,
    [bytesEvidence(place.table, image)],
  );
});

/**
 * What the clock change logged decides what must be critical: 8.12 lets a device log event 3 or 5
 * and 4 or 6, in either order, and judges that itself; here only what ET72 makes of them counts.
 */
When(
  "the client reads the entries BT74 logged since, and which of them ET72 marks critical",
  async function (this: OsgpWorld) {
    const masks = kept(this.state.records.criticalMasks, "ET72 as written");
    const added = (await addedEntries(this)).added.map((n) => n.entry);
    const critical = markedCritical(masks, added);
    if (critical.length === 0)
      throw new Inconclusive(
        `BT74 logged event(s) ${added.map((e) => e.code).join(", ") || "none"} since its header was read, none of which ET72 marks critical: nothing to observe (clause 8.12 judges what a clock change logs)`,
      );
    this.state.records.criticalLogged = critical;
  },
);

Then("ET73 counts those critical entries as unread, the last of them last", async function (this: OsgpWorld) {
  const l = await historyLayoutOf(this);
  const et73 = await readTable(this.client(), ET73);
  const critical = kept(this.state.records.criticalLogged, "critical entries logged");
  const alarms = decoded(decodeRecordsAlarms(et73, l.order), "ET73", et73);
  const problem = criticalCountProblem(alarms, critical);
  expectThat(problem === null, problem ?? "", [bytesEvidence("ET73", et73)]);
});

When("the client writes ET72 marking as critical an event BT72 does not list", async function (this: OsgpWorld) {
  const supported = (await readEventsIdentification(this.client(), await historyLayoutOf(this))).stdEvents;
  const code = supported.findIndex((on) => !on);
  if (code < 0) throw new Inconclusive("BT72 lists every standard event its bitmap can hold");
  await writeKept(this, ET72, 2 + (code >> 3), Uint8Array.of(1 << (code & 7)));
});

When("the client writes ET72 with a category bit that names no category", async function (this: OsgpWorld) {
  const used = new Set<number>(Object.values(EVENT_CATEGORY));
  const bit = Array.from({ length: 16 }, (_, i) => i).find((i) => !used.has(i));
  if (bit === undefined) throw new Inconclusive("every category bit names a category");
  const order = (await historyLayoutOf(this)).order;
  await writeKept(this, ET72, 0, new ByteWriter("ET72").uint(1 << bit, 2, order, "categories").toBytes());
});
