import {
  INTERVAL_MINUTES_ALLOWED,
  type LoadProfileConfiguration,
} from "../protocol/tables/et21-load-profile-configuration";
import { UNIT, type LoadProfileSource } from "../protocol/tables/et66-load-profile-sources";
import type { ChannelChangeLog } from "../protocol/tables/et75-channel-change-log";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/**
 * Choices and judgements for the load-profile configuration scenarios (ET21, ET66, ET75; all
 * PROVISIONAL layouts, see their codecs), kept pure for the tests.
 */

/** An interval length other than `current` that divides an hour: 15 unless that is the current one. */
export function anotherIntervalLength(current: number): number {
  return current === 15 ? 30 : 15;
}

/** A source id ET66 does not list; null when it lists all 256. */
export function unlistedSource(sources: readonly LoadProfileSource[]): number | null {
  for (let id = 255; id >= 0; id--) if (!sources.some((s) => s.id === id)) return id;
  return null;
}

/** Which channels record energy (Wh or varh): their interval values are increments of their end readings. */
export function incrementChannels(config: LoadProfileConfiguration, sources: readonly LoadProfileSource[]): boolean[] {
  return config.sources.map((id) => {
    const s = sources.find((x) => x.id === id);
    return s !== undefined && (s.unit === UNIT.wh || s.unit === UNIT.varh);
  });
}

export function expectConfigurationConsistent(
  config: LoadProfileConfiguration,
  sources: readonly LoadProfileSource[],
  bt61IntervalMinutes: number,
): void {
  if (config.intervalMinutes !== bt61IntervalMinutes)
    throw new ConformanceAssertionError(
      `ET21 gives an interval of ${config.intervalMinutes} min, BT61 one of ${bt61IntervalMinutes} min`,
    );
  if (!INTERVAL_MINUTES_ALLOWED.includes(config.intervalMinutes))
    throw new ConformanceAssertionError(`ET21's interval of ${config.intervalMinutes} min does not divide an hour`);
  const unknown = config.sources.filter((id) => !sources.some((s) => s.id === id));
  if (unknown.length > 0)
    throw new ConformanceAssertionError(`ET21 names source(s) ${unknown.join(", ")} that ET66 does not list`);
}

/** ET75's newest entry records the change from `before` to `after`. */
export function expectChangeLogged(
  log: ChannelChangeLog,
  before: LoadProfileConfiguration,
  after: LoadProfileConfiguration,
): void {
  if (log.validEntries === 0)
    throw new ConformanceAssertionError("ET75 holds no entry after data set 1 was reconfigured");
  const e = log.entries[log.lastEntryElement];
  if (e === undefined)
    throw new ConformanceAssertionError(
      `ET75's LAST_ENTRY_ELEMENT ${log.lastEntryElement} is not one of its ${log.entries.length} entries`,
    );
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const ok =
    e.oldIntervalMinutes === before.intervalMinutes &&
    e.newIntervalMinutes === after.intervalMinutes &&
    same(e.oldSources, before.sources) &&
    same(e.newSources, after.sources);
  if (!ok) {
    throw new ConformanceAssertionError(
      `ET75's newest entry records ${e.oldIntervalMinutes} -> ${e.newIntervalMinutes} min, sources [${e.oldSources.join(",")}] -> [${e.newSources.join(",")}]; the change made was ${before.intervalMinutes} -> ${after.intervalMinutes} min, [${before.sources.join(",")}] -> [${after.sources.join(",")}]`,
    );
  }
}

/** Whether bit `bit` of byte `byte` of a table image is set: where the PIXIT says a flag lives. */
export function flagOf(image: Uint8Array, place: { readonly byte: number; readonly bit: number }): boolean {
  const b = image[place.byte];
  if (b === undefined)
    throw new Inconclusive(`the flag's table is ${image.length} bytes, shorter than the PIXIT's byte ${place.byte}`);
  return ((b >> place.bit) & 1) === 1;
}

/** How many unread blocks to mark read so that at least `room` more fit before the list is all unread. */
export function blocksToAcknowledge(unread: number, blocks: number, room: number): number {
  return Math.max(0, unread - Math.max(0, blocks - room));
}
