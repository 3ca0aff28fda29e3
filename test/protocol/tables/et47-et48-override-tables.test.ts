import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../../harness/bytes/parse-hex";
import {
  decodeCalendarOverride,
  encodeCalendarOverride,
  encodeOverrideSettings,
  ET47,
} from "../../../harness/protocol/tables/et47-calendar-override";
import {
  decodeOverPowerTariff,
  encodeOverPowerSettings,
  encodeOverPowerTariff,
  ET48,
  ET48_FIELDS,
  ET48_SIZE,
} from "../../../harness/protocol/tables/et48-over-power-tariff";

test("ET47 (PROVISIONAL): version, mode, tier, end STIME_DATE, status", () => {
  assert.equal(ET47, 2095);
  const v = {
    version: 1,
    mode: 1,
    tier: 2,
    end: { year: 2025, month: 6, day: 11, hour: 12, minute: 0 },
    inForce: true,
  };
  assert.deepEqual(encodeCalendarOverride(v), parseHex("01 01 02 19 06 0b 0c 00 01"));
  assert.deepEqual(decodeCalendarOverride(parseHex("01 01 02 19 06 0b 0c 00 01")), { ok: true, value: v });
  assert.deepEqual(encodeOverrideSettings({ mode: 2, tier: 1, end: null }), parseHex("02 01 00 00 00 00 00"));
  const bad = decodeCalendarOverride(parseHex("01 01 02 19 0d 0b 0c 00 01"));
  assert.equal(!bad.ok && bad.error.path, "ET47.end.month");
});

test("ET48 (PROVISIONAL): version, enabled, tier, UINT32 threshold, status, INT32 average power", () => {
  assert.equal(ET48, 2096);
  assert.equal(ET48_SIZE, 12);
  assert.deepEqual(
    [ET48_FIELDS.thresholdW.offset, ET48_FIELDS.status.offset, ET48_FIELDS.averagePowerW.offset],
    [3, 7, 8],
  );
  // 5000 W = 0x1388; -250 W = 0xffffff06.
  const v = { version: 1, enabled: 1, tier: 3, thresholdW: 5000, status: 1, averagePowerW: -250 };
  assert.deepEqual(encodeOverPowerTariff(v, "le"), parseHex("01 01 03 88 13 00 00 01 06 ff ff ff"));
  assert.deepEqual(decodeOverPowerTariff(parseHex("01 01 03 88 13 00 00 01 06 ff ff ff"), "le"), {
    ok: true,
    value: v,
  });
  assert.deepEqual(
    encodeOverPowerSettings({ enabled: 1, tier: 3, thresholdW: 5000 }, "le"),
    parseHex("01 03 88 13 00 00"),
  );
});
