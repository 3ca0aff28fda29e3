import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { decodeSet, encodeSet, packBits, unpackBits, type BitFieldValues } from "../types/bit-fields";
import { EXTENDED_BASE } from "../table-id";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";

/**
 * Critical events (8.12.1): which logged events are critical, and the flag that tells the head end
 * one happened. No source gives the tables; the extended tables the MEP and Optical Port guides name
 * include none for them, so both are PROVISIONAL (ours), in table numbers those guides leave free:
 *  - ET72 Critical Event Bitmasks (8.12.1.2), writable: CATEGORY_MASK (UINT16, bit c = category c
 *    of event-categories.ts), then STD_CRITICAL SET(BT71 NBR_STD_EVENTS) and MFG_CRITICAL
 *    SET(BT71 NBR_MFG_EVENTS), bit n = event n. An event is critical when its bit or its
 *    category's bit is set.
 *  - ET73 Records Alarms, read only: FLAGS (UINT8: bit 0 the load-profile unread-entries alarm of
 *    8.5.3, bit 1 "unread critical event"), UNREAD_CRITICAL (UINT16: critical entries of BT74 not
 *    yet marked read with BP05), LAST_CRITICAL_CODE (UINT16, TABLE_IDB_BFLD as BT74's
 *    HISTORY_CODE), LAST_CRITICAL_TIME (LTIME_DATE), LAST_CRITICAL_SEQ_NBR (UINT16, BT74's
 *    HISTORY_SEQ_NBR of it). The flag of bit 1 stays up while UNREAD_CRITICAL > 0.
 */
export const ET72 = EXTENDED_BASE + 72;
export const ET73 = EXTENDED_BASE + 73;

export interface CriticalEventMasks {
  readonly categories: number;
  readonly stdEvents: readonly boolean[];
  readonly mfgEvents: readonly boolean[];
}

const ALARM_BITS = { unreadEntries: [0, 0], criticalEvent: [1, 1], reserved: [2, 7] } as const;
const CODE_BITS = { code: [0, 10], manufacturer: [11, 11], reserved: [12, 15] } as const;

export type RecordsAlarmFlags = BitFieldValues<typeof ALARM_BITS>;

export interface RecordsAlarms {
  readonly flags: RecordsAlarmFlags;
  readonly unreadCritical: number;
  readonly lastCriticalCode: number;
  readonly lastCriticalManufacturer: boolean;
  readonly lastCriticalTime: LTimeDate | null;
  readonly lastCriticalSequence: number;
}

export function criticalEventMasksSize(stdEventLength: number, mfgEventLength: number): number {
  return 2 + stdEventLength + mfgEventLength;
}

export function decodeCriticalEventMasks(
  bytes: Uint8Array,
  order: ByteOrder,
  stdEventLength: number,
  mfgEventLength: number,
): Decoded<CriticalEventMasks> {
  return decodeWith(bytes, "ET72", (r) => ({
    categories: r.uint(2, order, "categories"),
    stdEvents: decodeSet(r.bytes(stdEventLength, "stdEvents")),
    mfgEvents: decodeSet(r.bytes(mfgEventLength, "mfgEvents")),
  }));
}

export function encodeCriticalEventMasks(
  v: CriticalEventMasks,
  order: ByteOrder,
  stdEventLength: number,
  mfgEventLength: number,
): Uint8Array {
  return new ByteWriter("ET72")
    .uint(v.categories, 2, order, "categories")
    .bytes(encodeSet(v.stdEvents, stdEventLength, "ET72.stdEvents"), "stdEvents")
    .bytes(encodeSet(v.mfgEvents, mfgEventLength, "ET72.mfgEvents"), "mfgEvents")
    .toBytes();
}

export function decodeRecordsAlarms(bytes: Uint8Array, order: ByteOrder): Decoded<RecordsAlarms> {
  return decodeWith(bytes, "ET73", (r) => {
    const flags = unpackBits(r.u8("flags"), ALARM_BITS);
    const unreadCritical = r.uint(2, order, "unreadCritical");
    const code = unpackBits(r.uint(2, order, "lastCriticalCode"), CODE_BITS);
    return {
      flags,
      unreadCritical,
      lastCriticalCode: code.code,
      lastCriticalManufacturer: code.manufacturer === 1,
      lastCriticalTime: readLTimeDate(r, "lastCriticalTime"),
      lastCriticalSequence: r.uint(2, order, "lastCriticalSequence"),
    };
  });
}

export function encodeRecordsAlarms(v: RecordsAlarms, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET73")
    .u8(packBits(v.flags, ALARM_BITS, "ET73.flags"), "flags")
    .uint(v.unreadCritical, 2, order, "unreadCritical")
    .uint(
      packBits(
        { code: v.lastCriticalCode, manufacturer: v.lastCriticalManufacturer ? 1 : 0, reserved: 0 },
        CODE_BITS,
        "ET73.lastCriticalCode",
      ),
      2,
      order,
      "lastCriticalCode",
    );
  writeLTimeDate(w, v.lastCriticalTime, "lastCriticalTime");
  return w.uint(v.lastCriticalSequence, 2, order, "lastCriticalSequence").toBytes();
}

export function recordsAlarmFlags(v: Partial<RecordsAlarmFlags>): RecordsAlarmFlags {
  return { ...unpackBits(0, ALARM_BITS), ...v };
}
