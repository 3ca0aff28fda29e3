import { test } from "node:test";
import assert from "node:assert/strict";
import { EVENT_CODES } from "../../harness/protocol/event-codes";
import { LIST } from "../../harness/protocol/procedures/bp04-bp05-list-pointers";
import { BT73 } from "../../harness/protocol/tables/bt72-bt73-history-events";
import { ET57 } from "../../harness/protocol/tables/et57-mbus-data-types";
import { ET72 } from "../../harness/protocol/tables/et72-et73-critical-events";
import { bt00Of, codeOf, meterOf, partialWrite, tableOf } from "./meter-requests";
import {
  alarmsOf,
  blockEndMs,
  dimensionsOf,
  historyOf,
  markRead,
  newestBlock,
  setClock,
  statusOf,
} from "./records-requests";

const MIN = 60_000;

test("the M-Bus data set samples both meters' indexes every hour, on the hour, and they only grow", () => {
  const { meter, ticks } = meterOf();
  assert.deepEqual(tableOf(meter, ET57), Uint8Array.of(60, 1, 0x04, 0x13, 2, 0x04, 0x13));
  setClock(meter, Date.UTC(2025, 0, 15, 19, 59, 57));
  ticks.advance(3000 + 60 * MIN);
  const b = newestBlock(meter, 2);
  assert.equal(statusOf(meter, 2).validIntervals, 2);
  assert.equal(blockEndMs(b), Date.UTC(2025, 0, 15, 21, 0));
  const [first, second] = [b.intervals[0]?.values ?? [], b.intervals[1]?.values ?? []];
  // Gas flows at 180 l/h: one hour later the index is 180 litres on (within the rounding of one litre).
  assert.ok(Math.abs((second[0] ?? 0) - (first[0] ?? 0) - 180) <= 1);
  assert.ok((second[1] ?? 0) > (first[1] ?? 0));
  assert.deepEqual(
    b.endReadings.map((r) => r.reading),
    second,
  );
});

test("a new poll rate is the M-Bus interval length; 0, 7 and a changed channel description are refused", () => {
  const { meter, ticks } = meterOf();
  const before = tableOf(meter, ET57);
  for (const [offset, data] of [
    [0, [0]],
    [0, [7]],
    [1, [9, 4, 19]],
  ] as const) {
    assert.equal(codeOf(meter, partialWrite(ET57, offset, Uint8Array.from(data))), 1);
    assert.deepEqual(tableOf(meter, ET57), before);
  }
  assert.equal(codeOf(meter, partialWrite(ET57, 0, Uint8Array.of(15))), 0);
  assert.equal(dimensionsOf(meter).sets[1]?.intervalMinutes, 15);
  setClock(meter, Date.UTC(2025, 0, 15, 19, 44, 57));
  ticks.advance(3000);
  assert.equal(blockEndMs(newestBlock(meter, 2)), Date.UTC(2025, 0, 15, 19, 45));
});

test("the minimal profile has data set 1 and no M-Bus data set, ET57 or history log", () => {
  const { meter } = meterOf("minimal");
  const c = bt00Of(meter);
  assert.deepEqual(
    [64, 65, 74].map((t) => c.stdTablesUsed[t]),
    [true, false, false],
  );
  assert.deepEqual(
    [21, 57, 66, 72, 73, 75].map((t) => c.mfgTablesUsed[t]),
    [true, false, true, false, true, true],
  );
  assert.equal(dimensionsOf(meter).sets[0]?.channels, 2, "a single-phase meter records active energy both ways");
});

test("a clock set logs event 3 stamped with the old time and event 4 with the new, numbered on from the log's last entry", () => {
  const { meter, ticks } = meterOf();
  ticks.advance(10_000);
  const before = historyOf(meter).header;
  setClock(meter, Date.UTC(2025, 0, 15, 12, 0, 0));
  const { header, entries } = historyOf(meter);
  const s = before.lastEntrySequence;
  assert.deepEqual(
    [header.lastEntryElement, header.lastEntrySequence, header.unreadEntries],
    [(before.lastEntryElement + 2) % 64, s + 2, before.unreadEntries + 2],
  );
  const newest = [entries[(header.lastEntryElement + 63) % 64], entries[header.lastEntryElement]];
  assert.deepEqual(
    newest.map((e) => [e?.code, e?.manufacturer, e?.sequence, e?.time]),
    [
      [3, false, s + 1, { year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 40 }],
      [4, false, s + 2, { year: 2025, month: 1, day: 15, hour: 12, minute: 0, second: 0 }],
    ],
  );
});

test("BT73 decides what is logged; enabling an event BT72 does not list is refused", () => {
  const { meter } = meterOf();
  const byte0 = tableOf(meter, BT73)[0] ?? 0;
  assert.equal(codeOf(meter, partialWrite(BT73, 0, Uint8Array.of(byte0 & ~0x18))), 0);
  const before = historyOf(meter).header.lastEntrySequence;
  setClock(meter, Date.UTC(2025, 0, 15, 12, 0, 0));
  assert.equal(historyOf(meter).header.lastEntrySequence, before);
  assert.equal(codeOf(meter, partialWrite(BT73, 0, Uint8Array.of(0x01))), 1, "event 0 is not one BT72 lists");
  assert.equal(codeOf(meter, partialWrite(BT73, 6, Uint8Array.of(0x02))), 1, "neither is event 49");
});

test("the log keeps its newest 64 entries, counts on, and sets its overflow flag once all are unread", () => {
  const { meter } = meterOf();
  const before = historyOf(meter).header;
  for (let i = 0; i < 70; i++) meter.context.events.post(EVENT_CODES.demandReset);
  const { header } = historyOf(meter);
  const s = before.lastEntrySequence + 70;
  assert.deepEqual(
    [
      header.validEntries,
      header.lastEntrySequence,
      header.lastEntryElement,
      header.unreadEntries,
      header.flags.overflow,
    ],
    [64, s, (s - 1) % 64, 64, 1],
  );
  assert.equal(markRead(meter, LIST.historyLog, 60), 0);
  const after = historyOf(meter).header;
  // BP05 is itself logged (event 15): 4 unread left, plus that one.
  assert.deepEqual([after.unreadEntries, after.flags.overflow, after.lastEntrySequence], [5, 0, s + 1]);
});

test("critical events: ET72's event bits and category bits raise ET73's flag until the log is read", () => {
  const { meter } = meterOf();
  setClock(meter, Date.UTC(2025, 0, 15, 12, 0, 0));
  assert.equal(alarmsOf(meter).flags.criticalEvent, 0, "the starting bitmask does not mark time changes");
  assert.equal(codeOf(meter, partialWrite(ET72, 0, Uint8Array.of(0, 0, 0x10))), 0);
  setClock(meter, Date.UTC(2025, 0, 15, 13, 0, 0));
  const a = alarmsOf(meter);
  assert.deepEqual(
    [a.flags.criticalEvent, a.unreadCritical, a.lastCriticalCode, a.lastCriticalSequence],
    [1, 1, 4, historyOf(meter).header.lastEntrySequence],
  );
  assert.equal(markRead(meter, LIST.historyLog, historyOf(meter).header.unreadEntries), 0);
  assert.equal(alarmsOf(meter).flags.criticalEvent, 0);
  assert.equal(codeOf(meter, partialWrite(ET72, 0, Uint8Array.of(0x02, 0, 0))), 0, "the clock category");
  setClock(meter, Date.UTC(2025, 0, 15, 14, 0, 0));
  assert.equal(alarmsOf(meter).unreadCritical, 2);
  const before = tableOf(meter, ET72);
  assert.equal(codeOf(meter, partialWrite(ET72, 0, Uint8Array.of(0x00, 0x01))), 1, "category 8 names no category");
  assert.equal(codeOf(meter, partialWrite(ET72, 0, Uint8Array.of(0x02))), 1, "half the UINT16 category mask");
  assert.deepEqual(tableOf(meter, ET72), before);
});

test("manufacturer events other functions post are logged with the manufacturer flag and their argument", () => {
  const { meter } = meterOf();
  meter.context.events.post(0x91, { manufacturer: true, argument: Uint8Array.of(1, 2) });
  const { header, entries } = historyOf(meter);
  const e = entries[header.lastEntryElement];
  assert.deepEqual([e?.code, e?.manufacturer, Array.from(e?.argument ?? [])], [0x91, true, [1, 2, 0, 0, 0, 0]]);
});
