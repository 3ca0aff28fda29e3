/**
 * Time for a run against the built-in simulator, where the harness and the device share one
 * process. Against a real meter a scenario must wait out time-outs, listening windows and the
 * device's clock; against the simulator, once the harness waits and neither side has anything left
 * to do, nothing can happen until the earliest timer is due, so the clock jumps there and fires it.
 *
 * The clock moves only by those jumps: the work of either side takes no time on it. So a scenario
 * sees the device's timing exactly as the simulator schedules it, however loaded the machine (a
 * simulator clock that runs ten times faster than real time would otherwise turn a scheduler's
 * pause of 200 ms into 2 device seconds, enough to carry a clock set just before midnight past it).
 * A timer also fires once its time has passed in real time, if no jump came first, so a wait on
 * something outside the process (a file) never blocks the simulator for good. Only a harness timer
 * lets the clock jump: a device timer alone (a meter's idle time-out, its alert interval) waits in
 * real time, so a process waiting on cucumber between two scenarios does not race the meter ahead.
 */
export type TimerSide = "harness" | "device";

export interface VirtualTimer {
  readonly due: number;
  readonly side: TimerSide;
  /** Whether it keeps the process alive, as a Node timer that is not unref()ed does. */
  readonly ref: boolean;
  readonly fire: () => void;
}

/** Kinds of libuv request that mean the process still waits on the outside world (a file being written, a lookup). */
const OUTSIDE_WORK = /^(FSReq|FileHandle|WriteWrap|ShutdownWrap|GetAddrInfo|GetNameInfo|QueryWrap|ConnectWrap)/;

export class VirtualTime {
  private at: number;
  private readonly wallOffset: number;
  private readonly timers: VirtualTimer[] = [];
  /** Bumped by anything that may lead to more work: a timer set, cleared or fired, bytes handed across a pipe. */
  private activity = 0;
  private seenActivity = -1;
  private probing = false;
  private fallback: NodeJS.Timeout | null = null;

  /** Starts where performance.now() and Date stand. */
  constructor(
    start: number = performance.now(),
    startWall: number = Date.now(),
    private readonly outsideWork: () => boolean = () =>
      process.getActiveResourcesInfo().some((r) => OUTSIDE_WORK.test(r)),
  ) {
    this.at = start;
    this.wallOffset = startWall - start;
  }

  now(): number {
    return this.at;
  }

  wallNow(): number {
    return Math.round(this.at + this.wallOffset);
  }

  add(fire: () => void, ms: number, side: TimerSide, ref: boolean): VirtualTimer {
    // From the clock's own time, not from what a reader is shown (a replay's, replay-clock.ts).
    const timer: VirtualTimer = { due: this.at + Math.max(0, ms), side, ref, fire };
    // After every timer due no later, as Node orders timers of equal time by when they were set.
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.due > timer.due) i--;
    this.timers.splice(i, 0, timer);
    this.changed();
    return timer;
  }

  remove(timer: VirtualTimer): void {
    const i = this.timers.indexOf(timer);
    if (i < 0) return;
    this.timers.splice(i, 1);
    this.changed();
  }

  /**
   * Moves the clock forward to `to`, never back: a replay's recorded event reached. Timers due by then
   * fire at the next jump, in their order, never inside this call.
   */
  advanceTo(to: number): void {
    if (to <= this.at) return;
    this.at = to;
    this.changed();
  }

  /** When the earliest timer is due, if any is set. */
  protected firstDue(): number | undefined {
    return this.timers[0]?.due;
  }

  /** Something that will make more work later in this process (bytes queued to the other end of a pipe). */
  noteActivity(): void {
    this.activity++;
  }

  private changed(): void {
    this.activity++;
    this.armFallback();
    if (!this.probing && this.timers.some((t) => t.side === "harness")) {
      this.probing = true;
      setImmediate(() => this.probe());
    }
  }

  private armFallback(): void {
    if (this.fallback !== null) clearTimeout(this.fallback);
    this.fallback = null;
    const first = this.timers[0];
    if (first === undefined) return;
    this.fallback = setTimeout(() => this.jump(), Math.max(0, first.due - this.at));
    if (!this.timers.some((t) => t.ref)) this.fallback.unref();
  }

  /**
   * Runs once per turn of the event loop while a harness timer is pending. A turn in which nothing
   * happened, with no outside work in flight, means every party waits on a timer: jump to the
   * earliest. Work in flight goes through setImmediate (pipes) or promises, which a turn drains.
   */
  private probe(): void {
    this.probing = false;
    if (!this.timers.some((t) => t.side === "harness")) return;
    this.probing = true;
    if (this.activity !== this.seenActivity) {
      this.seenActivity = this.activity;
      setImmediate(() => this.probe());
      return;
    }
    if (this.outsideWork()) {
      setTimeout(() => this.probe(), 1);
      return;
    }
    this.probing = false;
    this.jump();
  }

  /** To the earliest timer, and fires every timer due by then. */
  private jump(): void {
    const first = this.timers[0];
    if (first === undefined) return;
    this.at = Math.max(this.at, first.due);
    try {
      while (this.timers.length > 0 && this.timers[0]!.due <= this.at) {
        const timer = this.timers.shift()!;
        this.activity++;
        timer.fire();
      }
    } finally {
      this.changed();
    }
  }
}
