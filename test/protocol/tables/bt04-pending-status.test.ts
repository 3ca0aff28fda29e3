import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../../harness/bytes/parse-hex";
import {
  decodePendingStatus,
  encodePendingStatus,
  isMarkedPending,
  pendingStatusSize,
  type PendingStatus,
} from "../../../harness/protocol/tables/bt04-pending-status";

const DIMS = { dimStdTablesUsed: 1, dimMfgTablesUsed: 1, nbrPending: 2 };
const flags = (n: number) => Array.from({ length: 8 }, (_, i) => i === n);

// BT5 pending: basic bitmap 0x20; nothing extended; last activation 2025-06-11 12:00; one pending
// activation. Record 0: PED code 2 + self-read (0x12) for table 5 with the still-pending bit (0x1005);
// record 1: ET47 (2095 = 0x82f), activated (bit 12 clear), absolute PED 2025-06-11 12:00.
const BYTES = parseHex("20 00  19 06 0b 0c 00  01  12 01 02 03 04 05  05 10  00 19 06 0b 0c 00  2f 08");
const VALUE: PendingStatus = {
  standardPending: flags(5),
  manufacturerPending: flags(-1),
  lastActivation: { year: 2025, month: 6, day: 11, hour: 12, minute: 0 },
  pendingActivations: 1,
  records: [
    {
      event: { trigger: { kind: "manual", tag: parseHex("01 02 03 04 05") }, selfRead: true, demandReset: false },
      tableId: 5,
      stillPending: true,
    },
    {
      event: {
        trigger: { kind: "absolute", at: { year: 2025, month: 6, day: 11, hour: 12, minute: 0 } },
        selfRead: false,
        demandReset: false,
      },
      tableId: 2095,
      stillPending: false,
    },
  ],
};

test("BT04: bitmaps sized by BT00, last activation, count, then BT00.nbrPending 8-byte records", () => {
  assert.equal(pendingStatusSize(DIMS), 1 + 1 + 5 + 1 + 16);
  assert.deepEqual(decodePendingStatus(BYTES, "le", DIMS), { ok: true, value: VALUE });
  assert.deepEqual(encodePendingStatus(VALUE, "le", DIMS), BYTES);
  assert.equal(isMarkedPending(VALUE, 5), true);
  assert.equal(isMarkedPending(VALUE, 2095), false);
});

test("a record's PED that does not decode is an error at that record", () => {
  const bad = BYTES.slice();
  bad[8] = 0x07;
  const d = decodePendingStatus(bad, "le", DIMS);
  assert.equal(!d.ok && d.error.path, "BT04.records[0].event.code");
});

test("the encoder refuses a record count other than BT00's", () => {
  assert.throws(() => encodePendingStatus({ ...VALUE, records: VALUE.records.slice(1) }, "le", DIMS), /BT00 says 2/);
});
