import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { buildTestCalendar, flawedCalendar } from "../../harness/conformance/calendar-builder";
import { calendarContentProblems, localToUtc } from "../../harness/conformance/calendar-checks";
import { growthOutsideTier, tierGrowth } from "../../harness/conformance/calendar-energy";
import { Inconclusive } from "../../harness/conformance/verdicts";
import type { TimeTou } from "../../harness/protocol/tables/bt50-dimension-time-tou";
import { decodeCalendar, encodeCalendar, NO_ACTION } from "../../harness/protocol/tables/bt54-calendar";

const DIMS: TimeTou = {
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

const SPEC = {
  year: 2025,
  switches: [
    { schedule: 0 as const, hour: 0, minute: 0, tier: 0 },
    { schedule: 0 as const, hour: 12, minute: 0, tier: 1 },
  ],
  season1Starts: { month: 6, day: 12 },
};

test("a test calendar, worked by hand from BT54's layout", () => {
  // anchor 2025-01-01 = 0x0899; 1 January, any weekday: 1 | 7<<8 | 1<<11 = 0x0f01, season 0 (3);
  // 12 June: 6 | 7<<8 | 12<<11 = 0x6706, season 1 (4); tier 1 at 12:00: 1 | 12<<11 = 0x6001;
  // unused switches repeat the first; season 0 runs schedule 0, season 1 schedule 1, specials schedule 2.
  const expected = parseHex(
    "99 08" +
      " 00 00 00".repeat(4) +
      " 01 0f 03  06 67 04" +
      " 00 00 00".repeat(6) +
      " 00 00 00  01 60 00" +
      " 00 00 00".repeat(10) +
      " 00 00 00 02  01 01 01 02",
  );
  assert.deepEqual(encodeCalendar(buildTestCalendar(DIMS, SPEC), "le", DIMS), expected);
});

test("a calendar too small for the scenario is inconclusive, not a failure", () => {
  assert.throws(
    () => buildTestCalendar({ ...DIMS, nbrSeasons: 1 }, SPEC),
    (e: unknown) => e instanceof Inconclusive && /2 season/.test((e as Error).message),
  );
  assert.throws(() => buildTestCalendar({ ...DIMS, nbrTierSwitches: 1 }, SPEC), Inconclusive);
  assert.throws(
    () => buildTestCalendar({ ...DIMS, nbrSpecialSchedules: 0 }, { ...SPEC, specialOn: { month: 1, day: 2 } }),
    Inconclusive,
  );
});

test("each flaw lands where BT54's layout puts it", () => {
  const base = buildTestCalendar(DIMS, SPEC);
  const good = encodeCalendar(base, "le", DIMS);
  const diff = (b: Uint8Array) => [...b.keys()].filter((i) => b[i] !== good[i]);
  // Non-recurring date 0 at offset 2: 25 | 13<<7 | 1<<11 = 0x0e99.
  const month13 = flawedCalendar(DIMS, "le", base, "a non-recurring date in month 13");
  assert.deepEqual([...month13.subarray(2, 4)], [0x99, 0x0e]);
  const d = decodeCalendar(month13, "le", DIMS);
  assert.equal(!d.ok && d.error.path, "BT54.nonRecurring[0].date.month");
  const msbFirst = flawedCalendar(DIMS, "be", buildTestCalendar(DIMS, SPEC), "a non-recurring date in month 13");
  assert.deepEqual([...msbFirst.subarray(2, 4)], [0x0e, 0x99]);
  const dm = decodeCalendar(msbFirst, "be", DIMS);
  assert.equal(!dm.ok && dm.error.path, "BT54.nonRecurring[0].date.month");
  // The last recurring date (offset 2 + 12 + 7*3 = 35) becomes MONTH 15, PERIOD 0: 0x000f.
  assert.deepEqual(
    [...flawedCalendar(DIMS, "le", base, "a periodic date with period 0").subarray(35, 38)],
    [0x0f, 0x00, 0x00],
  );
  // The first tier switch (offset 38) at 25:00: 25<<11 = 0xc800.
  assert.deepEqual(diff(flawedCalendar(DIMS, "le", base, "a tier switch at 25:00")), [39]);
  // Recurring date 0's action (offset 16) names season 2 of 2: 3 + 2 = 5.
  const season = flawedCalendar(DIMS, "le", base, "a season BT51 does not have");
  assert.deepEqual([diff(season), season[16]], [[16], 5]);
});

test("a device calendar's dates and actions are judged against BT51", () => {
  const base = buildTestCalendar(DIMS, SPEC);
  assert.deepEqual(calendarContentProblems(base, DIMS), []);
  const bad = {
    ...base,
    recurring: [
      { date: { kind: "weekly" as const, weekday: 7 }, control: NO_ACTION },
      { date: { kind: "periodic" as const, period: 0, delta: 0 }, control: NO_ACTION },
      { date: { kind: "unassigned" as const }, control: { ...NO_ACTION, action: 20 } },
    ],
  };
  assert.deepEqual(calendarContentProblems(bad, DIMS), [
    "recurring[0]: a weekly date without a weekday (7)",
    "recurring[1]: a periodic date with period 0",
    "recurring[2]: special schedule 1, BT51 has 1",
  ]);
});

test("local time to UTC goes by BT53's time-zone offset", () => {
  assert.equal(
    localToUtc({ dst: null, timeZoneOffsetMinutes: 60 }, Date.UTC(2025, 5, 11, 12)),
    Date.UTC(2025, 5, 11, 11),
  );
  assert.equal(
    localToUtc({ dst: null, timeZoneOffsetMinutes: null }, Date.UTC(2025, 5, 11, 12)),
    Date.UTC(2025, 5, 11, 12),
  );
});

test("energy growth per tier block: only the tier in force may grow", () => {
  const block = (...summations: number[]) => ({ summations, demands: [], coincidents: [] });
  const before = [block(10, 5), block(20, 0), block(0, 0)];
  const growth = tierGrowth(before, [block(10, 5), block(23, 1), block(0, 0)]);
  assert.deepEqual(growth, [0, 4, 0]);
  assert.deepEqual(growthOutsideTier(growth, 1), []);
  assert.deepEqual(growthOutsideTier(growth, 0), [
    "tier 0, the tier in force, did not grow",
    "tier 1 grew by 4 Wh while tier 0 was in force",
  ]);
  assert.throws(() => growthOutsideTier([0, 0, 0], 1), Inconclusive);
});
