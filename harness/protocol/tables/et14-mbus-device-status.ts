import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";

/**
 * ET14 M-Bus Device Status (8.18.3, 8.18.4): a header of ET11's ET14 header size, then one entry
 * of ET11's ET14 entry size per channel. The occupancy bitmap (header @5) and the entry's handle,
 * status and billing-read length are as a client of real NES meters reads them ([ESP]
 * osgp_mbus_component.cpp); PROVISIONAL: the other fields are ours.
 * Header:
 *   @0 UINT8  installed devices        @1 UINT8 alarm bitmap (bit c-1: channel c has an alarm)
 *   @2..4     reserved (0)             @5 UINT8 occupancy bitmap (bit c-1: channel c holds a device) [ESP]
 * Entry:
 *   @0  UINT16 device handle (0: no device)                                  [ESP]
 *   @2  UINT8  status: 0 empty, 1 active, 2 down (did not answer)           [ESP]
 *   @3  UINT8  alarms: bit 0 no response, bit 1 read interrupted by a power outage,
 *              bit 2 the device reports an error (telegram status not 0)
 *   @4  UINT16 billing-read length: bytes of the reading held in ET16 (0: none) [ESP]
 *   @6  LTIME_DATE last successful read (UTC)
 *   @12 UINT8  consecutive failed reads
 *   @13 UINT8  primary address
 */
export const ET14 = EXTENDED_BASE + 14;
export const ET14_HEADER_MIN_SIZE = 6;
export const ET14_ENTRY_MIN_SIZE = 14;

export const CHANNEL_STATUS = { empty: 0, active: 1, down: 2 } as const;
export const CHANNEL_ALARM = { noResponse: 0x01, interrupted: 0x02, deviceError: 0x04 } as const;

export interface MbusChannelStatus {
  readonly handle: number;
  readonly status: number;
  readonly alarms: number;
  readonly readingLength: number;
  readonly lastRead: LTimeDate | null;
  readonly failedReads: number;
  readonly address: number;
}

export interface MbusStatusTable {
  readonly installed: number;
  readonly alarmMap: number;
  readonly occupancy: number;
  readonly channels: readonly MbusChannelStatus[];
}

export interface Et14Dimensions {
  readonly channels: number;
  readonly headerSize: number;
  readonly entrySize: number;
}

export function et14Size(d: Et14Dimensions): number {
  return d.headerSize + d.channels * d.entrySize;
}

export function decodeMbusStatusTable(
  bytes: Uint8Array,
  order: ByteOrder,
  d: Et14Dimensions,
): Decoded<MbusStatusTable> {
  return decodeWith(bytes, "ET14", (r) => {
    if (d.headerSize < ET14_HEADER_MIN_SIZE || d.entrySize < ET14_ENTRY_MIN_SIZE) {
      r.fail(
        "OSGP_ERR_FIELD_RANGE",
        "dimensions",
        `ET11 gives a ${d.headerSize}-byte header and ${d.entrySize}-byte entries; ET14 needs at least ${ET14_HEADER_MIN_SIZE} and ${ET14_ENTRY_MIN_SIZE}`,
        0,
      );
    }
    const installed = r.u8("installed");
    const alarmMap = r.u8("alarmMap");
    r.bytes(3, "reserved");
    const occupancy = r.u8("occupancy");
    r.bytes(d.headerSize - ET14_HEADER_MIN_SIZE, "headerRest");
    const channels: MbusChannelStatus[] = [];
    for (let c = 1; c <= d.channels; c++) {
      const f = `channel${c}`;
      const handle = r.uint(2, order, `${f}.handle`);
      const status = r.u8(`${f}.status`);
      const alarms = r.u8(`${f}.alarms`);
      const readingLength = r.uint(2, order, `${f}.readingLength`);
      const lastRead = readLTimeDate(r, `${f}.lastRead`);
      channels.push({
        handle,
        status,
        alarms,
        readingLength,
        lastRead,
        failedReads: r.u8(`${f}.failedReads`),
        address: r.u8(`${f}.address`),
      });
      r.bytes(d.entrySize - ET14_ENTRY_MIN_SIZE, `${f}.rest`);
    }
    return { installed, alarmMap, occupancy, channels };
  });
}

export function encodeMbusStatusTable(t: MbusStatusTable, order: ByteOrder, d: Et14Dimensions): Uint8Array {
  const w = new ByteWriter("ET14");
  w.u8(t.installed, "installed")
    .u8(t.alarmMap, "alarmMap")
    .bytes(new Uint8Array(3), "reserved")
    .u8(t.occupancy, "occupancy");
  w.bytes(new Uint8Array(d.headerSize - ET14_HEADER_MIN_SIZE), "headerRest");
  if (t.channels.length !== d.channels) w.fail("channels", `${t.channels.length} entries for ${d.channels} channels`);
  for (const c of t.channels) {
    w.uint(c.handle, 2, order, "handle")
      .u8(c.status, "status")
      .u8(c.alarms, "alarms")
      .uint(c.readingLength, 2, order, "readingLength");
    writeLTimeDate(w, c.lastRead, "lastRead");
    w.u8(c.failedReads, "failedReads")
      .u8(c.address, "address")
      .bytes(new Uint8Array(d.entrySize - ET14_ENTRY_MIN_SIZE), "rest");
  }
  return w.toBytes();
}
