import { bytesEqual } from "../bytes/byte-arrays";
import { toHex } from "../bytes/hex";
import type { MbusChannelConfig } from "../protocol/tables/et13-mbus-device-configuration";
import { CHANNEL_ALARM, CHANNEL_STATUS, type MbusStatusTable } from "../protocol/tables/et14-mbus-device-status";
import { REQUEST_STATE, type OnDemandRequest } from "../protocol/tables/et15-on-demand-requests";
import type { MbusReading } from "../protocol/tables/et16-mbus-device-data";
import type { MbusIdentity } from "../protocol/tables/et16-mbus-telegram";
import {
  RECURRING_TYPE,
  type RecurringReadEntry,
  type RecurringReadLog,
} from "../protocol/tables/et45-recurring-read-log";
import { lTimeDateToEpochMs, type LTimeDate } from "../protocol/types/time-types";
import { iso } from "./device-clock";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";
import type { Pixit } from "./pixit";

/** Judgements of the M-Bus scenarios (8.18), pure: tables in, a FAIL with its reason out. */
export function installedChannels(configs: readonly MbusChannelConfig[]): number[] {
  return configs.flatMap((c, i) => (c.installed ? [i + 1] : []));
}

export function freeChannels(configs: readonly MbusChannelConfig[]): number[] {
  return configs.flatMap((c, i) => (c.installed ? [] : [i + 1]));
}

/**
 * 8.18.2: a bus scan installs the device it finds on a channel that was free (`free`, the one it was
 * removed from among them). The spec does not say which: the lowest is judged only where the PIXIT's
 * mepMbus.discoveryChannel says the device chooses so.
 */
export function expectFoundOnFreeChannel(
  free: readonly number[],
  channel: number,
  choice: Pixit["mepMbus"]["discoveryChannel"],
  address: number,
): void {
  const lowest = Math.min(...free);
  if (!free.includes(channel))
    throw new ConformanceAssertionError(
      `the scan put the device at address ${address} on channel ${channel}, which was not free (free: ${free.join(", ")})`,
    );
  if (choice === "lowest-free" && channel !== lowest)
    throw new ConformanceAssertionError(
      `the scan put the device at address ${address} on channel ${channel}; the lowest free channel was ${lowest} (PIXIT mepMbus.discoveryChannel: lowest-free)`,
    );
}

/** ET14 must show exactly the devices ET13 installs: handle, status, occupancy, count, alarm map. */
export function expectStatusAgrees(configs: readonly MbusChannelConfig[], t: MbusStatusTable): void {
  const problems: string[] = [];
  configs.forEach((c, i) => {
    const s = t.channels[i];
    const bit = 1 << i;
    if (s === undefined) return;
    if (c.installed) {
      if (s.handle === 0) problems.push(`channel ${i + 1}: installed in ET13, no handle in ET14`);
      if (s.status !== CHANNEL_STATUS.active && s.status !== CHANNEL_STATUS.down)
        problems.push(`channel ${i + 1}: installed in ET13, ET14 status ${s.status}`);
      if ((t.occupancy & bit) === 0)
        problems.push(`channel ${i + 1}: installed in ET13, not in ET14's occupancy bitmap`);
    } else {
      if (s.handle !== 0 || s.status !== CHANNEL_STATUS.empty)
        problems.push(
          `channel ${i + 1}: free in ET13, ET14 shows handle 0x${s.handle.toString(16)} status ${s.status}`,
        );
      if ((t.occupancy & bit) !== 0) problems.push(`channel ${i + 1}: free in ET13, set in ET14's occupancy bitmap`);
    }
    if (((t.alarmMap & bit) !== 0) !== (s.alarms !== 0))
      problems.push(
        `channel ${i + 1}: alarm map bit ${(t.alarmMap & bit) !== 0 ? "set" : "clear"} but alarms 0x${s.alarms.toString(16)}`,
      );
  });
  const installed = configs.filter((c) => c.installed).length;
  if (t.installed !== installed)
    problems.push(`ET14 counts ${t.installed} installed devices, ET13 installs ${installed}`);
  if (problems.length > 0) throw new ConformanceAssertionError(`ET13 and ET14 disagree:\n  ${problems.join("\n  ")}`);
}

export function expectSameBytes(before: Uint8Array, after: Uint8Array, what: string): void {
  if (!bytesEqual(before, after)) {
    throw new ConformanceAssertionError(`${what} changed`, [
      { label: "before", hex: toHex(before) },
      { label: "after", hex: toHex(after) },
    ]);
  }
}

export function msOf(t: LTimeDate | null, what: string): number {
  if (t === null) throw new ConformanceAssertionError(`${what} is all zero (no time)`);
  return lTimeDateToEpochMs(t);
}

/** A reading of the device `identity` (null: any), taken between `fromMs` and `toMs` of device time (UTC). */
export function expectReadingBetween(
  r: MbusReading,
  identity: MbusIdentity | null,
  fromMs: number,
  toMs: number,
  toleranceS: number,
  what: string,
): number {
  if (r.telegram === null) throw new ConformanceAssertionError(`${what}: ET16 holds no telegram`);
  const at = msOf(r.readAt, `${what}: ET16's read time`);
  const slack = toleranceS * 1000;
  if (at < fromMs - slack || at > toMs + slack) {
    throw new ConformanceAssertionError(
      `${what}: ET16's reading is time-stamped ${iso(at)}; the read happened between ${iso(fromMs)} and ${iso(toMs)} (UTC, ±${toleranceS} s)`,
    );
  }
  expectIdentity(r, identity, what);
  return at;
}

export function expectIdentity(r: MbusReading, identity: MbusIdentity | null, what: string): void {
  const t = r.telegram;
  if (identity === null || t === null) return;
  if (t.serial !== identity.serial || t.manufacturer !== identity.manufacturer || t.medium !== identity.medium) {
    throw new ConformanceAssertionError(
      `${what}: ET16 holds a telegram of device ${t.serial} (manufacturer 0x${t.manufacturer.toString(16)}, medium ${t.medium}), not of ${identity.serial} that ET13 installs`,
    );
  }
}

/** The device's first counter (the value a billing read is for). */
export function counterOf(r: MbusReading, what: string): number {
  const v = r.telegram?.records[0]?.value;
  if (v === undefined) throw new Inconclusive(`${what}: the telegram holds no numeric record this suite can read`);
  return v;
}

export function expectRequest(
  e: OnDemandRequest | undefined,
  requestId: number,
  states: readonly number[],
  what: string,
): OnDemandRequest {
  if (e === undefined) throw new ConformanceAssertionError(`${what}: ET15 has no such entry`);
  if (e.requestId !== requestId)
    throw new ConformanceAssertionError(`${what}: ET15 holds request ${e.requestId}, not ${requestId}`);
  if (!states.includes(e.state))
    throw new ConformanceAssertionError(
      `${what}: ET15 says state ${stateName(e.state)}, expected ${states.map(stateName).join(" or ")}`,
    );
  return e;
}

export function stateName(s: number): string {
  return Object.entries(REQUEST_STATE).find(([, v]) => v === s)?.[0] ?? `state ${s}`;
}

/** The newest ET45 entry of the device with `handle`, which must be a scheduled M-Bus read at `atMs`. */
export function expectScheduledRead(
  log: RecurringReadLog,
  handle: number,
  atMs: number,
  toleranceS: number,
  late: boolean,
): RecurringReadEntry {
  const e = [...log.entries].reverse().find((x) => x.handle === handle && x.type === RECURRING_TYPE.mbus);
  if (e === undefined || e.mbus === null)
    throw new ConformanceAssertionError(
      `ET45 holds no scheduled read of the device with handle 0x${handle.toString(16)}`,
    );
  const at = msOf(e.mbus.readAt, "the scheduled read's time");
  if (late ? at < atMs : Math.abs(at - atMs) > toleranceS * 1000) {
    throw new ConformanceAssertionError(
      `ET45's newest read of handle 0x${handle.toString(16)} was taken at ${iso(at)}; expected ${late ? "after" : "at"} ${iso(atMs)}`,
    );
  }
  if (e.lateAfterOutage !== late)
    throw new ConformanceAssertionError(
      `ET45's newest read of handle 0x${handle.toString(16)} is ${e.lateAfterOutage ? "" : "not "}flagged as taken late after a power outage`,
    );
  return e;
}

export function expectNoResponseAlarm(t: MbusStatusTable, channel: number, raised: boolean): void {
  const s = t.channels[channel - 1];
  if (s === undefined) throw new Inconclusive(`ET14 has no channel ${channel}`);
  const has = (s.alarms & CHANNEL_ALARM.noResponse) !== 0 && (t.alarmMap & (1 << (channel - 1))) !== 0;
  if (raised && (s.status !== CHANNEL_STATUS.down || !has)) {
    throw new ConformanceAssertionError(
      `channel ${channel} did not answer, yet ET14 says status ${s.status} (2 = down expected), alarms 0x${s.alarms.toString(16)}, alarm map 0x${t.alarmMap.toString(16)}`,
    );
  }
  if (!raised && (s.status !== CHANNEL_STATUS.active || (s.alarms & CHANNEL_ALARM.noResponse) !== 0)) {
    throw new ConformanceAssertionError(
      `channel ${channel} answered, yet ET14 says status ${s.status} (1 = active expected), alarms 0x${s.alarms.toString(16)}`,
    );
  }
}
