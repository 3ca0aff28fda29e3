import type { ByteReader } from "../../bytes/cursor";
import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";
import { decodeMbusReading, type MbusReading } from "./et16-mbus-device-data";

/**
 * ET45 MEP Recurring Read Log (8.17.2.1, 8.18.1.2): the scheduled reads of the M-Bus devices and
 * of the MEP device, newest last in a ring of ET11's ET45 number of entries of ET11's ET45 entry
 * size. Header fields 1-4 and the entry's length, handle and type 4 are as a client of real NES
 * meters reads them ([ESP] osgp_mbus_component.cpp); PROVISIONAL: the rest is ours.
 * Header (6 bytes):
 *   @0 UINT8 flags (bit 0: the ring has wrapped)   @1 UINT8 valid entries              [ESP]
 *   @2 UINT8 index of the newest entry             [ESP]  @3 UINT16 its sequence number [ESP]
 *   @5 reserved
 * Entry (at 6 + i * size):
 *   @0 UINT16 length L of what follows from @2 (6 + the reading)  [ESP]
 *   @2 UINT16 sequence number (1, 2, ...)
 *   @4 UINT16 device handle                                         [ESP]
 *   @6 UINT8  bits 0-3 channel (0: the MEP device), bit 4: taken late, after a power outage
 *   @7 UINT8  type: 4 M-Bus scheduled read [ESP], 1 MEP scheduled read response
 *   @8 reading: type 4, an ET16 entry without its padding; type 1, LTIME_DATE received (UTC),
 *      UINT8 flags (bit 0 alarms present), UINT16 alarms, UINT8 data length, data
 */
export const ET45 = EXTENDED_BASE + 45;
export const ET45_HEADER_SIZE = 6;
export const RECURRING_TYPE = { mep: 1, mbus: 4 } as const;
export const LATE_AFTER_OUTAGE = 0x10;

export interface MepReading {
  readonly receivedAt: LTimeDate | null;
  readonly alarmsPresent: boolean;
  readonly alarms: number;
  readonly data: Uint8Array;
}

export interface RecurringReadEntry {
  readonly sequence: number;
  readonly handle: number;
  readonly channel: number;
  readonly lateAfterOutage: boolean;
  readonly type: number;
  readonly mbus: MbusReading | null;
  readonly mep: MepReading | null;
}

export interface RecurringReadLog {
  readonly wrapped: boolean;
  readonly valid: number;
  readonly newest: number;
  readonly newestSequence: number;
  /** Valid entries, oldest first. */
  readonly entries: readonly RecurringReadEntry[];
}

export function et45Size(entries: number, entrySize: number): number {
  return ET45_HEADER_SIZE + entries * entrySize;
}

export function decodeRecurringReadLog(
  bytes: Uint8Array,
  order: ByteOrder,
  entries: number,
  entrySize: number,
): Decoded<RecurringReadLog> {
  return decodeWith(bytes, "ET45", (r) => {
    const flags = r.u8("flags");
    const valid = r.u8("valid");
    const newest = r.u8("newest");
    const newestSequence = r.uint(2, order, "newestSequence");
    r.u8("reserved");
    if (valid > entries || (valid > 0 && newest >= entries))
      r.fail("OSGP_ERR_FIELD_RANGE", "valid", `${valid} valid entries, newest ${newest}, in a ring of ${entries}`, 1);
    const raw: Uint8Array[] = [];
    for (let i = 0; i < entries; i++) raw.push(r.bytes(entrySize, `entry${i}`));
    const list: RecurringReadEntry[] = [];
    for (let k = valid - 1; k >= 0; k--) {
      const i = (newest - k + entries) % entries;
      list.push(decodeEntry(r, raw[i] as Uint8Array, order, i));
    }
    return { wrapped: (flags & 1) !== 0, valid, newest, newestSequence, entries: list };
  });
}

function decodeEntry(outer: ByteReader, bytes: Uint8Array, order: ByteOrder, index: number): RecurringReadEntry {
  const d = decodeWith(bytes, `ET45.entry${index}`, (r) => {
    const lengthAt = r.offset;
    const length = r.uint(2, order, "length");
    if (length < 6 || length + 2 > bytes.length)
      r.fail("OSGP_ERR_FIELD_RANGE", "length", `${length} does not fit a ${bytes.length}-byte entry`, lengthAt);
    const sequence = r.uint(2, order, "sequence");
    const handle = r.uint(2, order, "handle");
    const where = r.u8("channel");
    const type = r.u8("type");
    const body = r.bytes(length - 6, "reading");
    r.rest();
    const base = { sequence, handle, channel: where & 0x0f, lateAfterOutage: (where & LATE_AFTER_OUTAGE) !== 0, type };
    if (type === RECURRING_TYPE.mbus) {
      const m = decodeMbusReading(body);
      if (!m.ok) throw m.error;
      return { ...base, mbus: m.value, mep: null };
    }
    if (type === RECURRING_TYPE.mep) return { ...base, mbus: null, mep: decodeMepReading(body, order) };
    return r.fail("OSGP_ERR_FIELD_RANGE", "type", `${type} is not a recurring-read type (1 MEP, 4 M-Bus)`, 7);
  });
  if (!d.ok) outer.fail(d.error.code, `entry${index}`, d.error.message);
  return d.value;
}

function decodeMepReading(bytes: Uint8Array, order: ByteOrder): MepReading {
  const d = decodeWith(bytes, "MEP reading", (r) => {
    const receivedAt = readLTimeDate(r, "receivedAt");
    const flags = r.u8("flags");
    const alarms = r.uint(2, order, "alarms");
    const length = r.u8("length");
    return { receivedAt, alarmsPresent: (flags & 1) !== 0, alarms, data: r.bytes(length, "data") };
  });
  if (!d.ok) throw d.error;
  return d.value;
}

/** One entry's bytes; `reading` is an encoded M-Bus reading (type 4) or MEP reading (type 1). */
export function encodeRecurringEntry(
  e: Omit<RecurringReadEntry, "mbus" | "mep">,
  order: ByteOrder,
  reading: Uint8Array,
  entrySize: number,
): Uint8Array {
  const w = new ByteWriter("ET45 entry")
    .uint(6 + reading.length, 2, order, "length")
    .uint(e.sequence, 2, order, "sequence")
    .uint(e.handle, 2, order, "handle");
  w.u8((e.channel & 0x0f) | (e.lateAfterOutage ? LATE_AFTER_OUTAGE : 0), "channel")
    .u8(e.type, "type")
    .bytes(reading, "reading");
  if (w.length > entrySize) w.fail("reading", `the entry needs ${w.length} bytes; ET11 gives ${entrySize}`);
  return w.bytes(new Uint8Array(entrySize - w.length), "padding").toBytes();
}

export function encodeMepReading(m: MepReading, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("MEP reading");
  writeLTimeDate(w, m.receivedAt, "receivedAt");
  return w
    .u8(m.alarmsPresent ? 1 : 0, "flags")
    .uint(m.alarms, 2, order, "alarms")
    .u8(m.data.length, "length")
    .bytes(m.data, "data")
    .toBytes();
}

export function encodeRecurringHeader(
  h: { wrapped: boolean; valid: number; newest: number; newestSequence: number },
  order: ByteOrder,
): Uint8Array {
  return new ByteWriter("ET45 header")
    .u8(h.wrapped ? 1 : 0, "flags")
    .u8(h.valid, "valid")
    .u8(h.newest, "newest")
    .uint(h.newestSequence, 2, order, "newestSequence")
    .u8(0, "reserved")
    .toBytes();
}
