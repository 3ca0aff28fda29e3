import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbUtilityInformation } from "../../../harness/fuzz/arbitraries/tables";
import {
  decodeUtilityInformation,
  encodeUtilityInformation,
  ET03,
} from "../../../harness/protocol/tables/et03-utility-information";

// "UTIL-0042", NUL-terminated and NUL-padded to 30 bytes.
const SERIAL = parseHex("55 54 49 4c 2d 30 30 34 32");
const IMAGE = concatBytes(SERIAL, new Uint8Array(30 - SERIAL.length));

test("ET03 is table 2051 = 0x0803", () => {
  assert.equal(ET03, 0x0803);
});

test("ET03 serial: 30 characters, NUL padded", () => {
  assert.deepEqual(decodeUtilityInformation(IMAGE), {
    ok: true,
    value: { utilitySerial: "UTIL-0042", remainder: new Uint8Array(0) },
  });
  assert.deepEqual(encodeUtilityInformation({ utilitySerial: "UTIL-0042", remainder: new Uint8Array(0) }), IMAGE);
});

test("bytes after the serial are kept as they are", () => {
  const bytes = concatBytes(IMAGE, parseHex("01 02"));
  assert.deepEqual(decodeUtilityInformation(bytes), {
    ok: true,
    value: { utilitySerial: "UTIL-0042", remainder: parseHex("01 02") },
  });
  assert.deepEqual(encodeUtilityInformation({ utilitySerial: "UTIL-0042", remainder: parseHex("01 02") }), bytes);
});

test("a space-padded serial and text after the NUL are trimmed", () => {
  const spaces = decodeUtilityInformation(concatBytes(SERIAL, new Uint8Array(21).fill(0x20)));
  assert.equal(spaces.ok && spaces.value.utilitySerial, "UTIL-0042");
  const junk = IMAGE.slice();
  junk[20] = 0x41;
  const d = decodeUtilityInformation(junk);
  assert.equal(d.ok && d.value.utilitySerial, "UTIL-0042");
});

test("an ET03 shorter than 30 bytes is truncated; a longer serial cannot be encoded", () => {
  const d = decodeUtilityInformation(IMAGE.subarray(0, 29));
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_TRUNCATED");
  assert.equal(!d.ok && d.error.path, "ET03.utilitySerial");
  assert.throws(
    () => encodeUtilityInformation({ utilitySerial: "X".repeat(31), remainder: new Uint8Array(0) }),
    /OSGP_ERR_ENCODE_RANGE/,
  );
});

test("ET03 round-trips", () => {
  fc.assert(
    fc.property(arbUtilityInformation, (v) => {
      const bytes = encodeUtilityInformation(v);
      assert.equal(bytes.length, 30 + v.remainder.length);
      assert.deepEqual(decodeUtilityInformation(bytes), { ok: true, value: v });
    }),
    { numRuns: 500 },
  );
});
