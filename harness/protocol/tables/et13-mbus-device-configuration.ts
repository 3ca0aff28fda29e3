import type { ByteReader } from "../../bytes/cursor";
import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { decodeMbusTelegram, encodeMbusTelegram, type MbusIdentity } from "./et16-mbus-telegram";

/**
 * ET13 M-Bus Device Configuration (8.18): one entry of ET11's ET13 entry size per channel
 * (channel c at (c - 1) * size). Bytes 0-5 are as a client of real NES meters reads them ([ESP]
 * osgp_mbus.cpp parse_device_configuration); PROVISIONAL: bytes 6-15 (address, installed flag,
 * secondary address) are ours.
 *   @0  UINT8  day: weekly 32..38 = Sunday..Saturday or 39 = never; monthly 1..28     [ESP]
 *   @1  UINT8  hour 0..23                                                              [ESP]
 *   @2  UINT8  minute 0..59                                                            [ESP]
 *   @3  UINT8  frequency: 0 hourly (at the minute), 1 daily, 2 weekly, 3 monthly, 4 never [ESP]
 *   @4  UINT16 status-read interval, minutes (0: status read with the billing read)    [ESP]
 *   @6  UINT8  M-Bus primary address 1..250 (0 with a free channel)
 *   @7  UINT8  flags: bit 0 installed
 *   @8  secondary address: identification number (4 bytes BCD, LSB first), manufacturer
 *       UINT16, version, medium, as the device's telegram header; all zero = any device at the address
 */
export const ET13 = EXTENDED_BASE + 13;
export const ET13_ENTRY_MIN_SIZE = 16;

export const SCHEDULE_FREQUENCY = { hourly: 0, daily: 1, weekly: 2, monthly: 3, never: 4 } as const;
export const WEEKLY_DAY_BASE = 32;
export const WEEKLY_NEVER = 39;

export interface MbusSchedule {
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly frequency: number;
  readonly statusIntervalMinutes: number;
}

export interface MbusChannelConfig {
  readonly schedule: MbusSchedule;
  readonly address: number;
  readonly installed: boolean;
  /** null: any device that answers at the address. */
  readonly identity: MbusIdentity | null;
}

const SECONDARY = 8;

/** One entry; a schedule outside its ranges or an impossible address is a decode error. */
export function decodeMbusChannelConfig(bytes: Uint8Array, order: ByteOrder): Decoded<MbusChannelConfig> {
  return decodeWith(bytes, "ET13 entry", (r) => {
    const schedule = readSchedule(r, order);
    const addressAt = r.offset;
    const address = r.u8("address");
    if (address > 250)
      r.fail("OSGP_ERR_FIELD_RANGE", "address", `${address} is not a primary address (1..250, 0 none)`, addressAt);
    const flags = r.u8("flags");
    const raw = r.bytes(SECONDARY, "secondaryAddress");
    r.rest();
    let identity: MbusIdentity | null = null;
    if (raw.some((b) => b !== 0)) {
      const t = decodeMbusTelegram(Uint8Array.of(...raw, 0, 0, 0, 0));
      if (!t.ok) throw t.error;
      identity = {
        serial: t.value.serial,
        manufacturer: t.value.manufacturer,
        version: t.value.version,
        medium: t.value.medium,
      };
    }
    return { schedule, address, installed: (flags & 1) !== 0, identity };
  });
}

export function encodeMbusChannelConfig(c: MbusChannelConfig, order: ByteOrder, entrySize: number): Uint8Array {
  const w = new ByteWriter("ET13 entry");
  const s = c.schedule;
  w.u8(s.day, "day")
    .u8(s.hour, "hour")
    .u8(s.minute, "minute")
    .u8(s.frequency, "frequency")
    .uint(s.statusIntervalMinutes, 2, order, "statusIntervalMinutes");
  w.u8(c.address, "address").u8(c.installed ? 1 : 0, "flags");
  const id = c.identity;
  w.bytes(
    id === null
      ? new Uint8Array(SECONDARY)
      : encodeMbusTelegram({ ...id, accessNumber: 0, status: 0, signature: 0, records: [] }).subarray(0, SECONDARY),
    "secondaryAddress",
  );
  if (w.length > entrySize) w.fail("entry", `needs ${w.length} bytes; the entry holds ${entrySize}`);
  return w.bytes(new Uint8Array(entrySize - w.length), "reserved").toBytes();
}

function readSchedule(r: ByteReader, order: ByteOrder): MbusSchedule {
  const at = r.offset;
  const [day, hour, minute, frequency] = [r.u8("day"), r.u8("hour"), r.u8("minute"), r.u8("frequency")];
  const statusIntervalMinutes = r.uint(2, order, "statusIntervalMinutes");
  if (hour > 23) r.fail("OSGP_ERR_FIELD_RANGE", "hour", `${hour} is outside 0..23`, at + 1);
  if (minute > 59) r.fail("OSGP_ERR_FIELD_RANGE", "minute", `${minute} is outside 0..59`, at + 2);
  if (frequency > SCHEDULE_FREQUENCY.never)
    r.fail("OSGP_ERR_FIELD_RANGE", "frequency", `${frequency} is outside 0..4`, at + 3);
  if (frequency === SCHEDULE_FREQUENCY.weekly && (day < WEEKLY_DAY_BASE || day > WEEKLY_NEVER))
    r.fail("OSGP_ERR_FIELD_RANGE", "day", `${day}: a weekly day is 32..38 (Sunday..Saturday) or 39 (never)`, at);
  if (frequency === SCHEDULE_FREQUENCY.monthly && day > 28)
    r.fail("OSGP_ERR_FIELD_RANGE", "day", `${day}: a monthly day is 1..28 (0 reads as 1)`, at);
  return { day, hour, minute, frequency, statusIntervalMinutes };
}
