import type { DataSelection } from "../protocol/tables/bt22-data-selection";
import type { DataBlock, DemandRecord } from "../protocol/tables/bt23-current-register-data";
import type { PresentRegisterSelection } from "../protocol/tables/bt27-present-register-selection";
import { demandConfigurationProblem, type DemandTable } from "../protocol/tables/et40-demand-configuration";
import type { DemandResetEntry } from "../protocol/tables/et41-demand-reset-log";
import type { STimeDate } from "../protocol/types/time-types";
import { stampProblem } from "./billing-checks";

/**
 * Judgements of 8.15 demand metering, as pure functions of what was read (C12.19 semantics):
 * each answers the problems it finds. Demands are whole watts, so comparisons allow 1 W; where
 * energy over a few seconds is involved, the bounds allow the load to vary by half.
 */
function peak(d: DemandRecord | undefined): number {
  return d?.values[0] ?? 0;
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** ET40 agrees with BT21, BT22 and BT27, and holds a configuration a device can run. */
export function demandTableProblems(
  t: DemandTable,
  demands: number,
  selection: DataSelection,
  present: PresentRegisterSelection,
): string[] {
  const c = t.configuration;
  const out: string[] = [];
  if (c.demands !== demands) out.push(`ET40 has ${c.demands} demands, BT21 ${demands}`);
  const bad = demandConfigurationProblem(c);
  if (bad !== null) out.push(`ET40's configuration is not usable: ${bad}`);
  if (!same(c.sources, selection.demandSources))
    out.push(
      `ET40's sources [${c.sources.join(", ")}] differ from BT22's demand sources [${selection.demandSources.join(", ")}]`,
    );
  if (present.demandSources.length > 0 && !same(present.demandSources, selection.demandSources))
    out.push(`BT27's present demands [${present.demandSources.join(", ")}] differ from BT22's demands`);
  return out;
}

/**
 * 8.15.1.1: `afterS` seconds into a new interval, the present demand holds that part only: at most
 * what the interval that ended (`previous`, over its last `leadS` seconds) gives for that time.
 */
export function presentRestartProblems(
  previous: readonly number[],
  presentAfter: readonly number[],
  leadS: number,
  afterS: number,
): string[] {
  return previous.flatMap((p, i) => {
    const now = presentAfter[i] ?? 0;
    const bound = (p * Math.max(afterS, 0.5) * 1.5) / leadS + 1;
    return now <= bound
      ? []
      : [
          `demand ${i}: ${afterS.toFixed(1)} s into the new interval the present demand is ${now} W, more than ${bound.toFixed(0)} W (the interval that ended, ${leadS} s of which were metered, gave ${p} W)`,
        ];
  });
}

/** BT28's time remaining is the time to the next (sub-)interval end, within `toleranceS`. */
export function remainingProblems(
  remainingS: readonly (number | null)[],
  expectedS: number,
  toleranceS: number,
): string[] {
  return remainingS.flatMap((r, i) =>
    r === null || Math.abs(r - expectedS) <= toleranceS
      ? []
      : [`demand ${i}: time remaining ${r} s, expected ${expectedS.toFixed(0)} s`],
  );
}

/**
 * 8.15.1.2: the previous demand is that of the interval that just ended: at least half of what the
 * lowest power seen (W, null when BT28 does not show the source) gives over the `coveredS` seconds
 * metered in it, for an interval of `intervalMinutes`.
 */
export function previousDemandProblems(
  previous: readonly number[],
  minPowerW: readonly (number | null)[],
  coveredS: number,
  intervalMinutes: number,
): string[] {
  return previous.flatMap((p, i) => {
    const w = minPowerW[i];
    if (w === null || w === undefined) return [];
    const least = ((w * coveredS) / 3600) * (60 / intervalMinutes) * 0.5 - 1;
    return p >= least
      ? []
      : [
          `demand ${i}: previous demand ${p} W; ${coveredS.toFixed(0)} s at ${w} W or more give at least ${least.toFixed(0)} W`,
        ];
  });
}

/**
 * 8.15.1.3: after a demand reset and one interval ending at `stampMs`, each maximum is that
 * interval's demand, stamped with `stampMs` (its end, or its start: PIXIT billing.demand.maximumStamp).
 */
export function maximumProblems(block: DataBlock, previous: readonly number[], stampMs: number): string[] {
  return previous.flatMap((p, i) => {
    const d = block.demands[i];
    if (p <= 0) return [];
    if (peak(d) !== p) return [`demand ${i}: maximum ${peak(d)} W, but the only interval since the reset had ${p} W`];
    const stamp = stampProblem(d?.eventTimes[0] ?? null, stampMs, 0, `demand ${i}: the maximum's time`);
    return stamp === null ? [] : [stamp];
  });
}

/** 8.15.1.4: each coincident value is its source's demand in the interval its associated demand peaked in. */
export function coincidentProblems(
  block: DataBlock,
  selection: DataSelection,
  demandSources: readonly number[],
  previous: readonly number[],
): string[] {
  return selection.coincidentSources.flatMap((source, c) => {
    const assoc = selection.coincidentDemands[c] ?? 0;
    const j = demandSources.indexOf(source);
    if ((previous[assoc] ?? 0) <= 0 || j < 0) return [];
    const got = block.coincidents[c]?.[0] ?? 0;
    const want = previous[j] ?? 0;
    return Math.abs(got - want) <= 1
      ? []
      : [
          `coincident ${c} (source ${source} at demand ${assoc}'s maximum): ${got}, the interval's demand of source ${source} was ${want} W`,
        ];
  });
}

/** Demands whose cumulative value the device keeps (BT21 CUM_DEMAND_FLAG). */
export function cumulativeProblems(before: DataBlock, after: DataBlock): string[] {
  return before.demands.flatMap((d, i) => {
    const want = (d.cumulative ?? 0) + peak(d);
    const got = after.demands[i]?.cumulative ?? 0;
    return got === want
      ? []
      : [`demand ${i}: cumulative ${d.cumulative} + maximum ${peak(d)} = ${want} before the reset; ${got} after it`];
  });
}

/** 8.15.1.6: the continuous cumulative demand is the cumulative demand plus the present maximum. */
export function continuousProblems(block: DataBlock): string[] {
  return block.demands.flatMap((d, i) => {
    const want = (d.cumulative ?? 0) + peak(d);
    return d.continuousCumulative === want
      ? []
      : [
          `demand ${i}: continuous cumulative ${d.continuousCumulative}, cumulative ${d.cumulative} + maximum ${peak(d)} = ${want}`,
        ];
  });
}

function stampText(t: STimeDate | null): string {
  if (t === null) return "none";
  const two = (n: number) => String(n).padStart(2, "0");
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}`;
}

/**
 * Why the maxima a reset moved may not be the ones read: ET40's end of the last interval moved
 * between two reads, so an interval ended in between, and its demand may have raised a maximum (before
 * the reset) or built a new one (after it). Null when it did not move.
 */
export function intervalEndedBetween(before: STimeDate | null, after: STimeDate | null): string | null {
  return stampText(before) === stampText(after)
    ? null
    : `a demand interval ended between the read of the maxima and the check after the reset (ET40's end of the last interval went from ${stampText(before)} to ${stampText(after)})`;
}

/** 8.15.1.7: right after a demand reset every maximum (and its coincident values) is zero. */
export function clearedProblems(block: DataBlock): string[] {
  const out = block.demands.flatMap((d, i) =>
    peak(d) === 0 ? [] : [`demand ${i}: maximum ${peak(d)} W after the reset`],
  );
  block.coincidents.forEach((c, i) => {
    if ((c[0] ?? 0) !== 0) out.push(`coincident ${i}: ${c[0]} after the reset`);
  });
  return out;
}

/**
 * 8.15.1.8: the log's new entry records the reset: its time, the count, each maximum reset and the cumulative after.
 */
export function resetEntryProblems(
  e: DemandResetEntry,
  before: DataBlock,
  after: DataBlock,
  counter: number | null,
  nowMs: number,
): string[] {
  const out: string[] = [];
  const stamp = stampProblem(e.time, nowMs, 1, "the entry's time");
  if (stamp !== null) out.push(stamp);
  if (counter !== null && e.resetCount !== counter)
    out.push(`the entry counts ${e.resetCount} resets, BT23 ${counter}`);
  e.demands.forEach((d, i) => {
    const was = before.demands[i];
    if (d.maximum !== peak(was))
      out.push(`demand ${i}: the entry's maximum is ${d.maximum} W, BT23 had ${peak(was)} W before the reset`);
    const cum = after.demands[i]?.cumulative;
    if (cum !== null && cum !== undefined && d.cumulative !== cum)
      out.push(`demand ${i}: the entry's cumulative is ${d.cumulative}, BT23 has ${cum} after the reset`);
  });
  return out;
}

/** 8.15.1.9/8.15.1.10: a restarted calculation started at `writeMs` and has no interval behind it yet. */
export function restartProblems(t: DemandTable, writeMs: number): string[] {
  const out: string[] = [];
  const started = stampProblem(t.status.calculationStart, writeMs, 1, "ET40's start of the calculation");
  if (started !== null) out.push(started);
  if (t.status.lastIntervalEnd !== null) out.push("ET40 still names the end of an interval of the calculation before");
  t.status.previousDemands.forEach((p, i) => {
    if (p !== 0) out.push(`demand ${i}: the previous demand is ${p} W, kept from the calculation before`);
  });
  return out;
}
