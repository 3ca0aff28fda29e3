import type { SimClock } from "../sim-clock";

/**
 * The meter's measuring element, simulated: a household load with a daily shape and a solar
 * feed-in at midday, so that both forward and reverse energy accrue. Everything is a pure function
 * of the meter's clock and a seed, integrated over the time that really passed (SimClock.elapsedMs),
 * so that a run is reproducible and setting the clock moves no energy.
 *
 * Integration runs in steps of at most one minute of meter time that end on whole minutes, so a
 * load-profile or demand interval (a whole number of minutes) closes exactly at a step's end.
 */
export interface LoadShape {
  /** Always-on load, W. */
  readonly baseW: number;
  /** Extra load at the evening peak (19:00), W. */
  readonly peakW: number;
  /** Solar production at noon, W (0: none). */
  readonly solarPeakW: number;
  /** Seed of the minute-by-minute variation. */
  readonly seed: number;
  /** Nominal phase voltage, V, and number of phases. */
  readonly nominalVoltageV: number;
  readonly phases: 1 | 3;
  /** Number of tariff tiers the registers keep (8.2, 8.4). */
  readonly tiers: number;
}

export interface EnergyRegisters {
  readonly activeImportWh: number;
  readonly activeExportWh: number;
  readonly reactiveImportVarh: number;
  readonly reactiveExportVarh: number;
  readonly activeImportWhByTier: readonly number[];
  readonly activeExportWhByTier: readonly number[];
}

export interface PresentValues {
  /** Net active power, W: positive when importing. */
  readonly activePowerW: number;
  readonly reactivePowerVar: number;
  readonly voltageV: readonly number[];
  readonly currentA: readonly number[];
  readonly frequencyHz: number;
  readonly powerFactor: number;
}

/** One integration step: meter-clock times at its start and end, and the registers at its end. */
export interface MeteringStep {
  readonly fromMs: number;
  readonly toMs: number;
  readonly registers: EnergyRegisters;
  readonly averagePowerW: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Reactive power as a share of the load: a power factor of about 0.95. */
const REACTIVE_SHARE = 0.33;

export class MeteringModel {
  private importWh = 0;
  private exportWh = 0;
  private reactiveImport = 0;
  private reactiveExport = 0;
  private readonly importByTier: number[];
  private readonly exportByTier: number[];
  private lastElapsed: number;
  private lastClockMs: number;
  private supplyConnected = true;
  private tariff: (clockMs: number) => number = () => 0;
  private readonly stepListeners: Array<(s: MeteringStep) => void> = [];
  private readonly jumpListeners: Array<(fromMs: number, toMs: number) => void> = [];

  constructor(
    private readonly clock: SimClock,
    readonly shape: LoadShape,
  ) {
    this.importByTier = new Array<number>(shape.tiers).fill(0);
    this.exportByTier = new Array<number>(shape.tiers).fill(0);
    this.lastElapsed = clock.elapsedMs();
    this.lastClockMs = clock.nowMs();
    clock.beforeChange.push(() => this.advance());
    clock.afterChange.push((from, to) => {
      this.lastClockMs = to;
      for (const f of this.jumpListeners) f(from, to);
    });
  }

  /** Called after every integration step, in order; load profile, demand and schedules hang here. */
  onStep(listener: (s: MeteringStep) => void): void {
    this.stepListeners.push(listener);
  }

  /** Called when the clock is set or adjusted (BP10, EP16), after the energy up to then is booked. */
  onClockJump(listener: (fromMs: number, toMs: number) => void): void {
    this.jumpListeners.push(listener);
  }

  /** The TOU calendar (8.2) tells which tier the energy of a moment goes to. */
  setTariff(tierAt: (clockMs: number) => number): void {
    this.tariff = tierAt;
  }

  /** The disconnect contactor (8.10): an open contactor stops the flow of energy. */
  setSupplyConnected(connected: boolean): void {
    this.advance();
    this.supplyConnected = connected;
  }

  isSupplyConnected(): boolean {
    return this.supplyConnected;
  }

  /** Books the energy up to now, step by step. Every reader of the model calls it first. */
  advance(): void {
    const elapsed = this.clock.elapsedMs();
    let remaining = elapsed - this.lastElapsed;
    // Booked before the steps run: a step listener that reads the registers re-enters here and must
    // find nothing left to book, or the same energy would be counted twice.
    this.lastElapsed = elapsed;
    while (remaining > 0) {
      const toBoundary = MINUTE - (((this.lastClockMs % MINUTE) + MINUTE) % MINUTE);
      const dt = Math.min(remaining, toBoundary);
      this.integrate(this.lastClockMs, dt);
      remaining -= dt;
    }
  }

  registers(): EnergyRegisters {
    this.advance();
    return this.snapshot();
  }

  present(): PresentValues {
    this.advance();
    const p = this.supplyConnected ? this.netPowerW(this.lastClockMs) : 0;
    const q = Math.abs(p) * REACTIVE_SHARE;
    const phases = this.shape.phases;
    const wobble = this.noise(Math.floor(this.lastClockMs / MINUTE) + 7);
    const voltage = Array.from({ length: phases }, (_, i) =>
      round1(this.shape.nominalVoltageV * (1 + 0.01 * wobble) - i * 0.4),
    );
    const current = voltage.map((v) => (this.supplyConnected ? round1(Math.hypot(p, q) / phases / v) : 0));
    return {
      activePowerW: Math.round(p),
      reactivePowerVar: Math.round(p >= 0 ? q : -q),
      voltageV: voltage,
      currentA: current,
      frequencyHz: round1(50 + 0.02 * wobble),
      powerFactor: p === 0 ? 1 : Math.round((Math.abs(p) / Math.hypot(p, q)) * 1000) / 1000,
    };
  }

  private integrate(fromClockMs: number, dt: number): void {
    const p = this.supplyConnected ? this.netPowerW(fromClockMs) : 0;
    const wh = (Math.abs(p) * dt) / 3_600_000;
    const varh = wh * REACTIVE_SHARE;
    const tier = clampTier(this.tariff(fromClockMs), this.shape.tiers);
    if (p >= 0) {
      this.importWh += wh;
      this.reactiveImport += varh;
      this.importByTier[tier] = (this.importByTier[tier] as number) + wh;
    } else {
      this.exportWh += wh;
      this.reactiveExport += varh;
      this.exportByTier[tier] = (this.exportByTier[tier] as number) + wh;
    }
    this.lastClockMs = fromClockMs + dt;
    const step: MeteringStep = {
      fromMs: fromClockMs,
      toMs: this.lastClockMs,
      registers: this.snapshot(),
      averagePowerW: p,
    };
    for (const f of this.stepListeners) f(step);
  }

  /** Load minus solar production at a moment of meter time. */
  private netPowerW(clockMs: number): number {
    const s = this.shape;
    const dayMs = ((clockMs % DAY) + DAY) % DAY;
    const hour = dayMs / 3_600_000;
    const evening = Math.exp(-((hour - 19) ** 2) / 4);
    const load = s.baseW + s.peakW * evening + 0.1 * s.baseW * this.noise(Math.floor(clockMs / MINUTE));
    // Daylight from 06:00 to 18:00, peaking at noon; none at night.
    const solar = s.solarPeakW * Math.max(0, Math.cos(((hour - 12) / 6) * (Math.PI / 2)));
    return load - solar;
  }

  /** A repeatable value in [-1, 1] for a minute number (an integer hash of seed and minute). */
  private noise(minute: number): number {
    let h = (minute ^ this.shape.seed) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    return (h / 0xffffffff) * 2 - 1;
  }

  private snapshot(): EnergyRegisters {
    return {
      activeImportWh: Math.floor(this.importWh),
      activeExportWh: Math.floor(this.exportWh),
      reactiveImportVarh: Math.floor(this.reactiveImport),
      reactiveExportVarh: Math.floor(this.reactiveExport),
      activeImportWhByTier: this.importByTier.map(Math.floor),
      activeExportWhByTier: this.exportByTier.map(Math.floor),
    };
  }
}

function clampTier(tier: number, tiers: number): number {
  return Number.isInteger(tier) && tier >= 0 && tier < tiers ? tier : 0;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
