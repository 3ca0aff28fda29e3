import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../../harness/bytes/parse-hex";
import {
  decodeSpecificPendingTable,
  encodeSpecificPendingTable,
} from "../../../harness/protocol/procedures/bp13-activate-specific-pending";

test("BP13/BP15 name one table by its 12-bit id, LSB first (PROVISIONAL)", () => {
  assert.deepEqual(encodeSpecificPendingTable({ tableId: 2095 }, "le"), parseHex("2f 08"));
  assert.deepEqual(decodeSpecificPendingTable(parseHex("36 00"), "le"), { ok: true, value: { tableId: 54 } });
  const pendingId = decodeSpecificPendingTable(parseHex("36 10"), "le");
  assert.equal(!pendingId.ok && pendingId.error.path, "BP13.table");
  const long = decodeSpecificPendingTable(parseHex("36 00 00"), "le");
  assert.equal(!long.ok && long.error.code, "OSGP_ERR_TRAILING_BYTES");
});
