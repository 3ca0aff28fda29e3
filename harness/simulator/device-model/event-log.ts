import type { SimClock } from "../sim-clock";

/**
 * The meter's history of what happened to it (8.12): every function posts its events here (clock
 * set, demand reset, contactor opened, table written, ...); the history-log tables (BT70-BT74) are
 * views of it. Entries are numbered from 1 and the oldest are dropped when the log is full, as
 * C12.19's circular lists do.
 */
export interface LoggedEvent {
  /** 1, 2, 3, ...: never reused, so a reader can tell what it has not seen yet. */
  readonly sequence: number;
  /** Meter clock, ms since the epoch (UTC). */
  readonly clockMs: number;
  /** Event code: a C12.19 standard code, or a manufacturer code when `manufacturer` is set. */
  readonly code: number;
  readonly manufacturer: boolean;
  /** Who caused it: 0 the meter itself, else the key level's user id. */
  readonly userId: number;
  readonly argument: Uint8Array;
}

export class EventLog {
  private entries: LoggedEvent[] = [];
  private nextSequence = 1;
  private readonly listeners: Array<(e: LoggedEvent) => void> = [];

  constructor(
    private readonly clock: SimClock,
    readonly capacity: number,
  ) {}

  post(
    code: number,
    opts: { manufacturer?: boolean; userId?: number; argument?: Uint8Array; clockMs?: number } = {},
  ): LoggedEvent {
    const e: LoggedEvent = {
      sequence: this.nextSequence++,
      clockMs: opts.clockMs ?? this.clock.nowMs(),
      code,
      manufacturer: opts.manufacturer ?? false,
      userId: opts.userId ?? 0,
      argument: opts.argument?.slice() ?? new Uint8Array(0),
    };
    this.entries.push(e);
    if (this.entries.length > this.capacity) this.entries.shift();
    for (const f of this.listeners) f(e);
    return e;
  }

  /** Oldest first. */
  all(): readonly LoggedEvent[] {
    return this.entries;
  }

  /** The number the next event will get. */
  peekNextSequence(): number {
    return this.nextSequence;
  }

  clear(): void {
    this.entries = [];
  }

  onEvent(listener: (e: LoggedEvent) => void): void {
    this.listeners.push(listener);
  }
}
