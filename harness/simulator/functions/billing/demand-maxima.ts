import type { DataBlock, DemandRecord } from "../../../protocol/tables/bt23-current-register-data";
import type { DefectSet } from "../../defects";
import type { ClosedInterval } from "./demand-window";
import { stime } from "./stime";

/**
 * The maxima of 8.15.1.3-8.15.1.6 for the total block and each tier block of BT23: per demand the
 * maximum (peak) demand since the last reset with the end of the interval it occurred in, the
 * cumulative demand (the sum of the maxima at past resets) and per coincident value the demand of
 * its source in the interval where its associated demand peaked. A tier block takes an interval
 * when that tier took most of its energy. The continuous cumulative demand is computed on reading:
 * the cumulative demand plus the present maximum (C12.19).
 */
interface Peak {
  value: number;
  timeMs: number | null;
  cumulative: number;
}

interface BlockMaxima {
  readonly peaks: Peak[];
  readonly coincidents: number[];
}

export interface MaximaSelection {
  readonly demandSources: readonly number[];
  readonly coincidentSources: readonly number[];
  readonly coincidentDemands: readonly number[];
}

export class DemandMaxima {
  private readonly blocks: BlockMaxima[];

  constructor(
    tiers: number,
    private selection: MaximaSelection,
    private readonly defects: DefectSet,
  ) {
    this.blocks = Array.from({ length: 1 + tiers }, () => ({
      peaks: selection.demandSources.map(() => ({ value: 0, timeMs: null, cumulative: 0 })),
      coincidents: selection.coincidentSources.map(() => 0),
    }));
  }

  record(closed: ClosedInterval, intervalMs: number): void {
    const blocks = closed.tier === null ? [0] : [0, 1 + closed.tier];
    for (const b of blocks) {
      const block = this.blocks[b] as BlockMaxima;
      this.selection.demandSources.forEach((source, i) => {
        const value = closed.demands.get(source) ?? 0;
        const peak = block.peaks[i] as Peak;
        if (value <= peak.value) return;
        peak.value = value;
        peak.timeMs = this.defects.has("max-demand-time-interval-start") ? closed.endMs - intervalMs : closed.endMs;
        if (this.defects.has("coincident-not-captured")) return;
        this.selection.coincidentDemands.forEach((assoc, c) => {
          if (assoc === i)
            block.coincidents[c] = closed.demands.get(this.selection.coincidentSources[c] as number) ?? 0;
        });
      });
    }
  }

  /** 8.15.1.7: each maximum moves into the cumulative demand and starts again from zero. */
  reset(): void {
    for (const block of this.blocks) {
      for (const p of block.peaks) {
        if (!this.defects.has("cumulative-demand-not-updated")) p.cumulative += p.value;
        if (this.defects.has("demand-reset-keeps-maximum")) continue;
        p.value = 0;
        p.timeMs = null;
      }
      block.coincidents.fill(0);
    }
  }

  /** A reconfiguration that changes a demand's source forgets what that demand held. */
  reselect(selection: MaximaSelection): void {
    const before = this.selection;
    this.selection = selection;
    for (const block of this.blocks) {
      selection.demandSources.forEach((source, i) => {
        if (before.demandSources[i] !== source) block.peaks[i] = { value: 0, timeMs: null, cumulative: 0 };
      });
    }
  }

  /** The demand part of BT23's data block `block` (0 = total, 1 + t = tier t). */
  demandsOf(block: number): Pick<DataBlock, "demands" | "coincidents"> {
    const b = this.blocks[block] as BlockMaxima;
    const demands = b.peaks.map((p): DemandRecord => ({
      eventTimes: [p.timeMs === null ? null : stime(p.timeMs)],
      cumulative: p.cumulative,
      continuousCumulative: p.cumulative + (this.defects.has("continuous-cumulative-excludes-maximum") ? 0 : p.value),
      values: [p.value],
    }));
    return { demands, coincidents: b.coincidents.map((v) => [v]) };
  }

  /** The total block's maxima, as the demand reset log (ET41) records them. */
  totals(): { maximum: number; maximumTimeMs: number | null; cumulative: number }[] {
    return (this.blocks[0] as BlockMaxima).peaks.map((p) => ({
      maximum: p.value,
      maximumTimeMs: p.timeMs,
      cumulative: p.cumulative,
    }));
  }
}
