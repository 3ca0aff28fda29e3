import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";

/**
 * ET74 MEP Recurring Read Extended Log (8.17.2): every uplink posting of the MEP device (EP39 kinds
 * 2-6), newest last, in a ring of ET11's ET74 number of entries. PROVISIONAL: the layout is ours.
 * Header (8 bytes): @0 UINT8 valid entries, @1 UINT8 newest index, @2 UINT16 newest sequence,
 *   @4 UINT16 urgent postings received so far, @6 reserved (2)
 * Entry (14 + ET11's MEP data size):
 *   @0 UINT16 sequence (1, 2, ...)   @2 UINT8 kind (POSTING_KIND)   @3 UINT8 flags: bit 0 alarms
 *   present, bit 1 urgent           @4 UINT8 request id answered (0: none)
 *   @5 LTIME_DATE received (UTC)     @11 UINT16 alarms   @13 UINT8 data length   @14 data, zeros after
 */
export const ET74 = EXTENDED_BASE + 74;
export const ET74_HEADER_SIZE = 8;

/** EP39 kinds: 0 and 1 go down to the MEP device, 2..6 come up from it. */
export const POSTING_KIND = {
  data: 0,
  onDemandRequest: 1,
  scheduledRead: 2,
  onDemandResponse: 3,
  unsolicited: 4,
  urgent: 5,
  alarmsOnly: 6,
} as const;
export const POSTING_FLAG = { alarms: 0x01, urgent: 0x02 } as const;

export interface MepPosting {
  readonly sequence: number;
  readonly kind: number;
  readonly flags: number;
  readonly requestId: number;
  readonly receivedAt: LTimeDate | null;
  readonly alarms: number;
  readonly data: Uint8Array;
}

export interface MepPostingLog {
  readonly newestSequence: number;
  readonly urgentCount: number;
  /** Valid entries, oldest first. */
  readonly entries: readonly MepPosting[];
}

export function et74EntrySize(mepDataSize: number): number {
  return 14 + mepDataSize;
}

export function et74Size(entries: number, mepDataSize: number): number {
  return ET74_HEADER_SIZE + entries * et74EntrySize(mepDataSize);
}

export function decodeMepPostingLog(
  bytes: Uint8Array,
  order: ByteOrder,
  entries: number,
  mepDataSize: number,
): Decoded<MepPostingLog> {
  return decodeWith(bytes, "ET74", (r) => {
    const valid = r.u8("valid");
    const newest = r.u8("newest");
    const newestSequence = r.uint(2, order, "newestSequence");
    const urgentCount = r.uint(2, order, "urgentCount");
    r.bytes(2, "reserved");
    if (valid > entries || (valid > 0 && newest >= entries))
      r.fail("OSGP_ERR_FIELD_RANGE", "valid", `${valid} valid entries, newest ${newest}, in a ring of ${entries}`, 0);
    const ring: MepPosting[] = [];
    for (let i = 0; i < entries; i++) {
      const f = `entry${i}`;
      const head = {
        sequence: r.uint(2, order, `${f}.sequence`),
        kind: r.u8(`${f}.kind`),
        flags: r.u8(`${f}.flags`),
        requestId: r.u8(`${f}.requestId`),
      };
      const receivedAt = readLTimeDate(r, `${f}.receivedAt`);
      const alarms = r.uint(2, order, `${f}.alarms`);
      const lengthAt = r.offset;
      const length = r.u8(`${f}.length`);
      if (length > mepDataSize)
        r.fail("OSGP_ERR_FIELD_RANGE", `${f}.length`, `${length} bytes in a ${mepDataSize}-byte data field`, lengthAt);
      const all = r.bytes(mepDataSize, `${f}.data`);
      ring.push({ ...head, receivedAt, alarms, data: all.slice(0, length) });
    }
    return {
      newestSequence,
      urgentCount,
      entries: Array.from(
        { length: valid },
        (_, k) => ring[(newest - (valid - 1 - k) + entries) % entries] as MepPosting,
      ),
    };
  });
}

export function encodeMepPosting(p: MepPosting, order: ByteOrder, mepDataSize: number): Uint8Array {
  const w = new ByteWriter("ET74 entry")
    .uint(p.sequence, 2, order, "sequence")
    .u8(p.kind, "kind")
    .u8(p.flags, "flags")
    .u8(p.requestId, "requestId");
  writeLTimeDate(w, p.receivedAt, "receivedAt");
  w.uint(p.alarms, 2, order, "alarms").u8(p.data.length, "length");
  if (p.data.length > mepDataSize) w.fail("data", `${p.data.length} bytes do not fit ${mepDataSize}`);
  return w
    .bytes(p.data, "data")
    .bytes(new Uint8Array(mepDataSize - p.data.length), "padding")
    .toBytes();
}

export function encodeMepPostingHeader(
  h: { valid: number; newest: number; newestSequence: number; urgentCount: number },
  order: ByteOrder,
): Uint8Array {
  return new ByteWriter("ET74 header")
    .u8(h.valid, "valid")
    .u8(h.newest, "newest")
    .uint(h.newestSequence, 2, order, "newestSequence")
    .uint(h.urgentCount, 2, order, "urgentCount")
    .bytes(new Uint8Array(2), "reserved")
    .toBytes();
}
