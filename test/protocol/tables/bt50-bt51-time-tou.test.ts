import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../../harness/bytes/parse-hex";
import {
  decodeTimeTou,
  encodeTimeTou,
  exceededDimensions,
  type TimeTou,
} from "../../../harness/protocol/tables/bt50-dimension-time-tou";
import { decodeActualTimeTou } from "../../../harness/protocol/tables/bt51-actual-time-tou";

// Anchor date (flag1 bit 5 = 0x20); automatic DST and a time-zone offset (flag2 bits 0 and 4 = 0x11);
// 2 seasons and 1 special schedule (0x12); 4 non-recurring and 8 recurring dates; 12 tier switches
// (0c 00); an 82-byte calendar (52 00).
const BYTES = parseHex("20 11 12 04 08 0c 00 52 00");
const VALUE: TimeTou = {
  touSelfRead: false,
  seasonSelfRead: false,
  seasonDemandReset: false,
  seasonChangeArmed: false,
  sortDates: false,
  anchorDate: true,
  capDstAuto: true,
  separateWeekdays: false,
  separateSumDemands: false,
  sortTierSwitches: false,
  capTimeZoneOffset: true,
  nbrSeasons: 2,
  nbrSpecialSchedules: 1,
  nbrNonRecurringDates: 4,
  nbrRecurringDates: 8,
  nbrTierSwitches: 12,
  calendarTableSize: 82,
};

test("BT50 and BT51 share C12.19's nine-byte layout", () => {
  assert.deepEqual(decodeTimeTou(BYTES, "le"), { ok: true, value: VALUE });
  assert.deepEqual(decodeActualTimeTou(BYTES, "le"), { ok: true, value: VALUE });
  assert.deepEqual(encodeTimeTou(VALUE, "le"), BYTES);
  const d = decodeActualTimeTou(BYTES.subarray(0, 8), "le");
  assert.equal(!d.ok && d.error.path, "BT51.calendarTableSize");
});

test("BT51 beyond BT50 is named count by count", () => {
  assert.deepEqual(exceededDimensions(VALUE, VALUE), []);
  assert.deepEqual(exceededDimensions({ ...VALUE, nbrTierSwitches: 13, nbrSeasons: 3 }, VALUE), [
    "nbrSeasons 3 > 2",
    "nbrTierSwitches 13 > 12",
  ]);
});
