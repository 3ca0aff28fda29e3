import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbClock } from "../../../harness/fuzz/arbitraries/tables";
import { decodeClock, encodeClock, type Clock } from "../../../harness/protocol/tables/bt52-clock";

const LEAP_DAY = { year: 2024, month: 2, day: 29, hour: 13, minute: 45, second: 30 };

test("BT52: LTIME_DATE then TIME_DATE_QUAL (Thursday, DST, DST supported = 0x8c)", () => {
  const v: Clock = {
    clock: LEAP_DAY,
    qualifier: { dayOfWeek: 4, dst: 1, gmt: 0, timeZoneApplied: 0, dstApplied: 0, dstSupported: 1 },
  };
  assert.deepEqual(decodeClock(parseHex("18 02 1d 0d 2d 1e 8c")), { ok: true, value: v });
  assert.deepEqual(encodeClock(v), parseHex("18 02 1d 0d 2d 1e 8c"));
});

test("a device answering only the six clock bytes has no qualifier", () => {
  assert.deepEqual(decodeClock(parseHex("18 02 1d 0d 2d 1e")), {
    ok: true,
    value: { clock: LEAP_DAY, qualifier: null },
  });
  assert.deepEqual(encodeClock({ clock: LEAP_DAY, qualifier: null }), parseHex("18 02 1d 0d 2d 1e"));
});

test("an unset clock reads as null; an impossible one is an error; extra bytes are trailing", () => {
  assert.deepEqual(decodeClock(new Uint8Array(7)), {
    ok: true,
    value: {
      clock: null,
      qualifier: { dayOfWeek: 0, dst: 0, gmt: 0, timeZoneApplied: 0, dstApplied: 0, dstSupported: 0 },
    },
  });
  const bad = decodeClock(parseHex("18 02 1e 0d 2d 1e 00"));
  assert.equal(!bad.ok && bad.error.path, "BT52.clock.day");
  const long = decodeClock(parseHex("18 02 1d 0d 2d 1e 00 00"));
  assert.equal(!long.ok && long.error.code, "OSGP_ERR_TRAILING_BYTES");
  const short = decodeClock(parseHex("18 02 1d"));
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRUNCATED");
});

test("BT52 round-trips", () => {
  fc.assert(
    fc.property(arbClock, (v) => {
      const bytes = encodeClock(v);
      assert.equal(bytes.length, v.qualifier === null ? 6 : 7);
      assert.deepEqual(decodeClock(bytes), { ok: true, value: v });
    }),
    { numRuns: 1000 },
  );
});
