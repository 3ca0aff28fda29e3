import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteWriter } from "../../../harness/bytes/cursor";
import { decodeWith } from "../../../harness/bytes/decoded";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { EncodeError } from "../../../harness/errors";
import { arbLTimeDate, arbSTimeDate, arbTimeOfDay } from "../../../harness/fuzz/arbitraries/data-types";
import {
  dayOfWeek,
  daysInMonth,
  epochMsToLTimeDate,
  lTimeDateToEpochMs,
  readLTimeDate,
  readSTimeDate,
  readTime,
  writeLTimeDate,
  writeSTimeDate,
  writeTime,
  type LTimeDate,
} from "../../../harness/protocol/types/time-types";

const readL = (hex: string) => decodeWith(parseHex(hex), "BT52", (r) => readLTimeDate(r, "clock"));
const LEAP_DAY: LTimeDate = { year: 2024, month: 2, day: 29, hour: 13, minute: 45, second: 30 };

function rangeError(d: ReturnType<typeof readL>, offset: number, path: string): void {
  assert.equal(d.ok, false, `expected ${path} to be rejected`);
  if (d.ok) return;
  assert.equal(d.error.code, "OSGP_ERR_FIELD_RANGE");
  assert.equal(d.error.offset, offset);
  assert.equal(d.error.path, path);
}

test("LTIME_DATE is yy mon day hh mm ss, one byte each, years from 2000", () => {
  assert.deepEqual(readL("18 02 1d 0d 2d 1e"), { ok: true, value: LEAP_DAY });
  assert.deepEqual(readL("00 02 1d 00 00 00"), {
    ok: true,
    value: { year: 2000, month: 2, day: 29, hour: 0, minute: 0, second: 0 },
  });
  assert.deepEqual(readL("63 0c 1f 17 3b 3b"), {
    ok: true,
    value: { year: 2099, month: 12, day: 31, hour: 23, minute: 59, second: 59 },
  });
  const w = new ByteWriter("");
  writeLTimeDate(w, LEAP_DAY, "clock");
  assert.deepEqual(w.toBytes(), parseHex("18 02 1d 0d 2d 1e"));
});

test("an all-zero LTIME_DATE or STIME_DATE is 'no date' (null), and null writes zeros", () => {
  assert.deepEqual(readL("00 00 00 00 00 00"), { ok: true, value: null });
  assert.deepEqual(
    decodeWith(new Uint8Array(5), "", (r) => readSTimeDate(r, "t")),
    { ok: true, value: null },
  );
  const w = new ByteWriter("");
  writeLTimeDate(w, null, "a");
  writeSTimeDate(w, null, "b");
  assert.deepEqual(w.toBytes(), new Uint8Array(11));
});

test("days that do not exist are rejected at the day byte", () => {
  rangeError(readL("18 02 1e 0d 2d 1e"), 2, "BT52.clock.day"); // 2024-02-30
  rangeError(readL("17 02 1d 00 00 00"), 2, "BT52.clock.day"); // 2023-02-29
  rangeError(readL("18 04 1f 00 00 00"), 2, "BT52.clock.day"); // April 31
  rangeError(readL("18 01 00 00 00 00"), 2, "BT52.clock.day");
});

test("each out-of-range field is named at its own offset", () => {
  rangeError(readL("64 01 01 00 00 00"), 0, "BT52.clock.year");
  rangeError(readL("18 0d 01 00 00 00"), 1, "BT52.clock.month");
  rangeError(readL("18 00 01 00 00 00"), 1, "BT52.clock.month");
  rangeError(readL("18 01 01 18 00 00"), 3, "BT52.clock.hour");
  rangeError(readL("18 01 01 00 3c 00"), 4, "BT52.clock.minute");
  rangeError(readL("18 01 01 00 00 3c"), 5, "BT52.clock.second");
  // Offsets count from the start of the whole input, not of the field.
  const d = decodeWith(parseHex("aa bb 18 02 1e 0d 2d 1e"), "BT52", (r) => {
    r.bytes(2, "skip");
    return readLTimeDate(r, "clock");
  });
  rangeError(d, 4, "BT52.clock.day");
});

test("a short LTIME_DATE is OSGP_ERR_TRUNCATED where it starts", () => {
  const d = readL("18 02 1d 0d 2d");
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_TRUNCATED");
  assert.equal(!d.ok && d.error.offset, 0);
});

test("STIME_DATE and TIME", () => {
  assert.deepEqual(
    decodeWith(parseHex("18 02 1d 0d 2d"), "", (r) => readSTimeDate(r, "t")),
    {
      ok: true,
      value: { year: 2024, month: 2, day: 29, hour: 13, minute: 45 },
    },
  );
  assert.deepEqual(
    decodeWith(parseHex("17 3b 3b"), "", (r) => readTime(r, "t")),
    { ok: true, value: { hour: 23, minute: 59, second: 59 } },
  );
  const badHour = decodeWith(parseHex("18 00 00"), "", (r) => readTime(r, "t"));
  assert.equal(!badHour.ok && badHour.error.offset, 0);
  const badMinute = decodeWith(parseHex("00 3c 00"), "", (r) => readTime(r, "t"));
  assert.equal(!badMinute.ok && badMinute.error.path, "t.minute");
  assert.equal(!badMinute.ok && badMinute.error.offset, 1);
});

test("encoders refuse dates and times that do not exist", () => {
  const bad: LTimeDate[] = [
    { ...LEAP_DAY, day: 30 },
    { ...LEAP_DAY, year: 2023 },
    { ...LEAP_DAY, year: 2100, month: 1 },
    { ...LEAP_DAY, year: 1999, month: 1 },
    { ...LEAP_DAY, month: 13 },
    { ...LEAP_DAY, hour: 24 },
    { ...LEAP_DAY, minute: 60 },
    { ...LEAP_DAY, second: 60 },
    { ...LEAP_DAY, second: 1.5 },
  ];
  for (const t of bad) assert.throws(() => writeLTimeDate(new ByteWriter(""), t, "t"), EncodeError, JSON.stringify(t));
  assert.throws(() => writeTime(new ByteWriter(""), { hour: 0, minute: 0, second: 60 }, "t"), EncodeError);
});

test("calendar helpers", () => {
  assert.equal(lTimeDateToEpochMs(LEAP_DAY), Date.parse("2024-02-29T13:45:30Z"));
  assert.deepEqual(epochMsToLTimeDate(Date.parse("2024-02-29T13:45:30Z")), LEAP_DAY);
  assert.equal(dayOfWeek(LEAP_DAY), 4); // a Thursday
  assert.equal(dayOfWeek({ year: 2000, month: 1, day: 1, hour: 0, minute: 0 }), 6); // a Saturday
  assert.equal(daysInMonth(2024, 2), 29);
  assert.equal(daysInMonth(2023, 2), 28);
  assert.equal(daysInMonth(2000, 2), 29);
  assert.equal(daysInMonth(2100, 2), 28);
  assert.equal(daysInMonth(2024, 4), 30);
  assert.equal(daysInMonth(2024, 12), 31);
});

test("LTIME_DATE, STIME_DATE and TIME round-trip", () => {
  fc.assert(
    fc.property(arbLTimeDate, arbSTimeDate, arbTimeOfDay, (l, s, t) => {
      const w = new ByteWriter("");
      writeLTimeDate(w, l, "l");
      writeSTimeDate(w, s, "s");
      writeTime(w, t, "t");
      const bytes = w.toBytes();
      assert.equal(bytes.length, 6 + 5 + 3);
      assert.deepEqual(bytes.subarray(0, 6), Uint8Array.of(l.year - 2000, l.month, l.day, l.hour, l.minute, l.second));
      const d = decodeWith(bytes, "", (r) => [readLTimeDate(r, "l"), readSTimeDate(r, "s"), readTime(r, "t")]);
      assert.deepEqual(d, { ok: true, value: [l, s, t] });
      assert.deepEqual(epochMsToLTimeDate(lTimeDateToEpochMs(l)), l);
    }),
    { numRuns: 1000 },
  );
});
