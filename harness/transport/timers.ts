import { VirtualTime, type TimerSide, type VirtualTimer } from "./virtual-time";

/**
 * The one clock and the one set of timers of the harness and the simulator. In real time (every
 * run against a device, a recording or a standalone simulator) they are performance.now(), Date
 * and Node's timers. A run whose device is the in-process simulator switches to virtual time
 * (./virtual-time.ts) before its first exchange, so that its waits are skipped instead of slept
 * and its timing does not depend on how loaded the machine is.
 * Read through here, never from performance.now() or setTimeout directly, or a skipped wait would
 * leave that reader behind.
 */
export interface Timer {
  cancel(): void;
}

export interface TimerOptions {
  /**
   * "device" for the simulator's own timers: only harness timers let virtual time jump, so a
   * meter's idle time-out does not advance time while the harness is busy elsewhere.
   */
  readonly side?: TimerSide;
  /** Whether the timer keeps the process alive (default), as Node's unref() says. */
  readonly ref?: boolean;
}

let virtual: VirtualTime | null = null;

/**
 * Switches this process to virtual time (`make`: a replay's, replay-clock.ts); done once, before any
 * timer of a run is set. Returns the virtual time the process runs on.
 */
export function useVirtualTime(make: () => VirtualTime = () => new VirtualTime()): VirtualTime {
  virtual ??= make();
  return virtual;
}

/** Monotonic time in ms, as performance.now(). */
export function now(): number {
  return virtual === null ? performance.now() : virtual.now();
}

/** Wall-clock time in ms since the epoch, as Date.now(). */
export function wallNow(): number {
  return virtual === null ? Date.now() : virtual.wallNow();
}

export function setTimer(fire: () => void, ms: number, options: TimerOptions = {}): Timer {
  const side = options.side ?? "harness";
  const ref = options.ref ?? true;
  if (virtual !== null) {
    const v = virtual;
    const t: VirtualTimer = v.add(fire, ms, side, ref);
    return { cancel: () => v.remove(t) };
  }
  const t = setTimeout(fire, ms);
  if (!ref) t.unref();
  return { cancel: () => clearTimeout(t) };
}

/** A timer that fires every `ms` until cancelled. */
export function setRepeating(fire: () => void, ms: number, options: TimerOptions = {}): Timer {
  let current: Timer;
  const arm = (): void => {
    current = setTimer(
      () => {
        arm();
        fire();
      },
      ms,
      options,
    );
  };
  arm();
  return { cancel: () => current.cancel() };
}

export function sleep(ms: number, side: TimerSide = "harness"): Promise<void> {
  return new Promise((resolve) => setTimer(resolve, ms, { side }));
}

/** Bytes were queued to the other end of an in-process pipe: work is still on its way. */
export function noteActivity(): void {
  virtual?.noteActivity();
}
