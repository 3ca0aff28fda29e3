import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { absolutePed, impossiblePed, pendingDisagreements } from "../../harness/conformance/pending-checks";
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
  assert.deepEqual(pendingDisagreements(pendingBt54, 54, true), []);
  assert.deepEqual(pendingDisagreements(pendingBt54, 54, false), [
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
  assert.deepEqual(pendingDisagreements(activated, 54, false), [
    "BT04 counts 1 pending activation(s), yet 0 record(s) are still pending",
  ]);
  assert.deepEqual(pendingDisagreements({ ...pendingBt54, records: [] }, 54, true), [
    "BT04 has no still-pending record for BT54",
    "BT04 counts 1 pending activation(s), yet 0 record(s) are still pending",
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
