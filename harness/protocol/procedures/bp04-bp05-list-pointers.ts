import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";

/**
 * BP04 Reset List Pointers and BP05 Update Last Read Entry (C12.19 standard procedures 4 and 5):
 * how a reader tells the device which list entries it has read. BP04's parameter is LIST (UINT8):
 * the list starts again empty. BP05's are LIST (UINT8) and ENTRIES_READ (UINT16): the oldest
 * ENTRIES_READ unread entries (load-profile blocks, log entries) count as read from now on.
 *
 * LIST numbers: 1 event log, 2 self-read data and 3..6 load-profile data sets 1..4 are those
 * vendors' C12.19 meters use; 8 for the history log is one vendor's (PROVISIONAL), so the suite
 * takes it from PIXIT records.historyList.
 */
export const BP04 = 4;
export const BP05 = 5;

export const LIST = {
  eventLog: 1,
  selfRead: 2,
  loadProfileSet1: 3,
  loadProfileSet2: 4,
  loadProfileSet3: 5,
  loadProfileSet4: 6,
  historyLog: 8,
} as const;

/** The LIST number of load-profile data set `set` (1..4). */
export function loadProfileList(set: number): number {
  return LIST.loadProfileSet1 + set - 1;
}

export interface UpdateLastReadEntry {
  readonly list: number;
  readonly entriesRead: number;
}

export function decodeResetListPointers(bytes: Uint8Array): Decoded<{ list: number }> {
  return decodeWith(bytes, "BP04", (r) => ({ list: r.u8("list") }));
}

export function encodeResetListPointers(list: number): Uint8Array {
  return new ByteWriter("BP04").u8(list, "list").toBytes();
}

export function decodeUpdateLastReadEntry(bytes: Uint8Array, order: ByteOrder): Decoded<UpdateLastReadEntry> {
  return decodeWith(bytes, "BP05", (r) => ({ list: r.u8("list"), entriesRead: r.uint(2, order, "entriesRead") }));
}

export function encodeUpdateLastReadEntry(p: UpdateLastReadEntry, order: ByteOrder): Uint8Array {
  return new ByteWriter("BP05").u8(p.list, "list").uint(p.entriesRead, 2, order, "entriesRead").toBytes();
}
