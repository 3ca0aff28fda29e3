/**
 * The meter's own clock: a UTC time that starts where it is told and advances with an injected
 * monotonic tick source, optionally faster than real time. It never reads the wall clock, so a run
 * is reproducible and a lab can start the meter on any date (leap days, year ends, DST edges).
 */
export type TickSource = () => number;

export class SimClock {
  private baseMs: number;
  private originTick: number;

  constructor(
    startEpochMs: number,
    private readonly speed = 1,
    private readonly ticks: TickSource = () => performance.now(),
  ) {
    this.baseMs = startEpochMs;
    this.originTick = ticks();
  }

  nowMs(): number {
    return Math.floor(this.baseMs + (this.ticks() - this.originTick) * this.speed);
  }

  set(epochMs: number): void {
    this.baseMs = epochMs;
    this.originTick = this.ticks();
  }

  adjust(deltaMs: number): void {
    this.set(this.nowMs() + deltaMs);
  }
}

/** 2024-01-01T00:00:00Z: a documented, leap-year start so that a default run crosses no surprises. */
export const DEFAULT_START_TIME_MS = Date.UTC(2024, 0, 1, 0, 0, 0);
