import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { PROCEDURE_RESULT } from "../../harness/protocol/procedures/procedure-result-codes";
import { BP12 } from "../../harness/protocol/procedures/bp12-activate-all-pending";
import { BP13, encodeSpecificPendingTable } from "../../harness/protocol/procedures/bp13-activate-specific-pending";
import { BP14 } from "../../harness/protocol/procedures/bp14-clear-all-pending";
import { BP15 } from "../../harness/protocol/procedures/bp15-clear-specific-pending";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { BT54 } from "../../harness/protocol/tables/bt54-calendar";
import { ET47 } from "../../harness/protocol/tables/et47-calendar-override";
import { bt00Of, bt08Of, dataOf, initiate, meterOf, partialRead, START_MS, tableOf } from "./meter-requests";
import { bt04Of, isPendingIn, manual, writePending } from "./calendar-requests";

const { ok, onp } = RESPONSE_CODE;
const specific = (tableId: number) => encodeSpecificPendingTable({ tableId }, "le");

test("BT00 counts the pending tables (BT54, ET47); BT04 has a record for each", () => {
  const { meter } = meterOf();
  assert.equal(bt00Of(meter).nbrPending, 2);
  assert.equal(bt04Of(meter).records.length, 2);
  assert.equal(bt00Of(meterOf("minimal").meter).nbrPending, 0);
  // BT04 = 10 + 13 bitmap bytes, STIME_DATE, count, 2 records of 8 bytes.
  assert.equal(tableOf(meter, 4).length, 10 + 13 + 5 + 1 + 16);
});

test("a code-2 pending write waits: BT04 marks it, the pending id reads PED + content, offsets are not shifted", () => {
  const { meter } = meterOf();
  const content = tableOf(meter, BT54);
  // ANSI_DATE 2026-12-26 (26 | 12<<7 | 26<<11 = 0xd61a) at offset 2, the first non-recurring date.
  assert.equal(writePending(meter, BT54, manual, parseHex("1a d6"), 2), ok);
  const s = bt04Of(meter);
  assert.deepEqual([s.standardPending[54], s.pendingActivations, isPendingIn(s, BT54)], [true, 1, true]);
  assert.deepEqual(tableOf(meter, BT54), content, "nothing changes before activation");
  assert.deepEqual(dataOf(meter, partialRead(4150, 2, 8)), parseHex("02 01 02 03 04 05 1a d6"));
  const expected = content.slice();
  expected.set([0x1a, 0xd6], 2);
  assert.deepEqual(tableOf(meter, 4150), new Uint8Array([...parseHex("02 01 02 03 04 05"), ...expected]));
  assert.equal(initiate(meter, BP13, 7, specific(BT54)), ok);
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT.completed);
  assert.deepEqual(tableOf(meter, BT54), expected);
  assert.deepEqual([isPendingIn(bt04Of(meter), BT54), bt04Of(meter).pendingActivations], [false, 0]);
  const events = meter.context.events.all().filter((e) => e.code === 28);
  assert.deepEqual(
    events.map((e) => [...e.argument]),
    [[54, 0]],
    "event 28 names BT54",
  );
});

test("a relative PED activates exactly after its delay, counted in time that passes, not in clock jumps", () => {
  const { meter, ticks } = meterOf();
  assert.equal(
    writePending(
      meter,
      BT54,
      { ...manual, trigger: { kind: "relative", delay: { weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 3 } } },
      tableOf(meter, BT54),
    ),
    ok,
  );
  ticks.advance(2999);
  assert.equal(isPendingIn(bt04Of(meter), BT54), true);
  ticks.advance(1);
  assert.equal(isPendingIn(bt04Of(meter), BT54), false);

  assert.equal(
    writePending(
      meter,
      BT54,
      { ...manual, trigger: { kind: "relative", delay: { weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 10 } } },
      tableOf(meter, BT54),
    ),
    ok,
  );
  meter.clock.adjust(86_400_000);
  assert.equal(isPendingIn(bt04Of(meter), BT54), true, "a clock set a day ahead does not activate a 10 s delay");
  ticks.advance(10_000);
  assert.equal(isPendingIn(bt04Of(meter), BT54), false);
});

test("an absolute PED activates at its UTC minute; BT04 records that minute; a time set past it activates too", () => {
  const { meter, ticks } = meterOf();
  // The clock starts at 2024-02-29 23:59:30 UTC; the PED says 2024-03-01 00:00.
  const at = { kind: "absolute" as const, at: { year: 2024, month: 3, day: 1, hour: 0, minute: 0 } };
  assert.equal(writePending(meter, BT54, { ...manual, trigger: at }, tableOf(meter, BT54)), ok);
  ticks.advance(29_999);
  assert.equal(isPendingIn(bt04Of(meter), BT54), true);
  ticks.advance(1);
  const s = bt04Of(meter);
  assert.deepEqual(
    [isPendingIn(s, BT54), s.lastActivation],
    [false, { year: 2024, month: 3, day: 1, hour: 0, minute: 0 }],
  );

  const later = { kind: "absolute" as const, at: { year: 2024, month: 6, day: 1, hour: 0, minute: 0 } };
  assert.equal(writePending(meter, BT54, { ...manual, trigger: later }, tableOf(meter, BT54)), ok);
  meter.clock.set(Date.UTC(2024, 5, 1, 0, 0, 30));
  assert.equal(isPendingIn(bt04Of(meter), BT54), false);
});

test("a PED whose time has passed activates at once", () => {
  const { meter } = meterOf();
  assert.ok(START_MS > Date.UTC(2020, 0, 1));
  assert.equal(
    writePending(
      meter,
      BT54,
      { ...manual, trigger: { kind: "absolute", at: { year: 2020, month: 1, day: 1, hour: 0, minute: 0 } } },
      tableOf(meter, BT54),
    ),
    ok,
  );
  assert.equal(isPendingIn(bt04Of(meter), BT54), false);
  assert.deepEqual(bt04Of(meter).lastActivation, { year: 2020, month: 1, day: 1, hour: 0, minute: 0 });
});

test("impossible PEDs, a write shorter than a PED and content the table refuses are answered onp and leave nothing pending", () => {
  const { meter } = meterOf();
  const content = tableOf(meter, BT54);
  assert.equal(writePending(meter, BT54, parseHex("00 19 0d 01 0c 00"), content), onp, "month 13");
  assert.equal(writePending(meter, BT54, new Uint8Array(6), content), onp, "the empty PED");
  assert.equal(writePending(meter, BT54, parseHex("03 00 00 00 00 00"), content), onp, "event code 3");
  assert.equal(writePending(meter, BT54, parseHex("02 00 00 00"), new Uint8Array(0)), onp, "4 bytes, not a whole PED");
  // The first tier switch (offset 2 + 4*3 + 8*3 = 38) at 25:00: 0 | 0<<5 | 25<<11 = 0xc800.
  assert.equal(writePending(meter, BT54, manual, parseHex("00 c8"), 38), onp, "a calendar the meter refuses");
  const s = bt04Of(meter);
  assert.deepEqual(
    [s.pendingActivations, s.records.every((r) => !r.stillPending), s.standardPending[54]],
    [0, true, false],
  );
});

test("BP12 activates every pending table, BP14 drops every one; BP13/BP15 naming nothing pending is an invalid parameter", () => {
  const { meter } = meterOf();
  const override = tableOf(meter, ET47).subarray(1, 8);
  for (const proc of [BP12, BP14]) {
    assert.equal(writePending(meter, BT54, manual, tableOf(meter, BT54)), ok);
    assert.equal(writePending(meter, ET47, manual, override, 1), ok);
    assert.equal(bt04Of(meter).pendingActivations, 2);
    const last = bt04Of(meter).lastActivation;
    assert.equal(initiate(meter, proc, proc, new Uint8Array(0)), ok);
    assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT.completed);
    const s = bt04Of(meter);
    assert.deepEqual([s.pendingActivations, isPendingIn(s, BT54), isPendingIn(s, ET47)], [0, false, false]);
    if (proc === BP14) assert.deepEqual(s.lastActivation, last, "BP14 activates nothing");
  }
  assert.deepEqual(
    meter.context.events.all().filter((e) => e.code === 29).length,
    2,
    "event 29 for each table dropped",
  );
  assert.equal(initiate(meter, BP13, 20, specific(BT54)), ok);
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT["invalid-parameter"]);
  assert.equal(initiate(meter, BP15, 21, specific(1)), ok);
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT["invalid-parameter"]);
  assert.equal(initiate(meter, BP13, 22, parseHex("36 00 00")), ok);
  assert.equal(bt08Of(meter).resultCode, PROCEDURE_RESULT["invalid-parameter"]);
});

test("a PED's self-read and demand reset run before the table changes", () => {
  const { meter } = meterOf();
  const seen: string[] = [];
  const anchor = () => [...tableOf(meter, BT54).subarray(0, 2)].join(",");
  meter.context.actions.on("self-read", () => seen.push(`self-read ${anchor()}`));
  meter.context.actions.on("demand-reset", () => seen.push(`demand-reset ${anchor()}`));
  const before = anchor();
  // Anchor date 2025-01-01: 25 | 1<<7 | 1<<11 = 0x0899.
  assert.equal(writePending(meter, BT54, { ...manual, selfRead: true, demandReset: true }, parseHex("99 08")), ok);
  assert.deepEqual(seen, []);
  assert.equal(initiate(meter, BP13, 9, specific(BT54)), ok);
  assert.deepEqual(seen, [`self-read ${before}`, `demand-reset ${before}`]);
  assert.equal(anchor(), "153,8");
});
