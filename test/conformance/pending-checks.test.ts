import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import {
  absolutePed,
  impossiblePed,
  judgePendingBeforeDelay,
  pendingDisagreements,
  relativeDelayFor,
} from "../../harness/conformance/pending-checks";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { decodePendingEvent, encodePendingEvent } from "../../harness/protocol/pending-event";
import type { PendingStatus } from "../../harness/protocol/tables/bt04-pending-status";

const bits = (n: number, len: number) => Array.from({ length: len }, (_, i) => i === n);
const pendingBt54: PendingStatus = {
  standardPending: bits(54, 80),
  manufacturerPending: bits(-1, 104),
  lastActivation: null,
  pendingActivations: 1,
  records: [
    {
      event: { trigger: { kind: "manual", tag: new Uint8Array(5) }, selfRead: false, demandReset: false },
      tableId: 54,
      stillPending: true,
    },
  ],
};

test("BT04 agrees that BT54 is pending: bitmap, record and count", () => {
  assert.deepEqual(pendingDisagreements(pendingBt54, 54, true, "still-pending"), []);
  assert.deepEqual(pendingDisagreements(pendingBt54, 54, false, "still-pending"), [
    "BT04's bitmap still marks BT54 as pending",
    "BT04 still has a still-pending record for BT54",
  ]);
});

test("a count that disagrees with the records, or a bitmap without a record, is named", () => {
  const activated: PendingStatus = {
    ...pendingBt54,
    standardPending: bits(-1, 80),
    records: [{ ...pendingBt54.records[0]!, stillPending: false }],
  };
  assert.deepEqual(pendingDisagreements(activated, 54, false, "still-pending"), [
    "BT04 counts 1 pending activation(s), yet 0 record(s) are still pending",
  ]);
  assert.deepEqual(pendingDisagreements({ ...pendingBt54, records: [] }, 54, true, "still-pending"), [
    "BT04 has no still-pending record for BT54",
    "BT04 counts 1 pending activation(s), yet 0 record(s) are still pending",
  ]);
});

test("unless the PIXIT says the count is of records still pending, a device counting otherwise is not judged on it", () => {
  const countsActivationsDone: PendingStatus = {
    ...pendingBt54,
    standardPending: bits(-1, 80),
    pendingActivations: 7,
    records: [{ ...pendingBt54.records[0]!, stillPending: false }],
  };
  assert.deepEqual(pendingDisagreements(countsActivationsDone, 54, false, "unstated"), []);
  assert.deepEqual(pendingDisagreements({ ...pendingBt54, pendingActivations: 0 }, 54, true, "unstated"), []);
  assert.deepEqual(pendingDisagreements({ ...pendingBt54, pendingActivations: 0 }, 54, false, "unstated"), [
    "BT04's bitmap still marks BT54 as pending",
    "BT04 still has a still-pending record for BT54",
  ]);
});

test("the PEDs the scenarios write", () => {
  assert.deepEqual(
    encodePendingEvent(absolutePed(Date.UTC(2025, 5, 11, 12, 0, 40))),
    parseHex("00 19 06 0b 0c 00"),
    "to the minute",
  );
  for (const kind of ["month 13", "event code 3"] as const)
    assert.equal(decodePendingEvent(impossiblePed(kind)).ok, false, kind);
  assert.deepEqual(decodePendingEvent(impossiblePed("empty")), {
    ok: true,
    value: { trigger: { kind: "absolute", at: null }, selfRead: false, demandReset: false },
  });
});

test("a relative PED's delay leaves three of the link's round trips, in whole device seconds, and at least 2 s", () => {
  assert.equal(relativeDelayFor(30, 1), 2);
  assert.equal(relativeDelayFor(700, 1), 3, "2.1 s, rounded up");
  assert.equal(relativeDelayFor(1500, 1), 5, "a PLC round trip of 1.5 s");
  assert.equal(relativeDelayFor(100, 10), 3, "on a clock ten times as fast, 100 ms is a device second");
});

/**
 * BT54 written at 0 ms with a 3-s delay; the device's clock, read at 5000 ms after BT04, shows
 * 12:00:05, so it took the write no earlier than 12:00:00.
 */
const WRITE = { delaySeconds: 3, writeSentAt: 0, count: "still-pending" } as const;
const CLOCK = { epochMs: Date.UTC(2025, 5, 11, 12, 0, 5), at: 5000 };
/** Activated `minutes` after 12:00. */
const activatedAt = (minutes: number): PendingStatus => ({
  ...pendingBt54,
  standardPending: bits(-1, 80),
  pendingActivations: 0,
  lastActivation: { year: 2025, month: 6, day: 11, hour: minutes < 0 ? 11 : 12, minute: (minutes + 60) % 60 },
  records: [{ ...pendingBt54.records[0]!, stillPending: false }],
});
const bt04 = (status: PendingStatus) => ({ status, bytes: new Uint8Array(0) });

test("BT04 showing the table still pending right after the write passes", () => {
  assert.doesNotThrow(() => judgePendingBeforeDelay(bt04(pendingBt54), 54, WRITE, 2500, 1, null));
});

test("a table activated this minute, seen by a read answered after the delay less a second, is inconclusive", () => {
  assert.throws(
    () => judgePendingBeforeDelay(bt04(activatedAt(0)), 54, WRITE, 2500, 1, CLOCK),
    (e: unknown) => e instanceof Inconclusive && /activated before it could be observed/.test(e.message),
  );
});

test("a table activated by a read answered well within its delay fails: the device did not wait", () => {
  assert.throws(
    () => judgePendingBeforeDelay(bt04(activatedAt(0)), 54, WRITE, 1500, 1, CLOCK),
    ConformanceAssertionError,
  );
});

test("a table whose last activation is before the write fails however late the read came", () => {
  assert.throws(
    () => judgePendingBeforeDelay(bt04(activatedAt(-1)), 54, WRITE, 2500, 1, CLOCK),
    ConformanceAssertionError,
  );
  assert.throws(
    () => judgePendingBeforeDelay(bt04({ ...activatedAt(0), lastActivation: null }), 54, WRITE, 2500, 1, CLOCK),
    ConformanceAssertionError,
  );
});
