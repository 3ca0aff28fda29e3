import { now, sleep } from "../transport/timers";

/**
 * How often to ask a device whether something it started has finished (BT08 after a procedure,
 * ET15 after an M-Bus read). A fixed interval spends one request per interval until the time-out
 * on a slow device, or on one that never shows the result; here the first wait is the PIXIT's
 * poll interval and each later one half as long again, up to a cap (1 s, or a quarter of the
 * time-out when that is shorter), so that a result that comes mid-wait is seen at most one cap late.
 *
 * The deadline is kept as with a fixed interval: the last poll is made at the deadline itself,
 * so a result that is there by the time-out is seen. Every wait is at least the link's least time
 * between requests (a shorter one would only queue in the session); only when the deadline is
 * nearer than that does the last poll come after it. A result timed against a limit (9.13.1: within
 * a second) is polled at the plain interval until that limit, so backing off never makes the device
 * look slower than a fixed interval would have shown it.
 */
export interface PollClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_POLL_CLOCK: PollClock = {
  now,
  sleep,
};

export interface PollPacing {
  /** The first wait: the PIXIT's poll interval (procedures.pollIntervalMs). */
  readonly intervalMs: number;
  /** From the start (the clock's now when the back-off is made) to the last poll. */
  readonly timeoutMs: number;
  /** The link's least time between requests (session.minRequestIntervalMs, mep.minRequestIntervalMs). */
  readonly floorMs?: number;
  /** How long from the start the waits stay at the interval: the limit a result is timed against. */
  readonly steadyForMs?: number;
}

const BACKOFF_FACTOR = 1.5;
const MAX_WAIT_MS = 1000;

export class PollBackoff {
  readonly startedAt: number;
  readonly deadline: number;
  private wait: number;
  private readonly cap: number;
  private readonly floor: number;
  private readonly steadyUntil: number;

  constructor(
    pacing: PollPacing,
    private readonly clock: PollClock = SYSTEM_POLL_CLOCK,
  ) {
    this.startedAt = clock.now();
    this.deadline = this.startedAt + pacing.timeoutMs;
    this.floor = Math.max(0, pacing.floorMs ?? 0);
    this.wait = Math.max(pacing.intervalMs, this.floor);
    this.cap = Math.max(this.wait, Math.min(MAX_WAIT_MS, pacing.timeoutMs / 4));
    this.steadyUntil = this.startedAt + (pacing.steadyForMs ?? 0);
  }

  elapsedMs(): number {
    return this.clock.now() - this.startedAt;
  }

  /** Waits until the next poll is due; false, without waiting, once a poll has been made at or after the deadline. */
  async next(): Promise<boolean> {
    const now = this.clock.now();
    if (now >= this.deadline) return false;
    const wait = Math.min(this.wait, Math.max(this.deadline - now, this.floor));
    if (now >= this.steadyUntil) this.wait = Math.min(this.wait * BACKOFF_FACTOR, this.cap);
    await this.clock.sleep(wait);
    return true;
  }
}
