import { setTimer } from "../transport/timers";

/**
 * The one wait for the end of a device's logon hold-off (./logon-hold-off.ts), whoever waits: the
 * next scenario before its first step, a scenario's clean-up, a bench command given
 * --wait-hold-off. A hold-off lasts minutes (ET51's optical hold-off: 300 s), so SIGINT or SIGTERM
 * ends the wait at once rather than after it: the signal that ended it, or null when it ran its
 * course. Its listeners go with it, so a later signal is handled as it would have been without.
 */
export function waitOutHoldOff(ms: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals | null): void => {
      timer.cancel();
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onTerminate);
      resolve(signal);
    };
    const onInterrupt = (): void => done("SIGINT");
    const onTerminate = (): void => done("SIGTERM");
    const timer = setTimer(() => done(null), ms);
    process.once("SIGINT", onInterrupt);
    process.once("SIGTERM", onTerminate);
  });
}
