import { localToUtc, type TouSetup } from "../../harness/conformance/calendar-checks";
import { iso } from "../../harness/conformance/device-clock";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import type { ByteOrder } from "../../harness/bytes/cursor";
import { lTimeDateToEpochMs, type LTimeDate } from "../../harness/protocol/types/time-types";
import type { OsgpWorld } from "../world";

/** The device's calendar setup (BT51-BT54) as the 8.2 scenarios read it at their start. */
export function touOf(world: OsgpWorld): { readonly setup: TouSetup; readonly order: ByteOrder } {
  const t = world.state.tou.setup;
  if (t === undefined) throw new Inconclusive("the device's calendar was not read first");
  return t;
}

/**
 * A judgement of the state before the boundary the clock was set shortly before (state.tou.boundary).
 * On a slow link the clock set, BT08's polls and the read itself can take the whole lead, so a state
 * that is not the one before the boundary fails only if the device's own clock, BT55's local time
 * read with it (in the same response) or after it, is still before the boundary.
 */
export async function judgedBeforeBoundary(
  world: OsgpWorld,
  judge: () => void,
  localClock: () => Promise<LTimeDate | null>,
): Promise<void> {
  try {
    judge();
  } catch (e) {
    const boundary = world.state.tou.boundary;
    if (!(e instanceof ConformanceAssertionError) || boundary === undefined) throw e;
    const clock = await localClock();
    const utc = clock === null ? null : localToUtc(touOf(world).setup.offset, lTimeDateToEpochMs(clock));
    if (utc !== null && utc < boundary) throw e;
    throw new Inconclusive(
      utc === null
        ? `${e.rule}; but BT55 holds no local time, so whether ${iso(boundary)} had passed cannot be told`
        : `the link was too slow to see the state before ${iso(boundary)}: BT55 already reads ${iso(utc)} UTC (PIXIT tou.leadSeconds); ${e.rule}`,
    );
  }
}
