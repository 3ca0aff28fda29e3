import type { Timeline } from "./timeline";

/**
 * The meter's supply as the M-Bus master sees it (8.18.1.4): on the simulator, the bench (EP95)
 * cuts it for a while. A cut interrupts the reads in progress; when power returns, interrupted
 * reads are retried and missed scheduled reads are caught up.
 */
export class PowerSupply {
  private offUntil: number | null = null;
  /** An outage the bench has set to strike when the next M-Bus read starts, ms. */
  private armedMs: number | null = null;
  private readonly cutListeners: Array<(clockMs: number) => void> = [];
  private readonly restoreListeners: Array<(clockMs: number) => void> = [];

  constructor(private readonly timeline: Timeline) {}

  isOn(): boolean {
    return this.offUntil === null;
  }

  onCut(listener: (clockMs: number) => void): void {
    this.cutListeners.push(listener);
  }

  onRestore(listener: (clockMs: number) => void): void {
    this.restoreListeners.push(listener);
  }

  /** The next M-Bus read to start will be broken off by an outage of `ms` (the bench's pulled plug, on cue). */
  armCut(ms: number): void {
    this.armedMs = ms;
  }

  /** Called as an M-Bus read starts: the armed outage, if any, strikes now. */
  strikeIfArmed(at = this.timeline.current()): void {
    const ms = this.armedMs;
    if (ms === null) return;
    this.armedMs = null;
    this.cut(ms, at);
  }

  /** Power is off from physical time `at` (default: now) for `ms`; a cut during a cut extends it. */
  cut(ms: number, at = this.timeline.current()): void {
    this.timeline.settle(at);
    const until = at + ms;
    const wasOn = this.isOn();
    this.offUntil = Math.max(this.offUntil ?? 0, until);
    if (wasOn) for (const l of this.cutListeners) l(this.timeline.clockAt(at));
    this.timeline.at(until, (clockMs) => {
      if (this.offUntil === null || this.timeline.current() < this.offUntil) return;
      this.offUntil = null;
      for (const l of this.restoreListeners) l(clockMs);
    });
  }
}
