import { test } from "node:test";
import assert from "node:assert/strict";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { BT53, encodeTimeOffset } from "../../harness/protocol/tables/bt53-time-offset";
import { BT54, type Calendar } from "../../harness/protocol/tables/bt54-calendar";
import { matchesRDate } from "../../harness/simulator/functions/calendar/calendar-rules";
import { codeOf, fullWrite, meterOf, tableOf } from "./meter-requests";
import { bt55Of, calendarOf, dimsOf, utcOf, writeCalendar } from "./calendar-requests";

/**
 * The reference meter's factory calendar (reference-calendar.ts), read as a utility would: CET
 * (UTC+1, +1 h in DST from the last Sunday of March to the last Sunday of October at 02:00 standard
 * time); winter weekdays 00:00 tier 0, 07:00 tier 1, 17:00 tier 2, 21:00 tier 0; weekends 00:00 tier
 * 0, 09:00 tier 1, 21:00 tier 0; holidays (25 Dec, 1 Jan, 26 Dec 2024/2025) tier 3 all day; summer
 * (from 1 April to 1 October) weekdays 00:00 tier 0, 08:00 tier 1, 20:00 tier 0.
 */
const local = (y: number, mo: number, d: number, h: number, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

function at(meterUtcMs: number) {
  const { meter } = meterOf();
  meter.clock.set(meterUtcMs);
  return bt55Of(meter);
}

test("winter weekday (Friday 1 March 2024): the tier follows the weekday schedule, to the second", () => {
  const winter = (h: number, mi = 0, s = 0) => at(utcOf(local(2024, 3, 1, h, mi, s), false)).status.tier;
  assert.deepEqual([winter(6, 59, 59), winter(7), winter(16, 59, 59), winter(17), winter(21)], [0, 1, 1, 2, 0]);
});

test("a Saturday runs the weekend schedule; BT55's clock is local time with day of week and flags", () => {
  const s = at(utcOf(local(2024, 3, 2, 9, 0, 5), false));
  assert.deepEqual(s.clock, { year: 2024, month: 3, day: 2, hour: 9, minute: 0, second: 5 });
  assert.deepEqual(s.qualifier, { dayOfWeek: 6, dst: 0, gmt: 0, timeZoneApplied: 1, dstApplied: 0, dstSupported: 1 });
  assert.deepEqual(s.status, { tier: 1, demandTier: 0, tierDrive: 0, specialSchedule: 15, season: 0 });
  assert.equal(at(utcOf(local(2024, 3, 2, 8, 59, 59), false)).status.tier, 0);
});

test("holidays run special schedule 0 (tier 3); the day after does not", () => {
  for (const day of [25, 26])
    assert.deepEqual(
      [
        at(utcOf(local(2024, 12, day, 12), false)).status.specialSchedule,
        at(utcOf(local(2024, 12, day, 12), false)).status.tier,
      ],
      [0, 3],
      `${day} December`,
    );
  const after = at(utcOf(local(2024, 12, 27, 12), false)).status;
  assert.deepEqual([after.specialSchedule, after.tier], [15, 1]);
});

test("DST starts on the last Sunday of March and ends on the last Sunday of October at 02:00 standard time", () => {
  // 31 March 2024 and 27 October 2024 are the last Sundays; 02:00 CET is 01:00 UTC.
  const before = at(Date.UTC(2024, 2, 31, 0, 59, 59));
  const after = at(Date.UTC(2024, 2, 31, 1, 0, 0));
  assert.deepEqual(
    [before.clock?.hour, before.qualifier.dst, after.clock?.hour, after.qualifier.dst, after.qualifier.dstApplied],
    [1, 0, 3, 1, 1],
  );
  const summerEnd = at(Date.UTC(2024, 9, 27, 0, 59, 59));
  const winterAgain = at(Date.UTC(2024, 9, 27, 1, 0, 0));
  assert.deepEqual(
    [summerEnd.clock?.hour, summerEnd.qualifier.dst, winterAgain.clock?.hour, winterAgain.qualifier.dst],
    [2, 1, 2, 0],
  );
});

test("season 1 (from 1 April) runs the summer weekday schedule", () => {
  const summer = at(utcOf(local(2024, 4, 2, 7, 30), true)).status;
  assert.deepEqual([summer.season, summer.tier], [1, 0], "07:30 is still tier 0 in summer");
  assert.equal(at(utcOf(local(2024, 4, 2, 8, 0), true)).status.tier, 1);
  const winter = at(utcOf(local(2024, 3, 29, 7, 30), false)).status;
  assert.deepEqual([winter.season, winter.tier], [0, 1]);
});

test("energy goes to the register of the tier in force, and moves at the switch", () => {
  const { meter, ticks } = meterOf();
  meter.clock.set(utcOf(local(2024, 3, 1, 20, 50), false));
  const m = meter.context.metering;
  const t0 = m.registers().activeImportWhByTier;
  ticks.advance(10 * 60_000);
  const t1 = m.registers().activeImportWhByTier;
  assert.ok((t1[2] as number) > (t0[2] as number), "20:50-21:00 is tier 2");
  assert.deepEqual([t1[0], t1[1], t1[3]], [t0[0], t0[1], t0[3]]);
  ticks.advance(10 * 60_000);
  const t2 = m.registers().activeImportWhByTier;
  assert.ok((t2[0] as number) > (t1[0] as number), "21:00-21:10 is tier 0");
  assert.equal(t2[2], t1[2]);
});

test("BT54 refuses what the meter cannot run (onp) and keeps its calendar; it takes a valid change", () => {
  const { meter } = meterOf();
  const base = calendarOf(meter);
  const bt54 = tableOf(meter, BT54);
  const withRecurring = (date: Calendar["recurring"][number]["date"], action = 0): Calendar => ({
    ...base,
    recurring: base.recurring.map((r, i) =>
      i === 7 ? { date, control: { action, demandReset: false, selfRead: false } } : r,
    ),
  });
  const refused: Array<[string, Calendar]> = [
    ["period 0", withRecurring({ kind: "periodic", period: 0, delta: 0 })],
    ["delta not below period", withRecurring({ kind: "periodic", period: 7, delta: 7 })],
    ["an OFFSET adjustment", withRecurring({ kind: "date", month: 5, day: 1, weekday: 7, offset: 2 })],
    ["31 April", withRecurring({ kind: "date", month: 4, day: 31, weekday: 7, offset: 0 })],
    ["season 2 of 2", withRecurring({ kind: "date", month: 5, day: 1, weekday: 7, offset: 0 }, 5)],
    ["special schedule 1 of 1", withRecurring({ kind: "date", month: 5, day: 1, weekday: 7, offset: 0 }, 20)],
    ["tier 4 of 4", { ...base, tierSwitches: base.tierSwitches.map((s, i) => (i === 0 ? { ...s, tier: 4 } : s)) }],
    ["24:00", { ...base, tierSwitches: base.tierSwitches.map((s, i) => (i === 0 ? { ...s, hour: 24 } : s)) }],
  ];
  for (const [why, c] of refused) {
    assert.equal(writeCalendar(meter, c), RESPONSE_CODE.onp, why);
    assert.deepEqual(tableOf(meter, BT54), bt54, `${why}: unchanged`);
  }
  assert.equal(writeCalendar(meter, withRecurring({ kind: "periodic", period: 7, delta: 3 })), RESPONSE_CODE.ok);
});

test("BT53 takes offsets within +-14 h and DST amounts up to 2 h", () => {
  const { meter } = meterOf();
  const dims = dimsOf(meter);
  const offset = (tz: number, dst = 60) =>
    encodeTimeOffset(
      { dst: { effective: { hour: 2, minute: 0, second: 0 }, amountMinutes: dst }, timeZoneOffsetMinutes: tz },
      "le",
      dims,
    );
  assert.equal(codeOf(meter, fullWrite(BT53, offset(15 * 60))), RESPONSE_CODE.onp);
  assert.equal(codeOf(meter, fullWrite(BT53, offset(60, 180))), RESPONSE_CODE.onp);
  assert.equal(codeOf(meter, fullWrite(BT53, offset(-300))), RESPONSE_CODE.ok);
  meter.clock.set(Date.UTC(2024, 2, 1, 17, 0, 0));
  assert.deepEqual(bt55Of(meter).clock, { year: 2024, month: 3, day: 1, hour: 12, minute: 0, second: 0 }, "UTC-5");
});

test("recurring dates: a weekday on or after a day (also into the next year), monthly, weekly, periodic from the anchor", () => {
  const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
  const lastSundayOfMarch = { kind: "date" as const, month: 3, day: 25, weekday: 0, offset: 0 };
  assert.deepEqual(
    [day(2024, 3, 31), day(2024, 3, 25), day(2025, 3, 30)].map((d) => matchesRDate(lastSundayOfMarch, d, null)),
    [true, false, true],
  );
  // 28 December 2024 is a Saturday: "the Friday on or after 28 December" is 3 January 2025.
  assert.equal(matchesRDate({ kind: "date", month: 12, day: 28, weekday: 5, offset: 0 }, day(2025, 1, 3), null), true);
  assert.deepEqual(
    [day(2024, 2, 15), day(2024, 7, 15), day(2024, 7, 16)].map((d) =>
      matchesRDate({ kind: "monthly", day: 15, weekday: 7, offset: 0 }, d, null),
    ),
    [true, true, false],
  );
  assert.equal(matchesRDate({ kind: "weekly", weekday: 0 }, day(2024, 3, 31), null), true);
  const every7From3rd = { kind: "periodic" as const, period: 7, delta: 2 };
  const anchor = day(2024, 1, 1);
  assert.deepEqual(
    [1, 3, 4, 10, 17].map((d) => matchesRDate(every7From3rd, day(2024, 1, d), anchor)),
    [false, true, false, true, true],
  );
  assert.equal(matchesRDate(every7From3rd, day(2024, 1, 3), null), false, "no anchor, no periodic date");
});
