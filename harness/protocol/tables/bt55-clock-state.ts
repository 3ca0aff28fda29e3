import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits, type BitFieldValues } from "../types/bit-fields";
import { packTimeDateQualifier, unpackTimeDateQualifier, type TimeDateQualifier } from "../types/time-date-qualifier";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";

/**
 * BT55 Clock State (8.2, 8.3; C12.19 CLOCK_STATE_TBL): the local time the calendar runs on and
 * where the calendar stands.
 *
 *   0  LTIME_DATE      local clock (BT52 plus BT53's offset and DST)
 *   6  TIME_DATE_QUAL  day of week, DST, GMT (0: local), time zone applied, DST applied
 *   7  UINT16 STATUS   bits 0..2 current (summation) tier, 3..5 demand tier (when BT51 separates
 *                      them, else 0), 6..7 tier drive, 8..11 special schedule in force, 12..15 season
 *
 * PROVISIONAL readings of two fields C12.19 leaves to the device: tier drive 0 is the calendar,
 * 1 a manual override (8.2.1, ET47), 2 the over-power tariff (8.2.2); special schedule 15 means
 * none is in force today.
 */
export const BT55 = 55;
export const CLOCK_STATE_SIZE = 9;
export const NO_SPECIAL_SCHEDULE = 15;
export const TIER_DRIVE = { calendar: 0, override: 1, overPower: 2 } as const;

const STATUS_BITS = {
  tier: [0, 2],
  demandTier: [3, 5],
  tierDrive: [6, 7],
  specialSchedule: [8, 11],
  season: [12, 15],
} as const;

export type ClockStatus = BitFieldValues<typeof STATUS_BITS>;

export interface ClockState {
  readonly clock: LTimeDate | null;
  readonly qualifier: TimeDateQualifier;
  readonly status: ClockStatus;
}

export function decodeClockState(bytes: Uint8Array, order: ByteOrder): Decoded<ClockState> {
  return decodeWith(bytes, "BT55", (r) => ({
    clock: readLTimeDate(r, "clock"),
    qualifier: unpackTimeDateQualifier(r.u8("qualifier")),
    status: unpackBits(r.uint(2, order, "status"), STATUS_BITS),
  }));
}

export function encodeClockState(v: ClockState, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("BT55");
  writeLTimeDate(w, v.clock, "clock");
  w.u8(packTimeDateQualifier(v.qualifier, "BT55.qualifier"), "qualifier");
  return w.uint(packBits(v.status, STATUS_BITS, "BT55.status"), 2, order, "status").toBytes();
}
