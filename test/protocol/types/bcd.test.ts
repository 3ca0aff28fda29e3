import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteWriter } from "../../../harness/bytes/cursor";
import { decodeWith } from "../../../harness/bytes/decoded";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbBcdDigits } from "../../../harness/fuzz/arbitraries/data-types";
import { readBcd, writeBcd } from "../../../harness/protocol/types/bcd";

const read = (hex: string) => decodeWith(parseHex(hex), "BT01", (r) => readBcd(r, parseHex(hex).length, "serial"));
const write = (digits: string, bytes: number) => {
  const w = new ByteWriter("");
  writeBcd(w, digits, bytes, "serial");
  return w.toBytes();
};

test("BCD is two digits per byte, high nibble first", () => {
  assert.deepEqual(read("00 00 00 01 23 45 67 89"), { ok: true, value: "0000000123456789" });
  assert.deepEqual(write("123", 2), Uint8Array.of(0x01, 0x23));
  assert.deepEqual(write("", 1), Uint8Array.of(0x00));
});

test("a nibble above 9 is OSGP_ERR_FIELD_RANGE at the offending byte", () => {
  for (const [hex, offset] of [
    ["1a", 0],
    ["a1", 0],
    ["12 34 1a", 2],
    ["12 f0 99", 1],
  ] as const) {
    const d = read(hex);
    assert.equal(d.ok, false, hex);
    assert.equal(!d.ok && d.error.code, "OSGP_ERR_FIELD_RANGE", hex);
    assert.equal(!d.ok && d.error.offset, offset, hex);
    assert.equal(!d.ok && d.error.path, "BT01.serial", hex);
  }
});

test("writeBcd refuses non-digits and too many digits", () => {
  assert.throws(() => write("12345", 2), /OSGP_ERR_ENCODE_RANGE/);
  assert.throws(() => write("12a", 2), /OSGP_ERR_ENCODE_RANGE/);
  assert.throws(() => write("-1", 2), /OSGP_ERR_ENCODE_RANGE/);
});

test("BCD digit strings round-trip", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10 }).chain((n) => arbBcdDigits(n)),
      (digits) => {
        const bytes = write(digits, digits.length / 2);
        assert.equal(bytes.length, digits.length / 2);
        assert.deepEqual(
          decodeWith(bytes, "", (r) => readBcd(r, bytes.length, "v")),
          { ok: true, value: digits },
        );
      },
    ),
    { numRuns: 500 },
  );
});
