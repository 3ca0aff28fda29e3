import type { SimClock } from "../../sim-clock";

/**
 * Things that happen a while after they are started (an M-Bus read takes seconds, power comes
 * back, the MEP device polls), on the meter's physical time (SimClock.elapsedMs, which setting the
 * clock does not move). Nothing runs by itself: every reader of the group's state settles the
 * timeline first, and each action learns the clock time it was due at, so that what it records is
 * stamped as if it had run on time. The clock's before-change hook settles it too, so that a
 * clock set never re-dates what happened before it.
 */
export class Timeline {
  private queue: { due: number; order: number; run: (clockMs: number) => void }[] = [];
  private nextOrder = 0;
  /** While an action runs: its due time, so that what it starts is timed from when it was due. */
  private running: number | null = null;

  constructor(private readonly clock: SimClock) {
    clock.beforeChange.push(() => this.settle());
  }

  now(): number {
    return this.clock.elapsedMs();
  }

  /** Physical time as the code that runs sees it: an action's due time inside one, else now. */
  current(): number {
    return this.running ?? this.now();
  }

  /** Runs `run` once `delayMs` of physical time has passed (counted from an action's due time, inside one). */
  after(delayMs: number, run: (clockMs: number) => void): void {
    this.at(this.current() + delayMs, run);
  }

  /** Runs `run` at physical time `due`. */
  at(due: number, run: (clockMs: number) => void): void {
    this.queue.push({ due, order: this.nextOrder++, run });
  }

  /** The clock time (UTC ms) at physical time `elapsed`, as far back as the last clock set. */
  clockAt(elapsed: number): number {
    return this.clock.nowMs() - (this.now() - elapsed);
  }

  /** Physical time at clock time `clockMs` (within the current integration, no clock set between). */
  elapsedAt(clockMs: number): number {
    return this.now() - (this.clock.nowMs() - clockMs);
  }

  /** Runs, in order, everything due up to `upTo` (default: now), including what those runs add. */
  settle(upTo = this.now()): void {
    for (;;) {
      const due = this.queue.filter((q) => q.due <= upTo).sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (due === undefined) return;
      this.queue = this.queue.filter((q) => q !== due);
      const outer = this.running;
      this.running = due.due;
      try {
        due.run(this.clockAt(due.due));
      } finally {
        this.running = outer;
      }
    }
  }
}
