import { PollBackoff, SYSTEM_POLL_CLOCK, type PollClock, type PollPacing } from "../session/poll-backoff";
import type { TableClient } from "../session/table-client";
import { iso, readDeviceClock } from "./device-clock";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/**
 * An effect the device brings about by itself once its clock passes a trigger (a one-time or
 * scheduled read, a calendar switch, a load limit's duration, test mode's time-out). A conforming
 * meter may show it a little after that second: a background scheduler, a flash write before the
 * log entry, an M-Bus telegram at 2400 baud, a limiter that averages over a second. One read at a
 * fixed moment would fail such a meter; so the judgement is made again, at the PIXIT's poll pacing,
 * until it passes or the device's own clock (BT52) is past the trigger plus the PIXIT's reaction
 * time, and only then does its fail stand. An effect that never comes, or comes an hour late, still
 * fails. A device clock that does not get there in the time it should (clock.speed, with
 * clock.toleranceSeconds to spare) leaves nothing to say the device's moment had come: inconclusive; so
 * does a clock that does not decode or is not set, since the effect, not the clock, is the subject here.
 */
export interface DeviceReaction {
  readonly client: TableClient;
  /** Device time (epoch ms) of the trigger; null when the scenario waited past it: then from the first miss. */
  readonly triggerEpochMs: number | null;
  /** PIXIT clock.reactionSeconds. */
  readonly reactionSeconds: number;
  /** PIXIT clock.toleranceSeconds: how far the device's clock may fall behind the harness's. */
  readonly toleranceSeconds: number;
  /** PIXIT clock.speed. */
  readonly speed: number;
  /** The poll interval and the link's least time between requests (statePacing in poll-pacing.ts). */
  readonly pacing: Pick<PollPacing, "intervalMs" | "floorMs">;
}

/** `judge`'s result once it passes; its last fail once the device's clock is past trigger plus reaction time. */
export async function untilDeviceShows<T>(
  r: DeviceReaction,
  judge: () => Promise<T>,
  clock: PollClock = SYSTEM_POLL_CLOCK,
): Promise<T> {
  let from = r.triggerEpochMs;
  let backoff: PollBackoff | undefined;
  for (;;) {
    let miss: ConformanceAssertionError;
    try {
      return await judge();
    } catch (e) {
      if (!(e instanceof ConformanceAssertionError)) throw e;
      miss = e;
    }
    const read = (await readDeviceClock(r.client, "when the trigger was due")).epochMs;
    from ??= read;
    const limit = from + r.reactionSeconds * 1000;
    if (read > limit)
      throw new ConformanceAssertionError(
        `${miss.rule}; still so when the device's clock read ${iso(read)}, more than ${r.reactionSeconds} s (PIXIT clock.reactionSeconds) after ${r.triggerEpochMs === null ? "the effect was first looked for" : "its trigger"} at ${iso(from)}`,
        miss.evidence,
      );
    backoff ??= new PollBackoff(
      { ...r.pacing, timeoutMs: (limit - read + r.toleranceSeconds * 1000) / r.speed },
      clock,
    );
    if (!(await backoff.next()))
      throw new Inconclusive(
        `the device's clock read ${iso(read)}, not yet past ${iso(limit)} (its reaction time, PIXIT clock.reactionSeconds) ${(backoff.elapsedMs() / 1000).toFixed(1)} s after the harness began waiting for it (PIXIT clock.speed ${r.speed}), so whether it acted in time cannot be said: ${miss.rule}`,
      );
  }
}
