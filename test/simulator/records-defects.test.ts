import { test } from "node:test";
import assert from "node:assert/strict";
import { LIST } from "../../harness/protocol/procedures/bp04-bp05-list-pointers";
import { ET21 } from "../../harness/protocol/tables/et21-load-profile-configuration";
import { ET57 } from "../../harness/protocol/tables/et57-mbus-data-types";
import { ET72 } from "../../harness/protocol/tables/et72-et73-critical-events";
import { ET75 } from "../../harness/protocol/tables/et75-channel-change-log";
import type { DefectName } from "../../harness/simulator/defects";
import { RECORDS_DEFECTS } from "../../harness/simulator/defects/records-defects";
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { codeOf, meterOf, partialWrite, tableOf, type FakeTicks } from "./meter-requests";
import { alarmsOf, blockEndMs, historyOf, markRead, newestBlock, setClock, statusOf } from "./records-requests";

/** Each defect of the records group changes what the meter visibly does: true with it, false without. */
const EIGHT_PM = Date.UTC(2025, 0, 15, 20, 0, 0);

/** Sets the clock 3 s before 20:00 and lets the interval ending then close. */
function closeAtEight(meter: ReferenceMeter, ticks: FakeTicks): void {
  setClock(meter, EIGHT_PM - 3000);
  ticks.advance(3000);
}

const OBSERVATIONS: Record<keyof typeof RECORDS_DEFECTS, (meter: ReferenceMeter, ticks: FakeTicks) => boolean> = {
  "lp-timestamp-off-by-one-interval": (meter, ticks) => {
    closeAtEight(meter, ticks);
    return blockEndMs(newestBlock(meter)) !== EIGHT_PM;
  },
  "lp-clock-set-flag-missing": (meter, ticks) => {
    closeAtEight(meter, ticks);
    return newestBlock(meter).intervals[0]?.status?.common.clockSetForward !== true;
  },
  "lp-block-end-reading-wrong": (meter, ticks) => {
    // The registers start at zero, so a block begun at the start ends reading the sum of its intervals.
    ticks.advance(16 * 60_000);
    const b = newestBlock(meter);
    return b.endReadings.some((r, ch) => r.reading !== b.intervals.reduce((n, iv) => n + (iv.values[ch] ?? 0), 0));
  },
  "lp-reconfiguration-not-logged": (meter) => {
    assert.equal(codeOf(meter, partialWrite(ET21, 0, Uint8Array.of(30))), 0);
    return (tableOf(meter, ET75)[0] ?? 0) === 0;
  },
  "mbus-lp-data-type-wrong": (meter) => tableOf(meter, ET57)[5] !== 0x04,
  "mbus-lp-poll-rate-ignored": (meter, ticks) => {
    assert.equal(codeOf(meter, partialWrite(ET57, 0, Uint8Array.of(15))), 0);
    setClock(meter, EIGHT_PM - 15 * 60_000 - 3000);
    ticks.advance(3000);
    return blockEndMs(newestBlock(meter, 2)) !== EIGHT_PM - 15 * 60_000;
  },
  "mbus-lp-local-time-stamps": (meter, ticks) => {
    closeAtEight(meter, ticks);
    return blockEndMs(newestBlock(meter, 2)) !== EIGHT_PM;
  },
  "lp-unread-not-decremented": (meter, ticks) => {
    closeAtEight(meter, ticks);
    const before = statusOf(meter).unreadBlocks;
    assert.equal(markRead(meter, LIST.loadProfileSet1, 1), 0);
    return statusOf(meter).unreadBlocks === before;
  },
  "lp-unread-alarm-never-raised": (meter, ticks) => {
    assert.equal(codeOf(meter, partialWrite(ET21, 1, Uint8Array.of(1, 0))), 0);
    ticks.advance(30_000);
    assert.equal(statusOf(meter).unreadBlocks, 1);
    return alarmsOf(meter).flags.unreadEntries === 0;
  },
  "history-log-drops-clock-change": (meter) => {
    setClock(meter, EIGHT_PM);
    return !historyOf(meter).entries.some((e) => e.code === 3 || e.code === 4);
  },
  "history-log-sequence-restarts": (meter) => {
    const before = historyOf(meter).header.lastEntrySequence;
    setClock(meter, EIGHT_PM);
    setClock(meter, EIGHT_PM + 3_600_000);
    return historyOf(meter).header.lastEntrySequence !== before + 4;
  },
  "critical-bitmask-ignored": (meter) => {
    setClock(meter, EIGHT_PM);
    return alarmsOf(meter).flags.criticalEvent === 1;
  },
  "critical-category-ignored": (meter) => {
    assert.equal(codeOf(meter, partialWrite(ET72, 0, Uint8Array.of(0x02, 0x00))), 0);
    setClock(meter, EIGHT_PM);
    return alarmsOf(meter).flags.criticalEvent === 0;
  },
};

for (const [name, info] of Object.entries(RECORDS_DEFECTS)) {
  test(`defect ${name} (${info.clause}): ${info.what}`, () => {
    const observe = OBSERVATIONS[name as keyof typeof RECORDS_DEFECTS];
    const clean = meterOf();
    const broken = meterOf("reference", [name as DefectName]);
    assert.equal(observe(clean.meter, clean.ticks), false, "without the defect");
    assert.equal(observe(broken.meter, broken.ticks), true, "with the defect");
  });
}
