import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbByteOrder } from "../../../harness/fuzz/arbitraries/data-types";
import { arbEndDeviceModeStatus } from "../../../harness/fuzz/arbitraries/tables";
import {
  decodeEndDeviceModeStatus,
  emptyMode,
  emptyStandardStatus,
  encodeEndDeviceModeStatus,
  endDeviceModeStatusSize,
  raisedStatusFlags,
  type EndDeviceModeStatus,
} from "../../../harness/protocol/tables/bt03-end-device-mode-status";

// ED_MODE metering (bit 0); ED_STD_STATUS1 clock error (bit 6) + low battery (bit 8) = 0x0140.
const EXPECTED: EndDeviceModeStatus = {
  mode: { ...emptyMode(), metering: 1 },
  standardStatus: { ...emptyStandardStatus(), clockError: 1, lowBattery: 1 },
  standardStatus2: 0,
  manufacturerStatus: parseHex("de ad be ef"),
};

test("BT03 fields, in table data order", () => {
  assert.deepEqual(decodeEndDeviceModeStatus(parseHex("01 40 01 00 de ad be ef"), "le", 4), {
    ok: true,
    value: EXPECTED,
  });
  assert.deepEqual(decodeEndDeviceModeStatus(parseHex("01 01 40 00 de ad be ef"), "be", 4), {
    ok: true,
    value: EXPECTED,
  });
  assert.deepEqual(encodeEndDeviceModeStatus(EXPECTED, "le"), parseHex("01 40 01 00 de ad be ef"));
  assert.equal(endDeviceModeStatusSize(4), 8);
  assert.deepEqual(raisedStatusFlags(EXPECTED.standardStatus), ["clockError", "lowBattery"]);
  assert.deepEqual(raisedStatusFlags(emptyStandardStatus()), []);
});

test("every defined status bit has its own name, reserved bits are not flags", () => {
  const d = decodeEndDeviceModeStatus(parseHex("07 ff ff 00"), "le", 0);
  assert.ok(d.ok);
  assert.deepEqual(d.value.mode, { metering: 1, test: 1, meterShop: 1, reserved: 0 });
  assert.equal(d.value.standardStatus.reserved, 3);
  assert.equal(raisedStatusFlags(d.value.standardStatus).length, 14);
});

test("the manufacturer status length comes from BT00", () => {
  const d = decodeEndDeviceModeStatus(parseHex("01 40 01 00 de ad be ef"), "le", 2);
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_TRAILING_BYTES");
  assert.equal(!d.ok && d.error.offset, 6);
  const short = decodeEndDeviceModeStatus(parseHex("01 40 01 00 de"), "le", 4);
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRUNCATED");
});

test("BT03 round-trips in both orders", () => {
  fc.assert(
    fc.property(arbEndDeviceModeStatus, arbByteOrder, (v, order) => {
      const bytes = encodeEndDeviceModeStatus(v, order);
      assert.equal(bytes.length, endDeviceModeStatusSize(v.manufacturerStatus.length));
      assert.deepEqual(decodeEndDeviceModeStatus(bytes, order, v.manufacturerStatus.length), { ok: true, value: v });
    }),
    { numRuns: 500 },
  );
});
