import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { decodeClockState, encodeClockState, type ClockState } from "../../../harness/protocol/tables/bt55-clock-state";

test("BT55: LTIME_DATE, TIME_DATE_QUAL, then STATUS (tier 0..2, drive 6..7, special 8..11, season 12..15)", () => {
  // Wednesday (3) in DST, time zone and DST applied, DST supported: 3|8|32|64|128 = 0xeb.
  // Tier 2, drive 1, no special (15), season 1: 2 + 64 + 15*256 + 4096 = 0x1f42.
  const v: ClockState = {
    clock: { year: 2025, month: 6, day: 11, hour: 13, minute: 0, second: 5 },
    qualifier: { dayOfWeek: 3, dst: 1, gmt: 0, timeZoneApplied: 1, dstApplied: 1, dstSupported: 1 },
    status: { tier: 2, demandTier: 0, tierDrive: 1, specialSchedule: 15, season: 1 },
  };
  assert.deepEqual(encodeClockState(v, "le"), parseHex("19 06 0b 0d 00 05 eb 42 1f"));
  assert.deepEqual(decodeClockState(parseHex("19 06 0b 0d 00 05 eb 42 1f"), "le"), { ok: true, value: v });
  const bad = decodeClockState(parseHex("19 00 0b 0d 00 05 eb 42 1f"), "le");
  assert.equal(!bad.ok && bad.error.path, "BT55.clock.month");
});
