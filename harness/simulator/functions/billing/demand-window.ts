import type { EnergyRegisters, MeteringStep } from "../../device-model/metering-model";
import { demandEnergyWh } from "./sources";

/**
 * The demand calculation of 8.15.1.1/8.15.1.2 (C12.19 semantics): intervals of L minutes split
 * into S sub-intervals, aligned on the meter's clock; at every sub-interval end the demand of each
 * source is the energy of the last S sub-intervals over the interval length (W = Wh x 60 / L); the
 * present demand is that sum so far, the previous demand the last one completed.
 * Energy comes from the metering model's steps (net active power over exact durations), which end
 * on whole minutes, so a sub-interval always closes at a step's end.
 * A clock change ends the sub-interval in progress without recording it and starts a new one at
 * the new time (PROVISIONAL: the spec's rule is not known); a restart (initialisation,
 * reconfiguration, 8.15.1.9/8.15.1.10) also forgets the previous demand.
 */
export interface DemandSettings {
  readonly intervalMinutes: number;
  readonly subIntervals: number;
  readonly sources: readonly number[];
}

export interface ClosedInterval {
  readonly endMs: number;
  /** Demand (W) of every tracked source, by source id. */
  readonly demands: ReadonlyMap<number, number>;
  /** The tier that took most of the sub-interval's energy, or null when no energy flowed. */
  readonly tier: number | null;
}

const MINUTE = 60_000;

export class DemandWindow {
  private current = new Map<number, number>();
  private history: Map<number, number>[] = [];
  /** Energy since the last restart, clock change or demand reset (what a defective present demand shows). */
  private sinceClear = new Map<number, number>();
  private tierStart: number[] = [];
  nextEndMs = 0;
  startMs = 0;
  lastEndMs: number | null = null;
  previous: number[] = [];

  constructor(
    private settings: DemandSettings,
    /** Sources tracked besides the demands (coincident values). */
    private readonly extraSources: readonly number[],
    nowMs: number,
    registers: EnergyRegisters,
  ) {
    this.restart(settings, nowMs, registers);
  }

  get config(): DemandSettings {
    return this.settings;
  }

  restart(settings: DemandSettings, nowMs: number, registers: EnergyRegisters): void {
    this.settings = settings;
    this.startMs = nowMs;
    this.lastEndMs = null;
    this.previous = settings.sources.map(() => 0);
    this.clockChanged(nowMs);
    this.tiersFrom(registers);
  }

  /** Called before anything books energy at the new time, so that no step of it closes an old interval. */
  clockChanged(nowMs: number): void {
    this.history = [];
    this.current = new Map();
    this.sinceClear = new Map();
    this.nextEndMs = this.boundaryAfter(nowMs);
  }

  /** The tier registers the sub-interval in progress started from. */
  tiersFrom(registers: EnergyRegisters): void {
    this.tierStart = tierEnergy(registers);
  }

  clearSinceReset(): void {
    this.sinceClear = new Map();
  }

  /** Books one metering step; answers the sub-interval it closed, if any. */
  step(s: MeteringStep): ClosedInterval | null {
    for (const id of this.tracked()) {
      const e = demandEnergyWh(id, s.averagePowerW, s.toMs - s.fromMs);
      this.current.set(id, (this.current.get(id) ?? 0) + e);
      this.sinceClear.set(id, (this.sinceClear.get(id) ?? 0) + e);
    }
    if (s.toMs < this.nextEndMs) return null;
    this.history.push(this.current);
    this.history = this.history.slice(-this.settings.subIntervals);
    this.current = new Map();
    const demands = new Map(this.tracked().map((id) => [id, this.demandOf(this.history, id)]));
    const after = tierEnergy(s.registers);
    const tier = dominantTier(this.tierStart, after);
    this.tierStart = after;
    this.lastEndMs = s.toMs;
    this.previous = this.settings.sources.map((id) => demands.get(id) ?? 0);
    this.nextEndMs = this.boundaryAfter(s.toMs);
    return { endMs: s.toMs, demands, tier };
  }

  /** The present demand of each demand source: the window so far, or everything since the last clear. */
  present(neverResets: boolean): number[] {
    const earlier = this.settings.subIntervals === 1 ? [] : this.history.slice(-(this.settings.subIntervals - 1));
    const parts = [...earlier, this.current];
    return this.settings.sources.map((id) =>
      neverResets ? this.demandOf([this.sinceClear], id) : this.demandOf(parts, id),
    );
  }

  private demandOf(parts: readonly Map<number, number>[], id: number): number {
    const wh = parts.reduce((sum, p) => sum + (p.get(id) ?? 0), 0);
    return Math.round((wh * 60) / this.settings.intervalMinutes);
  }

  private tracked(): number[] {
    return [...new Set([...this.settings.sources, ...this.extraSources])];
  }

  private boundaryAfter(ms: number): number {
    const sub = (this.settings.intervalMinutes / this.settings.subIntervals) * MINUTE;
    return Math.floor(ms / sub) * sub + sub;
  }
}

function tierEnergy(r: EnergyRegisters): number[] {
  return r.activeImportWhByTier.map((imp, t) => imp + (r.activeExportWhByTier[t] ?? 0));
}

function dominantTier(before: readonly number[], after: readonly number[]): number | null {
  let best: number | null = null;
  let most = 0;
  after.forEach((v, t) => {
    const d = v - (before[t] ?? 0);
    if (d > most) [best, most] = [t, d];
  });
  return best;
}
