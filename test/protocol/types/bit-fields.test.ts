import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { EncodeError } from "../../../harness/errors";
import { decodeSet, encodeSet, packBits, unpackBits } from "../../../harness/protocol/types/bit-fields";

const SPEC = { a: [0, 1], b: [2, 4], c: [5, 7] } as const;

test("unpackBits takes [first, last] bits, bit 0 least significant", () => {
  assert.deepEqual(unpackBits(0b101_101_10, SPEC), { a: 0b10, b: 0b101, c: 0b101 });
  assert.deepEqual(unpackBits(0xf000, { hi: [12, 15], lo: [0, 11] }), { hi: 0xf, lo: 0 });
});

test("packBits refuses a value wider than its bits, naming the field", () => {
  assert.equal(packBits({ a: 2, b: 5, c: 5 }, SPEC, "x"), 0b101_101_10);
  assert.throws(
    () => packBits({ a: 4, b: 0, c: 0 }, SPEC, "x"),
    (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE" && e.path === "x.a",
  );
  assert.throws(() => packBits({ a: 0, b: -1, c: 0 }, SPEC, "x"), EncodeError);
});

test("SET(n): element i is bit i mod 8 of byte i div 8", () => {
  const flags = decodeSet(Uint8Array.of(0x01, 0x80));
  assert.equal(flags.length, 16);
  assert.deepEqual(
    flags.map((f, i) => (f ? i : -1)).filter((i) => i >= 0),
    [0, 15],
  );
  const set = new Array<boolean>(10).fill(false);
  set[3] = true;
  set[9] = true;
  assert.deepEqual(encodeSet(set, 2, "s"), Uint8Array.of(0x08, 0x02));
  assert.throws(() => encodeSet(new Array<boolean>(17).fill(false), 2, "s"), EncodeError);
});

test("pack/unpack and SET round-trip", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 16 }), (byte, set) => {
      assert.equal(packBits(unpackBits(byte, SPEC), SPEC, "x"), byte);
      assert.deepEqual(encodeSet(decodeSet(set), set.length, "s"), set);
    }),
    { numRuns: 500 },
  );
});
