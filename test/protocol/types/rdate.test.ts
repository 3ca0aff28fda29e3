import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteWriter, type ByteOrder } from "../../../harness/bytes/cursor";
import { decodeWith } from "../../../harness/bytes/decoded";
import { EncodeError } from "../../../harness/errors";
import { arbByteOrder, arbRDate } from "../../../harness/fuzz/arbitraries/data-types";
import { readRDate, writeRDate, type RDate } from "../../../harness/protocol/types/rdate";

// RDATE (6.2): MONTH bits 0..3, OFFSET 4..7, WEEKDAY 8..10, DAY 11..15; month 15: PERIOD 4..9, DELTA 10..15.
const le = (raw: number) => Uint8Array.of(raw & 0xff, raw >> 8);
const read = (bytes: Uint8Array, order: ByteOrder = "le") => decodeWith(bytes, "", (r) => readRDate(r, order, "d"));
const write = (v: RDate, order: ByteOrder = "le") => {
  const w = new ByteWriter("");
  writeRDate(w, v, order, "d");
  return w.toBytes();
};

test("a date: month 12, offset 3, weekday 5, day 25", () => {
  const raw = 12 | (3 << 4) | (5 << 8) | (25 << 11);
  assert.equal(raw, 0xcd3c);
  const v: RDate = { kind: "date", month: 12, offset: 3, weekday: 5, day: 25 };
  assert.deepEqual(read(Uint8Array.of(0x3c, 0xcd)), { ok: true, value: v });
  assert.deepEqual(read(Uint8Array.of(0xcd, 0x3c), "be"), { ok: true, value: v });
  assert.deepEqual(write(v), Uint8Array.of(0x3c, 0xcd));
});

test("month 13 is every month, same layout", () => {
  const raw = 13 | (0 << 4) | (7 << 8) | (1 << 11);
  assert.deepEqual(read(le(raw)), { ok: true, value: { kind: "monthly", offset: 0, weekday: 7, day: 1 } });
  assert.deepEqual(write({ kind: "monthly", offset: 0, weekday: 7, day: 1 }), le(raw));
});

test("month 14 is weekly: only WEEKDAY counts, filler bits are ignored and written as zero", () => {
  assert.deepEqual(read(le(14 | (3 << 8))), { ok: true, value: { kind: "weekly", weekday: 3 } });
  assert.deepEqual(read(le(14 | (0xf << 4) | (3 << 8) | (31 << 11))), {
    ok: true,
    value: { kind: "weekly", weekday: 3 },
  });
  assert.deepEqual(write({ kind: "weekly", weekday: 3 }), le(14 | (3 << 8)));
});

test("month 15 is periodic: PERIOD bits 4..9, DELTA bits 10..15", () => {
  const raw = 15 | (10 << 4) | (5 << 10);
  assert.deepEqual(read(le(raw)), { ok: true, value: { kind: "periodic", period: 10, delta: 5 } });
  assert.deepEqual(write({ kind: "periodic", period: 63, delta: 63 }), le(0xffff));
});

test("month 0 is unassigned whatever the other bits", () => {
  assert.deepEqual(read(le(0)), { ok: true, value: { kind: "unassigned" } });
  assert.deepEqual(read(le(0xfff0)), { ok: true, value: { kind: "unassigned" } });
  assert.deepEqual(write({ kind: "unassigned" }), le(0));
});

test("writeRDate refuses fields outside their bits", () => {
  for (const v of [
    { kind: "date", month: 13, offset: 0, weekday: 0, day: 1 },
    { kind: "date", month: 0, offset: 0, weekday: 0, day: 1 },
    { kind: "date", month: 1, offset: 16, weekday: 0, day: 1 },
    { kind: "date", month: 1, offset: 0, weekday: 8, day: 1 },
    { kind: "date", month: 1, offset: 0, weekday: 0, day: 32 },
    { kind: "periodic", period: 64, delta: 0 },
  ] as RDate[]) {
    assert.throws(() => write(v), EncodeError, JSON.stringify(v));
  }
});

test("RDATE round-trips in both orders", () => {
  fc.assert(
    fc.property(arbRDate, arbByteOrder, (v, order) => {
      assert.deepEqual(read(write(v, order), order), { ok: true, value: v });
    }),
    { numRuns: 1000 },
  );
});
