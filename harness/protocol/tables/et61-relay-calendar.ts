import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import {
  firstOutOfRange,
  layoutSize,
  readUints,
  writeUints,
  type FieldRanges,
  type UintRecord,
} from "../types/uint-fields";

/**
 * ET61 Time-Based Relay Control Calendar (8.11.2): switch times per day of the week. PROVISIONAL
 * layout (ours; NES's is not public): byte 0 the number of entries M (meter-controlled), then M
 * entries of 5 bytes:
 *   0 UINT8 relay   1..N (ET05's N), 0 = entry unused (its other bytes are then ignored)
 *   1 UINT8 hour    0..23, UTC (the meter's clock)
 *   2 UINT8 minute  0..59
 *   3 UINT8 action  0 switch off, 1 switch on
 *   4 UINT8 days    bit 0 Sunday .. bit 6 Saturday; bit 7 reserved (0)
 * At the start of a matching minute the relay switches, after ET05's random delay, if its mode is
 * "calendar".
 */
export const ET61 = EXTENDED_BASE + 61;

const ENTRY = [
  ["relay", 1],
  ["hour", 1],
  ["minute", 1],
  ["action", 1],
  ["days", 1],
] as const;

export type CalendarEntry = UintRecord<typeof ENTRY>;
export const ET61_ENTRY_SIZE = layoutSize(ENTRY);
const RANGES: FieldRanges<typeof ENTRY> = { hour: [0, 23], minute: [0, 59], action: [0, 1], days: [0, 0x7f] };

export function relayCalendarSize(entries: number): number {
  return 1 + entries * ET61_ENTRY_SIZE;
}

export function calendarEntryOffset(index: number): number {
  return 1 + index * ET61_ENTRY_SIZE;
}

export function decodeRelayCalendar(bytes: Uint8Array, order: ByteOrder): Decoded<CalendarEntry[]> {
  return decodeWith(bytes, "ET61", (r) => {
    const n = r.u8("entries");
    return Array.from({ length: n }, (_, i) => readUints(r, ENTRY, order, `entry[${i}].`));
  });
}

export function encodeRelayCalendar(entries: readonly CalendarEntry[], order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET61").u8(entries.length, "entries");
  entries.forEach((e, i) => writeUints(w, ENTRY, e, order, `entry[${i}].`));
  return w.toBytes();
}

/** Entries a device must refuse: a relay it does not have, a time that does not exist, an unknown action. */
export function checkRelayCalendar(entries: readonly CalendarEntry[], relays: number): string | null {
  for (const [i, e] of entries.entries()) {
    if (e.relay === 0) continue;
    if (e.relay > relays) return `entry[${i}].relay = ${e.relay} (the device has ${relays})`;
    const bad = firstOutOfRange(e, RANGES, `entry[${i}].`);
    if (bad !== null) return bad;
  }
  return null;
}
