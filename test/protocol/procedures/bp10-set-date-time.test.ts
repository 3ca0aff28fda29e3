import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbSetDateTime } from "../../../harness/fuzz/arbitraries/procedures";
import {
  decodeSetDateTime,
  encodeSetDateTime,
  type SetDateTimeParameters,
} from "../../../harness/protocol/procedures/bp10-set-date-time";

const NO_QUALIFIER = { dayOfWeek: 0, dst: 0, gmt: 0, timeZoneApplied: 0, dstApplied: 0, dstSupported: 0 };

// C12.19 BP10: SET_MASK (bit0 time, bit1 date, bit2 qualifier), LTIME_DATE, TIME_DATE_QUAL.
test("set date and time to 2024-02-29 13:45:30, qualifier 0", () => {
  const bytes = parseHex("03 18 02 1d 0d 2d 1e 00");
  const v: SetDateTimeParameters = {
    setTime: true,
    setDate: true,
    setQualifier: false,
    dateTime: { year: 2024, month: 2, day: 29, hour: 13, minute: 45, second: 30 },
    qualifier: NO_QUALIFIER,
  };
  assert.deepEqual(decodeSetDateTime(bytes), { ok: true, value: v });
  assert.deepEqual(encodeSetDateTime(v), bytes);
});

test("each SET_MASK bit maps to its own flag", () => {
  for (const [mask, flags] of [
    [0x01, [true, false, false]],
    [0x02, [false, true, false]],
    [0x04, [false, false, true]],
  ] as const) {
    const d = decodeSetDateTime(Uint8Array.of(mask, 0x18, 0x02, 0x1d, 0x0d, 0x2d, 0x1e, 0x00));
    assert.ok(d.ok);
    assert.deepEqual([d.value.setTime, d.value.setDate, d.value.setQualifier], flags);
  }
});

test("Feb 30 is rejected at its byte; a short parameter block is truncated", () => {
  const d = decodeSetDateTime(parseHex("03 18 02 1e 0d 2d 1e 00"));
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_FIELD_RANGE");
  assert.equal(!d.ok && d.error.offset, 3);
  assert.equal(!d.ok && d.error.path, "BP10.dateTime.day");
  const short = decodeSetDateTime(parseHex("03 18 02 1d 0d 2d 1e"));
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRUNCATED");
  assert.equal(!short.ok && short.error.path, "BP10.qualifier");
});

test("BP10 parameters round-trip in 8 bytes", () => {
  fc.assert(
    fc.property(arbSetDateTime, (v) => {
      const bytes = encodeSetDateTime(v);
      assert.equal(bytes.length, 8);
      assert.equal(bytes[0], (v.setTime ? 1 : 0) | (v.setDate ? 2 : 0) | (v.setQualifier ? 4 : 0));
      assert.deepEqual(decodeSetDateTime(bytes), { ok: true, value: v });
    }),
    { numRuns: 1000 },
  );
});
