import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";

/**
 * ET21 Load-Profile Internal Configuration (8.5). The table is NES's and its layout is not public.
 * PROVISIONAL (ours): INTERVAL_MINUTES (UINT8, the interval length of data set 1, a divisor of
 * 60), UNREAD_ALARM_THRESHOLD (UINT16: the unread-block count of BT63 at which the unread-entries
 * alarm of 8.5.3 is raised; 0 = no alarm), then one SOURCE_ID (UINT8, an id of ET66) per channel
 * of data set 1 (BT61 NBR_CHNS_SET1). Writing a new interval length or new sources restarts data
 * set 1 and logs the change to ET75.
 */
export const ET21 = EXTENDED_BASE + 21;
export const ET21_FIELDS = { intervalMinutes: 0, unreadAlarmThreshold: 1, sources: 3 } as const;

export interface LoadProfileConfiguration {
  readonly intervalMinutes: number;
  readonly unreadAlarmThreshold: number;
  readonly sources: readonly number[];
}

/** Interval lengths that divide an hour: intervals then end on whole hours too. */
export const INTERVAL_MINUTES_ALLOWED: readonly number[] = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

export function decodeLoadProfileConfiguration(
  bytes: Uint8Array,
  order: ByteOrder,
  channelCount: number,
): Decoded<LoadProfileConfiguration> {
  return decodeWith(bytes, "ET21", (r) => ({
    intervalMinutes: r.u8("intervalMinutes"),
    unreadAlarmThreshold: r.uint(2, order, "unreadAlarmThreshold"),
    sources: Array.from({ length: channelCount }, (_, c) => r.u8(`source${c + 1}`)),
  }));
}

export function encodeLoadProfileConfiguration(v: LoadProfileConfiguration, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET21")
    .u8(v.intervalMinutes, "intervalMinutes")
    .uint(v.unreadAlarmThreshold, 2, order, "unreadAlarmThreshold");
  v.sources.forEach((s, c) => w.u8(s, `source${c + 1}`));
  return w.toBytes();
}
