import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";

/**
 * ET11 MFG Dimension: the sizes of the M-Bus/MEP tables (8.17, 8.18) and of ET31/ET18 (8.13,
 * 8.14), so that a client takes every table size from the device, never from a constant.
 *
 * Offsets 0, 1, 2, 5 and 13 are as a client of real NES meters reads them ([ESP]
 * hendrikb/esphome-osgp-meter, osgp_mbus_component.cpp: device count, ET13 and ET14 entry sizes,
 * ET16 entry size, ET34 entry size). PROVISIONAL: every other field is ours, placed in bytes that
 * client does not read; a meter of another family may lay them out differently.
 *
 *   @0  UINT8  M-Bus channels (devices the meter can hold)            [ESP]
 *   @1  UINT8  ET13 entry size                                         [ESP]
 *   @2  UINT8  ET14 entry size                                         [ESP]
 *   @3  UINT8  ET14 header size (ESP reads 6)
 *   @4  UINT8  ET15 entry size
 *   @5  UINT16 ET16 entry size                                         [ESP]
 *   @7  UINT16 ET45 entry size (ESP takes it from ET36)
 *   @9  UINT8  ET45 number of entries
 *   @10 UINT8  ET31 number of log entries
 *   @11 UINT8  MEP data size: bytes of ET50 data, of an EP39 downlink posting, of an ET74 entry's data
 *   @12 UINT8  ET74 number of entries
 *   @13 UINT8  ET34 entry size                                         [ESP]
 *   @14 UINT8  ET18 group slots
 *   @15 UINT8  ET15 number of entries (channels + 1 bus scan [+ 2 MEP downlink])
 * A dimension of an absent function is 0. UINT16 fields follow the data order (LSB first).
 */
export const ET11 = EXTENDED_BASE + 11;
export const ET11_SIZE = 16;

export interface MfgDimension {
  readonly mbusChannels: number;
  readonly et13EntrySize: number;
  readonly et14EntrySize: number;
  readonly et14HeaderSize: number;
  readonly et15EntrySize: number;
  readonly et16EntrySize: number;
  readonly et45EntrySize: number;
  readonly et45Entries: number;
  readonly et31Entries: number;
  readonly mepDataSize: number;
  readonly et74Entries: number;
  readonly et34EntrySize: number;
  readonly groupSlots: number;
  readonly et15Entries: number;
}

export function decodeMfgDimension(bytes: Uint8Array, order: ByteOrder): Decoded<MfgDimension> {
  return decodeWith(bytes, "ET11", (r) => ({
    mbusChannels: r.u8("mbusChannels"),
    et13EntrySize: r.u8("et13EntrySize"),
    et14EntrySize: r.u8("et14EntrySize"),
    et14HeaderSize: r.u8("et14HeaderSize"),
    et15EntrySize: r.u8("et15EntrySize"),
    et16EntrySize: r.uint(2, order, "et16EntrySize"),
    et45EntrySize: r.uint(2, order, "et45EntrySize"),
    et45Entries: r.u8("et45Entries"),
    et31Entries: r.u8("et31Entries"),
    mepDataSize: r.u8("mepDataSize"),
    et74Entries: r.u8("et74Entries"),
    et34EntrySize: r.u8("et34EntrySize"),
    groupSlots: r.u8("groupSlots"),
    et15Entries: r.u8("et15Entries"),
  }));
}

export function encodeMfgDimension(v: MfgDimension, order: ByteOrder): Uint8Array {
  return new ByteWriter("ET11")
    .u8(v.mbusChannels, "mbusChannels")
    .u8(v.et13EntrySize, "et13EntrySize")
    .u8(v.et14EntrySize, "et14EntrySize")
    .u8(v.et14HeaderSize, "et14HeaderSize")
    .u8(v.et15EntrySize, "et15EntrySize")
    .uint(v.et16EntrySize, 2, order, "et16EntrySize")
    .uint(v.et45EntrySize, 2, order, "et45EntrySize")
    .u8(v.et45Entries, "et45Entries")
    .u8(v.et31Entries, "et31Entries")
    .u8(v.mepDataSize, "mepDataSize")
    .u8(v.et74Entries, "et74Entries")
    .u8(v.et34EntrySize, "et34EntrySize")
    .u8(v.groupSlots, "groupSlots")
    .u8(v.et15Entries, "et15Entries")
    .toBytes();
}
