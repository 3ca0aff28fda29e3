import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteReader, ByteWriter, type ByteOrder } from "../../harness/bytes/cursor";
import { DecodeError, EncodeError } from "../../harness/errors";

function decodeErrorOf(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  assert.fail("expected a DecodeError");
}

test("ByteReader reads big-endian header fields", () => {
  const r = new ByteReader(Uint8Array.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a), "t");
  assert.equal(r.u8("a"), 0x01);
  assert.equal(r.u16be("b"), 0x0203);
  assert.equal(r.u24be("c"), 0x040506);
  assert.equal(r.u32be("d"), 0x0708090a);
  assert.equal(r.remaining, 0);
  r.end();
});

test("ByteReader reads table integers in either order, signed as two's complement", () => {
  const bytes = Uint8Array.of(0xfe, 0xff);
  assert.equal(new ByteReader(bytes, "").uint(2, "le", "x"), 0xfffe);
  assert.equal(new ByteReader(bytes, "").uint(2, "be", "x"), 0xfeff);
  assert.equal(new ByteReader(bytes, "").int(2, "le", "x"), -2);
  assert.equal(new ByteReader(Uint8Array.of(0x80, 0, 0, 0, 0, 0), "").int(6, "be", "x"), -(2 ** 47));
  assert.equal(new ByteReader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff), "").uint(6, "le", "x"), 2 ** 48 - 1);
  const eight = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x80);
  assert.equal(new ByteReader(eight, "").bigInt64("le", "x"), -(1n << 63n));
  assert.equal(new ByteReader(eight, "").bigUint64("le", "x"), 1n << 63n);
  assert.equal(new ByteReader(eight, "").bigUint64("be", "x"), 0x80n);
});

test("i8 reads and writes a one-byte two's complement, and refuses what does not fit", () => {
  const r = new ByteReader(Uint8Array.of(0xfd, 0x7f), "");
  assert.deepEqual([r.i8("a"), r.i8("b")], [-3, 127]);
  assert.deepEqual(new ByteWriter("").i8(-3, "a").i8(127, "b").toBytes(), Uint8Array.of(0xfd, 0x7f));
  assert.throws(() => new ByteWriter("").i8(128, "a"), EncodeError);
});

test("a read past the end is OSGP_ERR_TRUNCATED at the field's offset, with its path and the input", () => {
  const input = Uint8Array.of(1, 2, 3);
  const r = new ByteReader(input, "BT01");
  r.u8("a");
  const e = decodeErrorOf(() => r.u32be("serial"));
  assert.equal(e.code, "OSGP_ERR_TRUNCATED");
  assert.equal(e.offset, 1);
  assert.equal(e.path, "BT01.serial");
  assert.deepEqual(e.bytes, input);
  assert.match(e.message, /^OSGP_ERR_TRUNCATED: BT01\.serial: .*\(at offset 1\) \[01 02 03\]$/);
  // A failed read consumes nothing.
  assert.equal(r.offset, 1);
});

test("end() reports bytes left over as OSGP_ERR_TRAILING_BYTES where they start", () => {
  const r = new ByteReader(Uint8Array.of(1, 2, 3), "");
  r.u8("a");
  const e = decodeErrorOf(() => r.end());
  assert.equal(e.code, "OSGP_ERR_TRAILING_BYTES");
  assert.equal(e.offset, 1);
  assert.equal(e.path, "end");
});

test("bytes() and rest() return copies that never alias the input", () => {
  const input = Uint8Array.of(1, 2, 3, 4);
  const r = new ByteReader(input, "");
  const a = r.bytes(2, "a");
  const b = r.rest();
  input.fill(0);
  assert.deepEqual(a, Uint8Array.of(1, 2));
  assert.deepEqual(b, Uint8Array.of(3, 4));
  assert.equal(r.remaining, 0);
});

test("ByteWriter writes both orders and rejects values that do not fit", () => {
  const bytes = new ByteWriter("")
    .u8(0xab, "a")
    .u16be(0x0102, "b")
    .u24be(0x030405, "c")
    .uint(0x060708, 3, "le", "d")
    .int(-2, 2, "le", "e")
    .toBytes();
  assert.deepEqual(bytes, Uint8Array.of(0xab, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x07, 0x06, 0xfe, 0xff));
  const cases: [string, (w: ByteWriter) => unknown][] = [
    ["u8 256", (w) => w.u8(256, "f")],
    ["u8 -1", (w) => w.u8(-1, "f")],
    ["u8 1.5", (w) => w.u8(1.5, "f")],
    ["u8 NaN", (w) => w.u8(Number.NaN, "f")],
    ["int -129", (w) => w.int(-129, 1, "le", "f")],
    ["int 128", (w) => w.int(128, 1, "le", "f")],
    ["u64 -1", (w) => w.bigUint64(-1n, "le", "f")],
    ["u64 2^64", (w) => w.bigUint64(1n << 64n, "le", "f")],
    ["i64 2^63", (w) => w.bigInt64(1n << 63n, "le", "f")],
    ["exact length", (w) => w.bytes(Uint8Array.of(1), "f", 2)],
  ];
  for (const [name, write] of cases) {
    assert.throws(
      () => write(new ByteWriter("ctx")),
      (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE" && e.path === "ctx.f",
      name,
    );
  }
  assert.deepEqual(new ByteWriter("").int(-128, 1, "be", "f").toBytes(), Uint8Array.of(0x80));
  assert.deepEqual(new ByteWriter("").bigInt64(-1n, "be", "f").toBytes(), new Uint8Array(8).fill(0xff));
});

test("what ByteWriter writes, ByteReader reads back (every width, both orders)", () => {
  const field = fc.integer({ min: 1, max: 6 }).chain((width) =>
    fc.record({
      width: fc.constant(width),
      order: fc.constantFrom<ByteOrder>("le", "be"),
      signed: fc.boolean(),
      raw: fc.integer({ min: 0, max: 2 ** (8 * width) - 1 }),
    }),
  );
  fc.assert(
    fc.property(
      fc.array(field, { maxLength: 8 }),
      fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
      (fields, big) => {
        const values = fields.map((f) =>
          f.signed && f.raw >= 2 ** (8 * f.width - 1) ? f.raw - 2 ** (8 * f.width) : f.raw,
        );
        const w = new ByteWriter("");
        fields.forEach((f, i) =>
          f.signed
            ? w.int(values[i] as number, f.width, f.order, "v")
            : w.uint(values[i] as number, f.width, f.order, "v"),
        );
        w.bigInt64(big, "le", "big");
        const bytes = w.toBytes();
        assert.equal(
          bytes.length,
          fields.reduce((n, f) => n + f.width, 8),
        );
        const r = new ByteReader(bytes, "");
        fields.forEach((f, i) =>
          assert.equal(f.signed ? r.int(f.width, f.order, "v") : r.uint(f.width, f.order, "v"), values[i]),
        );
        assert.equal(r.bigInt64("le", "big"), big);
        r.end();
      },
    ),
    { numRuns: 500 },
  );
});
