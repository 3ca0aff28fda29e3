import { untilDeviceShows } from "../../harness/conformance/device-reaction";
import { statePacing } from "../../harness/conformance/poll-pacing";
import type { OsgpWorld } from "../world";

/**
 * A judgement of what the device does by itself at `triggerEpochMs` (device time; null: at the end
 * of the scenario's wait), made again until it passes or the device's clock is past the PIXIT's
 * reaction time (harness/conformance/device-reaction.ts).
 */
export function onceTheDeviceActs<T>(
  world: OsgpWorld,
  triggerEpochMs: number | null,
  judge: () => Promise<T>,
): Promise<T> {
  const { intervalMs, floorMs } = statePacing(world.pixit, world.config.target.link, 0);
  const c = world.pixit.clock;
  return untilDeviceShows(
    {
      client: world.client(),
      triggerEpochMs,
      reactionSeconds: c.reactionSeconds,
      toleranceSeconds: c.toleranceSeconds,
      speed: c.speed,
      pacing: { intervalMs, floorMs },
    },
    judge,
  );
}

/** After a step let the device run (state.clock.ranOn), what it does by itself; else at once. */
export function afterTheRun<T>(world: OsgpWorld, judge: () => Promise<T>): Promise<T> {
  return world.state.clock.ranOn === true ? onceTheDeviceActs(world, null, judge) : judge();
}
