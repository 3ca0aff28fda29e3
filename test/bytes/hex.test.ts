import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { hexNumber, toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { ConfigError } from "../../harness/errors";

test("toHex prints lower-case pairs separated by one space", () => {
  assert.equal(toHex(Uint8Array.of(0x00, 0xab, 0x0f, 0xff)), "00 ab 0f ff");
  assert.equal(toHex(Uint8Array.of(0xee, 0x00), ""), "ee00");
  assert.equal(toHex(new Uint8Array(0)), "");
});

test("hexNumber pads to the digits asked for", () => {
  assert.equal(hexNumber(0x0803, 4), "0x0803");
  assert.equal(hexNumber(0x15, 2), "0x15");
});

test("parseHex reads the ways people paste hex", () => {
  const expected = Uint8Array.of(0xee, 0x00, 0x20);
  for (const text of ["EE 00 20", "ee:00:20", "0xee0020", "ee0020", " ee-00_20 ", "0xEE 0x00 0x20", "ee,00,20"]) {
    assert.deepEqual(parseHex(text), expected, text);
  }
  assert.deepEqual(parseHex(""), new Uint8Array(0));
});

test("parseHex rejects odd or non-hex input without echoing it (it may be a key)", () => {
  for (const text of ["abc", "zz", "0x1g", "12 3"]) {
    assert.throws(
      () => parseHex(text),
      (e: unknown) => e instanceof ConfigError && e.code === "OSGP_ERR_HEX" && !e.message.includes(text),
      text,
    );
  }
});

test("parseHex reads back whatever toHex prints", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      assert.deepEqual(parseHex(toHex(bytes)), bytes);
      assert.deepEqual(parseHex(toHex(bytes, ":").toUpperCase()), bytes);
    }),
    { numRuns: 300 },
  );
});
