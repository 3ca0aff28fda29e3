import { test } from "node:test";
import assert from "node:assert/strict";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { BT22 } from "../../harness/protocol/tables/bt22-data-selection";
import type { DefectName } from "../../harness/simulator/defects";
import { meterOf, tableOf } from "./meter-requests";
import {
  bt23Of,
  dimsOf,
  et40Of,
  et41Of,
  presentOf,
  remoteReset,
  selfReadsOf,
  setClock,
  sum,
  writeDemand,
} from "./billing-requests";

/**
 * Each billing defect changes what a client of the meter can observe: the probe answers true with
 * the defect on and false without it.
 */
type Probe = (defects: DefectName[]) => boolean;

function shows(defect: DefectName, probe: Probe): void {
  assert.equal(probe([defect]), true, `${defect} on`);
  assert.equal(probe([]), false, `${defect} off`);
}

const EVENING = Date.UTC(2024, 0, 1, 18, 59, 30);

/** A reference meter at 18:59:30 on 1-minute block demand, advanced past 19:00 (one interval closed). */
function afterOneInterval(defects: DefectName[]) {
  const m = meterOf("reference", defects);
  setClock(m.meter, EVENING);
  writeDemand(m.meter, { intervalMinutes: 1, subIntervals: 1, sources: [0, 1, 4] });
  m.ticks.advance(31_000);
  return m;
}

test("bt21-summation-count-short: BT21 declares fewer summations than BT22 holds", () => {
  shows("bt21-summation-count-short", (d) => {
    const { meter } = meterOf("reference", d);
    return dimsOf(meter).summations !== tableOf(meter, BT22).length - 3 - 1 - 2 * 1;
  });
});

test("bt23-tier-blocks-stale: between self-reads the tier blocks do not add up to the total", () => {
  shows("bt23-tier-blocks-stale", (d) => {
    const { meter, ticks } = meterOf("reference", d);
    ticks.advance(10 * 60_000);
    const r = bt23Of(meter);
    // Forward energy: at night the house imports (the solar export comes by day).
    return (r.total.summations[0] ?? 0) - sum(r.tiers.map((t) => t.summations[0] ?? 0)) >= r.tiers.length;
  });
});

test("self-read-hour-late: no self-read at midnight (START is 23:59:30), one at 01:00", () => {
  shows("self-read-hour-late", (d) => {
    const { meter, ticks } = meterOf("reference", d);
    ticks.advance(60_000);
    return selfReadsOf(meter).validEntries === 0;
  });
});

test("self-read-stamped-day-early: a self-read on demand is stamped a day before", () => {
  shows("self-read-stamped-day-early", (d) => {
    const { meter } = meterOf("minimal", d);
    remoteReset(meter, { selfRead: true });
    return selfReadsOf(meter).entries[0]?.endTime?.day === 28;
  });
});

test("total-energy-stale: the total energy stops following forward plus reverse", () => {
  shows("total-energy-stale", (d) => {
    const { meter, ticks } = meterOf("reference", d);
    ticks.advance(10 * 60_000);
    const s = bt23Of(meter).total.summations;
    return s[2] !== (s[0] ?? 0) + (s[1] ?? 0);
  });
});

test("bt23-frozen-between-self-reads: BT23 does not grow between self-reads", () => {
  shows("bt23-frozen-between-self-reads", (d) => {
    const { meter, ticks } = meterOf("minimal", d);
    ticks.advance(60_000);
    const a = bt23Of(meter).total.summations[0];
    ticks.advance(5 * 60_000);
    return bt23Of(meter).total.summations[0] === a;
  });
});

test("present-demand-never-resets: the present demand keeps the interval that ended", () => {
  shows("present-demand-never-resets", (d) => {
    const { meter } = afterOneInterval(d);
    return (presentOf(meter).demands[0]?.value ?? 0) >= (et40Of(meter).status.previousDemands[0] ?? 0);
  });
});

test("previous-demand-lags: after the first interval the previous demand is still zero", () => {
  shows("previous-demand-lags", (d) => et40Of(afterOneInterval(d).meter).status.previousDemands[0] === 0);
});

test("max-demand-time-interval-start: the maximum is stamped 18:59, the start of its interval", () => {
  shows(
    "max-demand-time-interval-start",
    (d) => bt23Of(afterOneInterval(d).meter).total.demands[0]?.eventTimes[0]?.minute === 59,
  );
});

test("coincident-not-captured: the coincident total demand stays zero at a new maximum", () => {
  shows("coincident-not-captured", (d) => bt23Of(afterOneInterval(d).meter).total.coincidents[0]?.[0] === 0);
});

test("cumulative-demand-not-updated: the cumulative demand stays zero after a reset", () => {
  shows("cumulative-demand-not-updated", (d) => {
    const { meter } = afterOneInterval(d);
    remoteReset(meter, { demandReset: true });
    return bt23Of(meter).total.demands[0]?.cumulative === 0;
  });
});

test("continuous-cumulative-excludes-maximum: the continuous cumulative demand is the cumulative alone", () => {
  shows("continuous-cumulative-excludes-maximum", (d) => {
    const r = bt23Of(afterOneInterval(d).meter).total.demands[0];
    return r?.continuousCumulative === r?.cumulative;
  });
});

test("demand-reset-keeps-maximum: the maximum survives a reset", () => {
  shows("demand-reset-keeps-maximum", (d) => {
    const { meter } = afterOneInterval(d);
    remoteReset(meter, { demandReset: true });
    return (bt23Of(meter).total.demands[0]?.values[0] ?? 0) > 0;
  });
});

test("demand-reset-not-logged: ET41 stays empty after a reset", () => {
  shows("demand-reset-not-logged", (d) => {
    const { meter } = meterOf("reference", d);
    remoteReset(meter, { demandReset: true });
    return et41Of(meter).validEntries === 0;
  });
});

test("demand-restart-keeps-previous: after a restart ET40 still names the interval before", () => {
  shows("demand-restart-keeps-previous", (d) => {
    const { meter } = afterOneInterval(d);
    assert.equal(writeDemand(meter, { intervalMinutes: 1, subIntervals: 1, sources: [0, 1, 4] }), RESPONSE_CODE.ok);
    return et40Of(meter).status.lastIntervalEnd !== null;
  });
});

test("demand-reconfiguration-ignored: after a switch to 2-minute intervals at 19:14:30 the old 15-minute one still ends at 19:15", () => {
  shows("demand-reconfiguration-ignored", (d) => {
    const { meter, ticks } = meterOf("reference", d);
    setClock(meter, Date.UTC(2024, 0, 1, 19, 14, 30));
    writeDemand(meter, { intervalMinutes: 2, subIntervals: 1, sources: [0, 1, 4] });
    ticks.advance(31_000);
    return et40Of(meter).status.lastIntervalEnd !== null;
  });
});
