import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { BP13, encodeSpecificPendingTable } from "../../harness/protocol/procedures/bp13-activate-specific-pending";
import { BP14 } from "../../harness/protocol/procedures/bp14-clear-all-pending";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { BT54 } from "../../harness/protocol/tables/bt54-calendar";
import { BT55, decodeClockState } from "../../harness/protocol/tables/bt55-clock-state";
import { ET47 } from "../../harness/protocol/tables/et47-calendar-override";
import { ET48 } from "../../harness/protocol/tables/et48-over-power-tariff";
import type { DefectName } from "../../harness/simulator/defects";
import { CALENDAR_DEFECTS } from "../../harness/simulator/defects/calendar-defects";
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { codeOf, initiate, meterOf, partialWrite, tableOf, type FakeTicks } from "./meter-requests";
import { bt04Of, bt55Of, isPendingIn, manual, utcOf, writePending } from "./calendar-requests";

/** Each defect of the calendar group changes what the meter visibly does: true with it, false without. */
const relative = (seconds: number) => ({
  ...manual,
  trigger: { kind: "relative" as const, delay: { weeks: 0, days: 0, hours: 0, minutes: 0, seconds } },
});

const OBSERVATIONS: Record<keyof typeof CALENDAR_DEFECTS, (meter: ReferenceMeter, ticks: FakeTicks) => boolean> = {
  "clock-state-month-zero-based": (meter) =>
    !decodeClockState(tableOf(meter, BT55), "le").ok || tableOf(meter, BT55)[1] !== 3,
  "ped-activation-ignored": (meter, ticks) => {
    writePending(meter, BT54, relative(3), tableOf(meter, BT54));
    ticks.advance(3000);
    return isPendingIn(bt04Of(meter), BT54);
  },
  "relative-ped-minutes-for-seconds": (meter, ticks) => {
    writePending(meter, BT54, relative(3), tableOf(meter, BT54));
    ticks.advance(3000);
    return isPendingIn(bt04Of(meter), BT54);
  },
  "impossible-ped-accepted": (meter) =>
    writePending(meter, BT54, parseHex("00 19 0d 01 0c 00"), tableOf(meter, BT54)) === RESPONSE_CODE.ok,
  "bp14-clears-nothing": (meter) => {
    writePending(meter, BT54, manual, tableOf(meter, BT54));
    initiate(meter, BP14, 5, new Uint8Array(0));
    return isPendingIn(bt04Of(meter), BT54);
  },
  "bt04-count-stale": (meter) => {
    writePending(meter, BT54, manual, tableOf(meter, BT54));
    initiate(meter, BP13, 5, encodeSpecificPendingTable({ tableId: BT54 }, "le"));
    return bt04Of(meter).pendingActivations !== 0;
  },
  "fixed-field-write-accepted": (meter) => codeOf(meter, partialWrite(ET47, 0, parseHex("02"))) === RESPONSE_CODE.ok,
  "meter-field-writable": (meter) => codeOf(meter, partialWrite(ET47, 8, parseHex("01"))) === RESPONSE_CODE.ok,
  // Friday 1 March 2024, 07:00:30 CET: the factory calendar has just switched to tier 1.
  "tier-switch-hour-late": (meter) => {
    meter.clock.set(utcOf(Date.UTC(2024, 2, 1, 7, 0, 30), false));
    return bt55Of(meter).status.tier !== 1;
  },
  "override-never-expires": (meter, ticks) => {
    meter.clock.set(Date.UTC(2024, 2, 1, 11, 0, 0));
    codeOf(meter, partialWrite(ET47, 1, parseHex("01 03 18 03 01 0b 01")));
    ticks.advance(61_000);
    return bt55Of(meter).status.tier === 3;
  },
  "over-power-tier-ignored": (meter, ticks) => {
    meter.clock.set(utcOf(Date.UTC(2024, 2, 1, 2, 0, 0), false));
    codeOf(meter, partialWrite(ET48, 1, parseHex("01 03 00 00 00 00")));
    ticks.advance(1000);
    return bt55Of(meter).status.tier !== 3;
  },
};

for (const [name, info] of Object.entries(CALENDAR_DEFECTS)) {
  test(`defect ${name} (${info.clause}): ${info.what}`, () => {
    const observe = OBSERVATIONS[name as keyof typeof CALENDAR_DEFECTS];
    const clean = meterOf();
    // January 2024 (month 1) would make the zero-based month undecodable; March shows it as 2.
    clean.meter.clock.set(Date.UTC(2024, 2, 1, 11, 0, 0));
    const broken = meterOf("reference", [name as DefectName]);
    broken.meter.clock.set(Date.UTC(2024, 2, 1, 11, 0, 0));
    assert.equal(observe(clean.meter, clean.ticks), false, "without the defect");
    assert.equal(observe(broken.meter, broken.ticks), true, "with the defect");
  });
}
