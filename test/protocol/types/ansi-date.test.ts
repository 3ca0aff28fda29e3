import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteWriter, type ByteOrder } from "../../../harness/bytes/cursor";
import { decodeWith } from "../../../harness/bytes/decoded";
import { EncodeError } from "../../../harness/errors";
import { arbAnsiDate, arbByteOrder } from "../../../harness/fuzz/arbitraries/data-types";
import { readAnsiDate, writeAnsiDate, type AnsiDate } from "../../../harness/protocol/types/ansi-date";

// ANSI_DATE (6.2): YEAR bits 0..6 (from 2000), MONTH 7..10, DAY 11..15.
const raw = (yy: number, month: number, day: number) => yy | (month << 7) | (day << 11);
const le = (v: number) => Uint8Array.of(v & 0xff, v >> 8);
const read = (bytes: Uint8Array, order: ByteOrder = "le") => decodeWith(bytes, "", (r) => readAnsiDate(r, order, "d"));
const write = (v: AnsiDate | null, order: ByteOrder = "le") => {
  const w = new ByteWriter("");
  writeAnsiDate(w, v, order, "d");
  return w.toBytes();
};

test("2024-02-29 packs to 0xe918", () => {
  assert.equal(raw(24, 2, 29), 0xe918);
  assert.deepEqual(read(Uint8Array.of(0x18, 0xe9)), { ok: true, value: { year: 2024, month: 2, day: 29 } });
  assert.deepEqual(read(Uint8Array.of(0xe9, 0x18), "be"), { ok: true, value: { year: 2024, month: 2, day: 29 } });
  assert.deepEqual(write({ year: 2024, month: 2, day: 29 }), Uint8Array.of(0x18, 0xe9));
  assert.deepEqual(write({ year: 2000, month: 1, day: 1 }), le(0x0880));
});

test("zero is no date", () => {
  assert.deepEqual(read(le(0)), { ok: true, value: null });
  assert.deepEqual(write(null), le(0));
});

test("impossible dates are OSGP_ERR_FIELD_RANGE on decode and refused on encode", () => {
  for (const [v, field] of [
    [raw(24, 13, 1), "d.month"],
    [raw(24, 0, 1), "d.month"],
    [raw(24, 2, 30), "d.day"],
    [raw(23, 2, 29), "d.day"],
    [raw(5, 1, 0), "d.day"],
  ] as const) {
    const d = read(le(v));
    assert.equal(!d.ok && d.error.code, "OSGP_ERR_FIELD_RANGE", field);
    assert.equal(!d.ok && d.error.path, field);
    assert.equal(!d.ok && d.error.offset, 0);
  }
  for (const v of [
    { year: 2023, month: 2, day: 29 },
    { year: 2024, month: 13, day: 1 },
    { year: 2128, month: 1, day: 1 },
    { year: 1999, month: 1, day: 1 },
  ]) {
    assert.throws(() => write(v), EncodeError, JSON.stringify(v));
  }
});

test("ANSI_DATE round-trips 2000..2127 in both orders", () => {
  fc.assert(
    fc.property(arbAnsiDate, arbByteOrder, (v, order) => {
      const bytes = write(v, order);
      const expected = raw(v.year - 2000, v.month, v.day);
      assert.equal(order === "le" ? bytes[0]! | (bytes[1]! << 8) : (bytes[0]! << 8) | bytes[1]!, expected);
      assert.deepEqual(read(bytes, order), { ok: true, value: v });
    }),
    { numRuns: 1000 },
  );
});
