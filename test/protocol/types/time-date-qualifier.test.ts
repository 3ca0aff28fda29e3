import { test } from "node:test";
import assert from "node:assert/strict";
import { EncodeError } from "../../../harness/errors";
import { packTimeDateQualifier, unpackTimeDateQualifier } from "../../../harness/protocol/types/time-date-qualifier";

test("TIME_DATE_QUAL: day of week bits 0..2, then DST, GMT, TZ applied, DST applied, DST supported", () => {
  assert.deepEqual(unpackTimeDateQualifier(0x8c), {
    dayOfWeek: 4,
    dst: 1,
    gmt: 0,
    timeZoneApplied: 0,
    dstApplied: 0,
    dstSupported: 1,
  });
  assert.deepEqual(unpackTimeDateQualifier(0x70), {
    dayOfWeek: 0,
    dst: 0,
    gmt: 1,
    timeZoneApplied: 1,
    dstApplied: 1,
    dstSupported: 0,
  });
  assert.equal(
    packTimeDateQualifier({ dayOfWeek: 6, dst: 0, gmt: 1, timeZoneApplied: 0, dstApplied: 0, dstSupported: 0 }, "q"),
    0x16,
  );
  assert.throws(
    () =>
      packTimeDateQualifier({ dayOfWeek: 8, dst: 0, gmt: 0, timeZoneApplied: 0, dstApplied: 0, dstSupported: 0 }, "q"),
    EncodeError,
  );
});

test("every qualifier byte round-trips", () => {
  for (let b = 0; b < 256; b++) assert.equal(packTimeDateQualifier(unpackTimeDateQualifier(b), "q"), b);
});
