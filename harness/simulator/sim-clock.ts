import { now } from "../transport/timers";

/**
 * The meter's own clock: a UTC time that starts where it is told and advances with an injected
 * monotonic tick source, optionally faster than real time. It never reads the wall clock, so a run
 * is reproducible and a lab can start the meter on any date (leap days, year ends, DST edges).
 */
export type TickSource = () => number;

export class SimClock {
  private baseMs: number;
  private originTick: number;
  private readonly firstTick: number;

  constructor(
    startEpochMs: number,
    private readonly speed = 1,
    private readonly ticks: TickSource = now,
  ) {
    this.baseMs = startEpochMs;
    this.originTick = ticks();
    this.firstTick = this.originTick;
  }

  /**
   * Time that has really passed for the meter since it started, in ms, whatever the clock was set to:
   * energy accrues over this, not over clock jumps.
   */
  elapsedMs(): number {
    return (this.ticks() - this.firstTick) * this.speed;
  }

  nowMs(): number {
    return Math.floor(this.baseMs + (this.ticks() - this.originTick) * this.speed);
  }

  /** Called around every set or adjustment, so that time-driven functions account for the jump exactly. */
  readonly beforeChange: Array<() => void> = [];
  readonly afterChange: Array<(fromMs: number, toMs: number) => void> = [];

  set(epochMs: number): void {
    for (const f of this.beforeChange) f();
    const from = this.nowMs();
    this.baseMs = epochMs;
    this.originTick = this.ticks();
    for (const f of this.afterChange) f(from, this.nowMs());
  }

  adjust(deltaMs: number): void {
    this.set(this.nowMs() + deltaMs);
  }
}

/** 2024-01-01T00:00:00Z: a documented, leap-year start so that a default run crosses no surprises. */
export const DEFAULT_START_TIME_MS = Date.UTC(2024, 0, 1, 0, 0, 0);
