import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { decodeTimeOffset, encodeTimeOffset, timeOffsetSize } from "../../../harness/protocol/tables/bt53-time-offset";

const BOTH = { capDstAuto: true, capTimeZoneOffset: true };

test("BT53: DST time (TIME), DST amount (minutes), time-zone offset (INT16 minutes)", () => {
  const v = { dst: { effective: { hour: 2, minute: 0, second: 0 }, amountMinutes: 60 }, timeZoneOffsetMinutes: -300 };
  // -300 = 0xfed4, LSB first.
  assert.deepEqual(encodeTimeOffset(v, "le", BOTH), parseHex("02 00 00 3c d4 fe"));
  assert.deepEqual(decodeTimeOffset(parseHex("02 00 00 3c d4 fe"), "le", BOTH), { ok: true, value: v });
});

test("BT51 says which fields exist", () => {
  assert.equal(timeOffsetSize({ capDstAuto: false, capTimeZoneOffset: true }), 2);
  assert.deepEqual(decodeTimeOffset(parseHex("3c 00"), "le", { capDstAuto: false, capTimeZoneOffset: true }), {
    ok: true,
    value: { dst: null, timeZoneOffsetMinutes: 60 },
  });
  assert.equal(timeOffsetSize({ capDstAuto: false, capTimeZoneOffset: false }), 0);
  const bad = decodeTimeOffset(parseHex("18 00 00 3c 3c 00"), "le", BOTH);
  assert.equal(!bad.ok && bad.error.path, "BT53.dstTimeEffective.hour");
});
