import type { ByteOrder } from "../../../bytes/cursor";
import { encodeMbusReading, MBUS_READING_HEADER_SIZE } from "../../../protocol/tables/et16-mbus-device-data";
import {
  encodeMbusChannelConfig,
  SCHEDULE_FREQUENCY,
  type MbusChannelConfig,
} from "../../../protocol/tables/et13-mbus-device-configuration";
import {
  CHANNEL_ALARM,
  CHANNEL_STATUS,
  encodeMbusStatusTable,
  type MbusChannelStatus,
} from "../../../protocol/tables/et14-mbus-device-status";
import type { MfgDimension } from "../../../protocol/tables/et11-mfg-dimension";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { DefectSet } from "../../defects";
import type { EventLog } from "../../device-model/event-log";
import { GROUP_EVENT } from "./group-events";
import type { MbusBus } from "./mbus-bus";

/**
 * The meter's M-Bus channels (8.18): which device each holds (ET13), how it answered (ET14) and
 * its last reading (ET16). Reads happen here; when they happen (on demand, on schedule, once) is
 * decided by the callers. A device's handle is (channel << 8) | primary address (PROVISIONAL:
 * ours), so that re-installing the same device on the same channel gives back the same handle.
 */
/** A free channel: all zero in ET13. */
export const FREE_CHANNEL: MbusChannelConfig = {
  schedule: { day: 0, hour: 0, minute: 0, frequency: 0, statusIntervalMinutes: 0 },
  address: 0,
  installed: false,
  identity: null,
};

/** A device read daily at midnight, the schedule NES meters ship with ([ESP] test fixtures). */
export const DEFAULT_SCHEDULE = {
  day: 0,
  hour: 0,
  minute: 0,
  frequency: SCHEDULE_FREQUENCY.daily,
  statusIntervalMinutes: 0,
};

const EMPTY_STATUS: MbusChannelStatus = {
  handle: 0,
  status: CHANNEL_STATUS.empty,
  alarms: 0,
  readingLength: 0,
  lastRead: null,
  failedReads: 0,
  address: 0,
};
/** What a local-time defect adds to a UTC time stamp: Central European Time. */
const LOCAL_OFFSET_MS = 3_600_000;

export interface ReadOutcome {
  /** The device's counter, or null when it did not answer. */
  readonly value: number | null;
  /** The reading as ET16 holds it (without padding), when the device answered. */
  readonly reading: Uint8Array | null;
}

export class MbusChannels {
  readonly configs: MbusChannelConfig[];
  private readonly status: MbusChannelStatus[];
  private readonly readings: Uint8Array[];

  constructor(
    readonly dims: MfgDimension,
    readonly bus: MbusBus,
    private readonly events: EventLog,
    private readonly defects: DefectSet,
    readonly order: ByteOrder,
  ) {
    const n = dims.mbusChannels;
    this.configs = Array.from({ length: n }, () => FREE_CHANNEL);
    this.status = Array.from({ length: n }, () => EMPTY_STATUS);
    this.readings = Array.from({ length: n }, () => new Uint8Array(dims.et16EntrySize));
  }

  get count(): number {
    return this.dims.mbusChannels;
  }

  isInstalled(channel: number): boolean {
    return this.configs[channel - 1]?.installed === true;
  }

  handleOf(channel: number): number {
    return this.status[channel - 1]?.handle ?? 0;
  }

  channelOfHandle(handle: number): number | null {
    const i = this.status.findIndex(
      (s, k) => handle !== 0 && s.handle === handle && this.configs[k]?.installed === true,
    );
    return i < 0 ? null : i + 1;
  }

  channelOfAddress(address: number): number | null {
    const i = this.configs.findIndex((c) => c.installed && c.address === address);
    return i < 0 ? null : i + 1;
  }

  lowestFreeChannel(): number | null {
    const i = this.configs.findIndex((c) => !c.installed);
    return i < 0 ? null : i + 1;
  }

  /** Puts a device on a channel (an ET13 write or a bus scan), then reads it as asked. */
  install(channel: number, config: MbusChannelConfig, clockMs: number, elapsed: number, billing: boolean): void {
    this.configs[channel - 1] = config;
    this.status[channel - 1] = {
      ...EMPTY_STATUS,
      handle: (channel << 8) | config.address,
      address: config.address,
      status: CHANNEL_STATUS.down,
    };
    this.readings[channel - 1] = new Uint8Array(this.dims.et16EntrySize);
    this.events.post(GROUP_EVENT.mbusInstalled, { manufacturer: true, argument: Uint8Array.of(channel), clockMs });
    this.read(channel, billing, clockMs, elapsed);
  }

  /** Changes the schedule of a device already on the channel (same address and identity). */
  reschedule(channel: number, config: MbusChannelConfig): void {
    this.configs[channel - 1] = config;
  }

  /** EP17: the channel is freed, its status and data cleared. */
  remove(channel: number, clockMs: number): void {
    this.configs[channel - 1] = FREE_CHANNEL;
    if (!this.defects.has("ep17-leaves-et14")) this.status[channel - 1] = EMPTY_STATUS;
    this.readings[channel - 1] = new Uint8Array(this.dims.et16EntrySize);
    this.events.post(GROUP_EVENT.mbusRemoved, { manufacturer: true, argument: Uint8Array.of(channel), clockMs });
  }

  /**
   * One read of the channel's device at clock time `clockMs` (physical time `elapsed`): a billing
   * read keeps the telegram in ET16; any read updates ET14.
   */
  read(channel: number, billing: boolean, clockMs: number, elapsed: number): ReadOutcome {
    const config = this.configs[channel - 1] as MbusChannelConfig;
    const before = this.status[channel - 1] as MbusChannelStatus;
    // A read that outlived its device (EP17 while it ran) has nobody to ask and nothing to record.
    if (!config.installed) return { value: null, reading: null };
    const device = this.bus.answering(config.address, config.identity);
    if (device === undefined) {
      if (!this.defects.has("mbus-no-response-no-alarm")) {
        this.status[channel - 1] = {
          ...before,
          status: CHANNEL_STATUS.down,
          alarms: before.alarms | CHANNEL_ALARM.noResponse,
          failedReads: Math.min(before.failedReads + 1, 0xff),
        };
      }
      if (before.failedReads === 0)
        this.events.post(GROUP_EVENT.mbusNoResponse, { manufacturer: true, argument: Uint8Array.of(channel), clockMs });
      return { value: null, reading: null };
    }
    const telegram = this.bus.telegram(device, elapsed);
    const stamp = this.defects.has("mbus-et16-local-time") ? clockMs + LOCAL_OFFSET_MS : clockMs;
    const entry = encodeMbusReading(epochMsToLTimeDate(stamp), 0, telegram, this.dims.et16EntrySize);
    const reading = entry.slice(0, MBUS_READING_HEADER_SIZE + telegram.length);
    if (billing) this.readings[channel - 1] = entry;
    this.status[channel - 1] = {
      ...before,
      status: CHANNEL_STATUS.active,
      alarms: 0,
      readingLength: billing ? reading.length : before.readingLength,
      lastRead: epochMsToLTimeDate(clockMs),
      failedReads: 0,
    };
    return { value: this.bus.counter(device, elapsed), reading };
  }

  /** A read a power outage broke off: ET14 says so until the next read succeeds. */
  markInterrupted(channel: number, clockMs: number): void {
    const s = this.status[channel - 1] as MbusChannelStatus;
    this.status[channel - 1] = { ...s, alarms: s.alarms | CHANNEL_ALARM.interrupted };
    this.events.post(GROUP_EVENT.mbusReadInterrupted, {
      manufacturer: true,
      argument: Uint8Array.of(channel),
      clockMs,
    });
  }

  et13Image(): Uint8Array {
    const out = new Uint8Array(this.count * this.dims.et13EntrySize);
    this.configs.forEach((c, i) =>
      out.set(encodeMbusChannelConfig(c, this.order, this.dims.et13EntrySize), i * this.dims.et13EntrySize),
    );
    return out;
  }

  et14Image(): Uint8Array {
    const bit = (f: (s: MbusChannelStatus) => boolean) => this.status.reduce((m, s, i) => (f(s) ? m | (1 << i) : m), 0);
    return encodeMbusStatusTable(
      {
        installed: this.status.filter((s) => s.handle !== 0).length,
        alarmMap: bit((s) => s.alarms !== 0),
        occupancy: bit((s) => s.handle !== 0),
        channels: this.status,
      },
      this.order,
      { channels: this.count, headerSize: this.dims.et14HeaderSize, entrySize: this.dims.et14EntrySize },
    );
  }

  et16Image(): Uint8Array {
    const out = new Uint8Array(this.count * this.dims.et16EntrySize);
    this.readings.forEach((r, i) => out.set(r, i * this.dims.et16EntrySize));
    return out;
  }
}
