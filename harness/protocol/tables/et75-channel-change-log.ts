import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { LTIME_DATE_SIZE, readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";

/**
 * ET75 Primary Load-Profile Channel Change Log (8.5): one entry per reconfiguration of data set 1
 * (ET21), so that a reader can tell which blocks were recorded with which channels. NES's layout
 * is not public. PROVISIONAL (ours): NBR_VALID_ENTRIES (UINT8), LAST_ENTRY_ELEMENT (UINT8),
 * LAST_ENTRY_SEQ_NBR (UINT16), then NBR_ENTRIES (the entries ET75's size leaves room for) of
 * TIME (LTIME_DATE, UTC), SEQ_NBR (UINT16), OLD_INTERVAL and NEW_INTERVAL (UINT8 minutes), the
 * old then the new SOURCE_ID of each channel (UINT8 each, BT61 NBR_CHNS_SET1 of them).
 */
export const ET75 = EXTENDED_BASE + 75;

export interface ChannelChange {
  readonly time: LTimeDate | null;
  readonly sequence: number;
  readonly oldIntervalMinutes: number;
  readonly newIntervalMinutes: number;
  readonly oldSources: readonly number[];
  readonly newSources: readonly number[];
}

export interface ChannelChangeLog {
  readonly validEntries: number;
  readonly lastEntryElement: number;
  readonly lastEntrySequence: number;
  readonly entries: readonly ChannelChange[];
}

export function channelChangeEntrySize(channelCount: number): number {
  return LTIME_DATE_SIZE + 4 + 2 * channelCount;
}

/** The number of entries follows from the table's length, so a reader needs only the channel count. */
export function decodeChannelChangeLog(
  bytes: Uint8Array,
  order: ByteOrder,
  channelCount: number,
): Decoded<ChannelChangeLog> {
  return decodeWith(bytes, "ET75", (r) => {
    const validEntries = r.u8("validEntries");
    const lastEntryElement = r.u8("lastEntryElement");
    const lastEntrySequence = r.uint(2, order, "lastEntrySequence");
    const n = Math.floor(r.remaining / channelChangeEntrySize(channelCount));
    const entries = Array.from({ length: n }, (_, i) => {
      const f = `entry${i}`;
      return {
        time: readLTimeDate(r, `${f}.time`),
        sequence: r.uint(2, order, `${f}.sequence`),
        oldIntervalMinutes: r.u8(`${f}.oldIntervalMinutes`),
        newIntervalMinutes: r.u8(`${f}.newIntervalMinutes`),
        oldSources: Array.from({ length: channelCount }, (_, c) => r.u8(`${f}.oldSource${c + 1}`)),
        newSources: Array.from({ length: channelCount }, (_, c) => r.u8(`${f}.newSource${c + 1}`)),
      };
    });
    return { validEntries, lastEntryElement, lastEntrySequence, entries };
  });
}

export function encodeChannelChangeLog(v: ChannelChangeLog, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET75")
    .u8(v.validEntries, "validEntries")
    .u8(v.lastEntryElement, "lastEntryElement")
    .uint(v.lastEntrySequence, 2, order, "lastEntrySequence");
  v.entries.forEach((e, i) => {
    const f = `entry${i}`;
    writeLTimeDate(w, e.time, `${f}.time`);
    w.uint(e.sequence, 2, order, `${f}.sequence`)
      .u8(e.oldIntervalMinutes, `${f}.oldIntervalMinutes`)
      .u8(e.newIntervalMinutes, `${f}.newIntervalMinutes`);
    e.oldSources.forEach((s, c) => w.u8(s, `${f}.oldSource${c + 1}`));
    e.newSources.forEach((s, c) => w.u8(s, `${f}.newSource${c + 1}`));
  });
  return w.toBytes();
}
