import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbManufacturerIdentification } from "../../../harness/fuzz/arbitraries/tables";
import {
  decodeManufacturerIdentification,
  encodeManufacturerIdentification,
  manufacturerIdentificationSize,
  type IdFormat,
  type ManufacturerIdentification,
} from "../../../harness/protocol/tables/bt01-manufacturer-identification";

// Annex A.2: manufacturer char[4], model char[8], 4 UINT8 versions, serial 8 BCD bytes or char[16].
const HEAD = "45 4c 4f 4e 38 33 33 33 31 2d 33 49 01 02 03 04"; // "ELON" "83331-3I" 1 2 3 4
const HEAD_VALUE = {
  manufacturer: "ELON",
  model: "83331-3I",
  hwVersion: 1,
  hwRevision: 2,
  fwVersion: 3,
  fwRevision: 4,
};

test("BCD serial: 16 digits in 8 bytes", () => {
  const bytes = parseHex(`${HEAD} 00 00 00 01 23 45 67 89`);
  const expected: ManufacturerIdentification = { ...HEAD_VALUE, serialNumber: "0000000123456789" };
  assert.deepEqual(decodeManufacturerIdentification(bytes, "bcd"), { ok: true, value: expected });
  assert.deepEqual(encodeManufacturerIdentification(expected, "bcd"), bytes);
  assert.equal(manufacturerIdentificationSize("bcd"), 24);
});

test("char serial: 16 characters as sent", () => {
  const bytes = parseHex(`${HEAD} 53 4e 2d 31 32 33 34 35 36 37 38 39 30 31 32 33`);
  const expected: ManufacturerIdentification = { ...HEAD_VALUE, serialNumber: "SN-1234567890123" };
  assert.deepEqual(decodeManufacturerIdentification(bytes, "char"), { ok: true, value: expected });
  assert.deepEqual(encodeManufacturerIdentification(expected, "char"), bytes);
  assert.equal(manufacturerIdentificationSize("char"), 32);
});

test("a non-BCD serial byte is OSGP_ERR_FIELD_RANGE at its offset", () => {
  const d = decodeManufacturerIdentification(parseHex(`${HEAD} 00 00 00 01 23 4a 67 89`), "bcd");
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_FIELD_RANGE");
  assert.equal(!d.ok && d.error.offset, 21);
  assert.equal(!d.ok && d.error.path, "BT01.serialNumber");
});

test("the id format decides the length", () => {
  const d = decodeManufacturerIdentification(parseHex(`${HEAD} 00 00 00 01 23 45 67 89`), "char");
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_TRUNCATED");
  assert.equal(!d.ok && d.error.path, "BT01.serialNumber");
});

test("short text fields are padded with spaces", () => {
  const bytes = encodeManufacturerIdentification(
    { ...HEAD_VALUE, manufacturer: "NES", model: "X", serialNumber: "42" },
    "bcd",
  );
  assert.deepEqual(bytes.subarray(0, 12), parseHex("4e 45 53 20 58 20 20 20 20 20 20 20"));
  assert.deepEqual(bytes.subarray(16), parseHex("00 00 00 00 00 00 00 42"));
});

test("BT01 round-trips in both id formats", () => {
  for (const idFormat of ["bcd", "char"] as IdFormat[]) {
    fc.assert(
      fc.property(arbManufacturerIdentification(idFormat), (v) => {
        const bytes = encodeManufacturerIdentification(v, idFormat);
        assert.equal(bytes.length, manufacturerIdentificationSize(idFormat));
        assert.deepEqual(decodeManufacturerIdentification(bytes, idFormat), { ok: true, value: v });
      }),
      { numRuns: 300 },
    );
  }
});
