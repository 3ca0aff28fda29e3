import { useVirtualTime, type Timer } from "./timers";
import { VirtualTime, type TimerSide, type VirtualTimer } from "./virtual-time";

/**
 * The clock of a replay (conformance/recording/replay-transport.ts): virtual time (./virtual-time.ts),
 * as a run against the in-process simulator has, with the recording for device. The device's recorded
 * bytes are device timers at their recorded times, a write ends at its recorded end on a harness timer,
 * and the harness's own waits are harness timers: once every party waits, the clock jumps to the
 * earliest, so a replay skips its idle time instead of sleeping it, and its timing does not depend on
 * how loaded the machine is. The replay moves the clock forward to each recorded event as it reaches
 * it (a write's start, a connection's opening), and Date reads the recorded scenario's wall-clock start
 * plus the time since (setWall), so a clock the scenario writes (BP10) or expects to read back is the
 * recorded run's, and the device's bytes arrive, and are traced, at their recorded times.
 *
 * What jumps alone would get wrong: the harness's own work between two events takes no time on them,
 * where in the recorded run it took real time. A value the harness computes from the clock just before
 * it writes (BP10's date and time, carried forward from a reading) would then be the time of the event
 * before, not the recorded one, and could fall in another second. So while the harness's next write is
 * due (a hold, which the replay sets), the clock also runs at the real rate from where it last moved,
 * but never past the write's recorded time, nor past a timer that has not fired: a timer or the write
 * itself takes it further. A read just before the write is so the recorded write's time as soon as the
 * replay's own work takes as long as the recorded run's did; a read just after an event is that event's
 * time. That real-rate part is the one thing in a replay that depends on the machine, and it never
 * moves a timer, a write or the device's bytes. The clock never runs backwards.
 */
export interface ReplayClockControl {
  now(): number;
  /** Moves the clock to `at` if it is behind it. */
  advanceTo(at: number): void;
  /**
   * `owner`'s (a connection's) next recorded event is the harness's write at `at`: until released,
   * the harness's work runs the clock up to there.
   */
  hold(owner: object, at: number): void;
  release(owner: object): void;
  /**
   * `fire` once the clock has reached `at`: the device's bytes on a "device" timer, a
   * write's end on a "harness" one.
   */
  timerAt(at: number, fire: () => void, side: TimerSide): Timer;
}

export class ReplayClock extends VirtualTime implements ReplayClockControl {
  /** The latest time read: the clock never goes back behind it. */
  private shown: number;
  /** Where the clock stood when it last moved or a hold changed, and the real time then. */
  private anchorAt: number;
  private anchorReal: number;
  private readonly holds = new Map<object, number>();
  /** Date.now() - now(). */
  private wall: number;

  constructor(
    private readonly real: () => number = () => performance.now(),
    start: number = real(),
    startWall: number = Date.now(),
    outsideWork?: () => boolean,
  ) {
    super(start, startWall, outsideWork);
    this.shown = start;
    this.anchorAt = start;
    this.anchorReal = real();
    this.wall = startWall - start;
  }

  override now(): number {
    let t = Math.max(this.shown, super.now());
    if (this.holds.size > 0) {
      const cap = Math.min(...this.holds.values(), this.firstDue() ?? Infinity);
      t = Math.max(t, Math.min(this.anchorAt + (this.real() - this.anchorReal), cap));
    }
    this.shown = t;
    return t;
  }

  override wallNow(): number {
    return Math.round(this.now() + this.wall);
  }

  /** From here on Date reads `wallMs` at clock time `at`, and runs on with the clock. */
  setWall(wallMs: number, at: number): void {
    this.wall = wallMs - at;
  }

  override add(fire: () => void, ms: number, side: TimerSide, ref: boolean): VirtualTimer {
    return super.add(
      () => {
        this.moved();
        fire();
      },
      ms,
      side,
      ref,
    );
  }

  override advanceTo(at: number): void {
    super.advanceTo(at);
    this.moved();
  }

  hold(owner: object, at: number): void {
    this.anchor();
    this.holds.set(owner, at);
  }

  release(owner: object): void {
    if (!this.holds.has(owner)) return;
    this.anchor();
    this.holds.delete(owner);
  }

  timerAt(at: number, fire: () => void, side: TimerSide): Timer {
    const t = this.add(fire, at - super.now(), side, true);
    return { cancel: () => this.remove(t) };
  }

  /** The clock jumped or was moved: the real time spent waiting for that is not the harness's work. */
  private moved(): void {
    this.shown = Math.max(this.shown, super.now());
    this.anchorAt = this.shown;
    this.anchorReal = this.real();
  }

  /** The real time run so far stays on the clock; from here it runs on under the holds as they now are. */
  private anchor(): void {
    this.anchorAt = this.now();
    this.anchorReal = this.real();
  }
}

/** Switches this process to a replay's clock, once; later calls return the same one. */
export function replayClock(): ReplayClock {
  const time = useVirtualTime(() => new ReplayClock());
  if (!(time instanceof ReplayClock))
    throw new Error("this process already runs on the simulator's virtual time; a replay needs its own clock");
  return time;
}
