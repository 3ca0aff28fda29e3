import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../../harness/bytes/parse-hex";
import {
  actionMeaning,
  calendarSize,
  decodeCalendar,
  encodeCalendar,
  type Calendar,
  type CalendarDims,
} from "../../../harness/protocol/tables/bt54-calendar";

const DIMS: CalendarDims = {
  anchorDate: true,
  separateWeekdays: false,
  nbrSeasons: 1,
  nbrSpecialSchedules: 1,
  nbrNonRecurringDates: 1,
  nbrRecurringDates: 2,
  nbrTierSwitches: 2,
};

// Worked by hand from the layout:
//   anchor 2025-01-01          ANSI_DATE 25 | 1<<7 | 1<<11 = 0x0899              99 08
//   2025-12-25, special 0 (19) + self-read (bit 6): 25 | 12<<7 | 25<<11 = 0xce19   19 ce 53
//   25 March on a Sunday, DST on (1): RDATE 3 | 0<<8 | 25<<11 = 0xc803         03 c8 01
//   weekly on Saturday, season 0 (3) + demand reset (bit 5): 14 | 6<<8 = 0x060e  0e 06 23
//   tier 1 at 07:30, schedule 0: 1 | 30<<5 | 7<<11 = 0x3bc1                    c1 3b 00
//   tier 2 at 17:00, schedule 0: 2 | 17<<11 = 0x8802                           02 88 00
//   season 0: Saturday 1, Sunday 1, weekday 0, special 2                         01 01 00 02
const BYTES = parseHex("99 08  19 ce 53  03 c8 01  0e 06 23  c1 3b 00  02 88 00  01 01 00 02");
const VALUE: Calendar = {
  anchorDate: { year: 2025, month: 1, day: 1 },
  nonRecurring: [
    { date: { year: 2025, month: 12, day: 25 }, control: { action: 19, demandReset: false, selfRead: true } },
  ],
  recurring: [
    {
      date: { kind: "date", month: 3, offset: 0, weekday: 0, day: 25 },
      control: { action: 1, demandReset: false, selfRead: false },
    },
    { date: { kind: "weekly", weekday: 6 }, control: { action: 3, demandReset: true, selfRead: false } },
  ],
  tierSwitches: [
    { tier: 1, hour: 7, minute: 30, daySchedule: 0 },
    { tier: 2, hour: 17, minute: 0, daySchedule: 0 },
  ],
  dailySchedules: [{ dayTypes: [1, 1, 0], special: [2] }],
};

test("BT54: anchor, non-recurring, recurring dates, tier switches, daily schedule matrix", () => {
  assert.equal(calendarSize(DIMS), 21);
  assert.deepEqual(decodeCalendar(BYTES, "le", DIMS), { ok: true, value: VALUE });
  assert.deepEqual(encodeCalendar(VALUE, "le", DIMS), BYTES);
});

test("seven day types when BT51 separates weekdays; no anchor when it has none", () => {
  const dims = {
    ...DIMS,
    anchorDate: false,
    separateWeekdays: true,
    nbrNonRecurringDates: 0,
    nbrRecurringDates: 0,
    nbrTierSwitches: 0,
  };
  assert.equal(calendarSize(dims), 8);
  const d = decodeCalendar(parseHex("00 01 02 03 04 05 06 07"), "le", dims);
  assert.deepEqual(d, {
    ok: true,
    value: {
      nonRecurring: [],
      recurring: [],
      tierSwitches: [],
      dailySchedules: [{ dayTypes: [0, 1, 2, 3, 4, 5, 6], special: [7] }],
    },
  });
});

test("a non-recurring date in month 13 does not decode; the error names the entry", () => {
  const bad = BYTES.slice();
  // 25 | 13<<7 | 25<<11 = 0xce99
  bad.set([0x99, 0xce], 2);
  const d = decodeCalendar(bad, "le", DIMS);
  assert.equal(!d.ok && d.error.path, "BT54.nonRecurring[0].date.month");
  assert.equal(!d.ok && d.error.offset, 2);
});

test("the encoder refuses a calendar of other dimensions than BT51's", () => {
  assert.throws(
    () => encodeCalendar({ ...VALUE, tierSwitches: VALUE.tierSwitches.slice(1) }, "le", DIMS),
    /BT51 says 2/,
  );
});

test("CALENDAR_ACTION: 1/2 DST, 3..18 seasons, 19..30 special schedules, 31 end of list", () => {
  assert.deepEqual([1, 2, 3, 18, 19, 30, 31, 0].map(actionMeaning), [
    { kind: "dst-on" },
    { kind: "dst-off" },
    { kind: "season", index: 0 },
    { kind: "season", index: 15 },
    { kind: "special", index: 0 },
    { kind: "special", index: 11 },
    { kind: "end-of-list" },
    { kind: "none" },
  ]);
});
