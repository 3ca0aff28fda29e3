/**
 * The harness's clocks during a replay. The suite reads time in two ways: performance.now() to
 * carry a device clock reading forward (the value BP10 writes, the clock it expects to read back,
 * the time a procedure took, when a response came), and Date for the link health and the reports.
 * Against a recording both must show the recorded run's time, or a replayed scenario would write
 * another clock value than the recording holds (an inconclusive for nothing) or expect another
 * (a FAIL the device never earned). So in a replay:
 *  - performance.now() runs at the real rate but jumps forward to each recorded event as the
 *    replay reaches it (a write's start and end, a response's arrival);
 *  - while the device's next bytes are due, it stops at their recorded time until they are
 *    delivered (a hold): a timer that fires late on a loaded machine does not make the device late;
 *  - while the harness's next write is due, it stops at the write's recorded time (a soft hold), so
 *    that a value the harness computes from the clock just before it writes (BP10's date and time)
 *    is the recorded one however long cucumber's hooks took in between; a harness that waits for
 *    the clock to pass that time (a link probe listening) gets it after SOFT_HOLD_MS of real time;
 *  - Date reads the recorded scenario's wall-clock start plus the time since, the same way.
 * So the time between two exchanges is the recorded one, but for the harness's own work in between
 * when the replay does it slower. It never runs backwards. Timers (setTimeout) are left alone:
 * what waits, waits in real time.
 */
export interface ReplayClockControl {
  now(): number;
  /** Moves the clock to `at` if it is behind it. */
  advanceTo(at: number): void;
  /** Until released, the clock goes no further than `at`; a soft hold lapses SOFT_HOLD_MS after the clock got there. */
  hold(owner: object, at: number, soft?: boolean): void;
  /** Lifts `owner`'s hold; the clock runs on from where it stood, not from where real time has got to. */
  release(owner: object): void;
}

/**
 * How long a soft hold keeps the clock at the harness's next write: longer than cucumber's hooks
 * take between two steps on a loaded machine.
 */
export const SOFT_HOLD_MS = 250;

export class ReplayClock implements ReplayClockControl {
  private anchorAt: number;
  private anchorReal: number;
  /** The latest time read: the clock never goes back behind it. */
  private shown = -Infinity;
  private readonly holds = new Map<object, { readonly at: number; readonly soft: boolean }>();
  /** Date.now() - now() once a scenario has given its wall-clock start. */
  private wallOffset: number | null = null;

  constructor(
    private readonly real: () => number,
    private readonly realWall: () => number,
  ) {
    this.anchorReal = real();
    this.anchorAt = this.anchorReal;
  }

  now(): number {
    const real = this.real();
    for (const [owner, h] of this.holds) {
      const reachedAt = this.anchorReal + (h.at - this.anchorAt);
      if (!h.soft || real - reachedAt <= SOFT_HOLD_MS) continue;
      // Lapsed: the clock runs on from the hold, as if it had waited there SOFT_HOLD_MS.
      this.holds.delete(owner);
      if (h.at > this.anchorAt) {
        this.anchorAt = h.at;
        this.anchorReal = reachedAt + SOFT_HOLD_MS;
      }
    }
    const flowing = this.anchorAt + (real - this.anchorReal);
    const held = this.holds.size === 0 ? flowing : Math.min(flowing, ...[...this.holds.values()].map((h) => h.at));
    this.shown = Math.max(this.shown, held);
    return this.shown;
  }

  advanceTo(at: number): void {
    if (at <= this.now()) return;
    this.anchorAt = at;
    this.anchorReal = this.real();
    this.shown = at;
  }

  hold(owner: object, at: number, soft = false): void {
    this.holds.set(owner, { at, soft });
  }

  release(owner: object): void {
    if (!this.holds.has(owner)) return;
    const at = this.now();
    this.holds.delete(owner);
    this.anchorAt = at;
    this.anchorReal = this.real();
  }

  /** From here on Date reads `wallMs` at clock time `at`, and runs on with the clock. */
  setWall(wallMs: number, at: number): void {
    this.wallOffset = wallMs - at;
  }

  wallNow(): number {
    return this.wallOffset === null ? this.realWall() : Math.round(this.now() + this.wallOffset);
  }
}

export interface InstalledReplayClock {
  readonly clock: ReplayClock;
  /** Puts the real performance.now and Date back (tests). */
  restore(): void;
}

let installed: InstalledReplayClock | null = null;

/** Installs the replay clock as the process's performance.now() and Date, once; later calls return the same one. */
export function installReplayClock(): InstalledReplayClock {
  if (installed !== null) return installed;
  const realNow = performance.now.bind(performance);
  const own = Object.getOwnPropertyDescriptor(performance, "now");
  const RealDate = Date;
  const clock = new ReplayClock(realNow, () => RealDate.now());
  performance.now = () => clock.now();
  globalThis.Date = replayDate(RealDate, () => clock.wallNow());
  const done: InstalledReplayClock = {
    clock,
    restore() {
      if (own === undefined) delete (performance as { now?: unknown }).now;
      else Object.defineProperty(performance, "now", own);
      globalThis.Date = RealDate;
      installed = null;
    },
  };
  installed = done;
  return done;
}

/**
 * A Date whose "now" is `now()`: `new Date()` and `Date.now()` read it, `Date()` formats it, and
 * everything else (`new Date(ms)`, `Date.UTC`, instanceof) is the real Date's.
 */
function replayDate(Real: DateConstructor, now: () => number): DateConstructor {
  function ReplayDate(this: unknown, ...args: unknown[]): unknown {
    if (new.target === undefined) return new Real(now()).toString();
    return Reflect.construct(Real, args.length === 0 ? [now()] : args, new.target);
  }
  Object.setPrototypeOf(ReplayDate, Real);
  ReplayDate.prototype = Real.prototype;
  ReplayDate.now = now;
  return ReplayDate as unknown as DateConstructor;
}
