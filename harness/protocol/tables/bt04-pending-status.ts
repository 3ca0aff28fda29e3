import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readPendingEvent, writePendingEvent, PED_SIZE, type PendingEvent } from "../pending-event";
import { decodeSet, encodeSet, packBits, unpackBits } from "../types/bit-fields";
import { readSTimeDate, writeSTimeDate, STIME_DATE_SIZE, type STimeDate } from "../types/time-types";
import { EXTENDED_BASE } from "../table-id";

/**
 * BT04 Pending Status (6.3; OPG, C12.19 layout): which tables have a pending version, when a
 * pending table was last activated, and one record per pending table the device can hold.
 *
 *   SET(BT00.dimStdTablesUsed)  basic tables with a pending version
 *   SET(BT00.dimMfgTablesUsed)  extended tables with a pending version
 *   STIME_DATE                  last activation (UTC); all zero: none yet
 *   UINT8                       number of pending activations
 *   BT00.nbrPending records of  PED (6 bytes), UINT16 bits 0..11 table id (bit 11: extended),
 *                               bit 12 still pending
 *
 * OPG does not say what the number of pending activations counts (the records still pending, or the
 * activations done): the PIXIT's pending.activationCount says, for the 6.3 checks.
 */
export const BT04 = 4;
export const PENDING_RECORD_SIZE = PED_SIZE + 2;

const TABLE_BITS = { tableId: [0, 11], stillPending: [12, 12], filler: [13, 15] } as const;

export interface PendingStatusDims {
  readonly dimStdTablesUsed: number;
  readonly dimMfgTablesUsed: number;
  readonly nbrPending: number;
}

export interface PendingRecord {
  readonly event: PendingEvent;
  /** 0..4095: BTn = n, ETn = 2048 + n (the pending id is 4096 more). */
  readonly tableId: number;
  readonly stillPending: boolean;
}

export interface PendingStatus {
  readonly standardPending: readonly boolean[];
  readonly manufacturerPending: readonly boolean[];
  readonly lastActivation: STimeDate | null;
  readonly pendingActivations: number;
  readonly records: readonly PendingRecord[];
}

export function pendingStatusSize(dims: PendingStatusDims): number {
  return dims.dimStdTablesUsed + dims.dimMfgTablesUsed + STIME_DATE_SIZE + 1 + PENDING_RECORD_SIZE * dims.nbrPending;
}

export function decodePendingStatus(
  bytes: Uint8Array,
  order: ByteOrder,
  dims: PendingStatusDims,
): Decoded<PendingStatus> {
  return decodeWith(bytes, "BT04", (r) => {
    const standardPending = decodeSet(r.bytes(dims.dimStdTablesUsed, "standardPending"));
    const manufacturerPending = decodeSet(r.bytes(dims.dimMfgTablesUsed, "manufacturerPending"));
    const lastActivation = readSTimeDate(r, "lastActivation");
    const pendingActivations = r.u8("pendingActivations");
    const records: PendingRecord[] = [];
    for (let i = 0; i < dims.nbrPending; i++) {
      const event = readPendingEvent(r, `records[${i}].event`);
      const id = unpackBits(r.uint(2, order, `records[${i}].table`), TABLE_BITS);
      records.push({ event, tableId: id.tableId, stillPending: id.stillPending === 1 });
    }
    return { standardPending, manufacturerPending, lastActivation, pendingActivations, records };
  });
}

export function encodePendingStatus(v: PendingStatus, order: ByteOrder, dims: PendingStatusDims): Uint8Array {
  const w = new ByteWriter("BT04");
  w.bytes(encodeSet(v.standardPending, dims.dimStdTablesUsed, "BT04.standardPending"), "standardPending");
  w.bytes(encodeSet(v.manufacturerPending, dims.dimMfgTablesUsed, "BT04.manufacturerPending"), "manufacturerPending");
  writeSTimeDate(w, v.lastActivation, "lastActivation");
  w.u8(v.pendingActivations, "pendingActivations");
  if (v.records.length !== dims.nbrPending)
    w.fail("records", `${v.records.length} records given, BT00 says ${dims.nbrPending}`);
  v.records.forEach((rec, i) => {
    writePendingEvent(w, rec.event, `records[${i}].event`);
    w.uint(
      packBits({ tableId: rec.tableId, stillPending: +rec.stillPending, filler: 0 }, TABLE_BITS, `BT04.records[${i}]`),
      2,
      order,
      `records[${i}].table`,
    );
  });
  return w.toBytes();
}

/** An unused record: the empty PED and table 0, not pending. */
export const EMPTY_PENDING_RECORD: PendingRecord = {
  event: { trigger: { kind: "absolute", at: null }, selfRead: false, demandReset: false },
  tableId: 0,
  stillPending: false,
};

/** Whether BT04's bitmaps mark table `tableId` (0..4095) as having a pending version. */
export function isMarkedPending(s: PendingStatus, tableId: number): boolean {
  return tableId >= EXTENDED_BASE
    ? s.manufacturerPending[tableId - EXTENDED_BASE] === true
    : s.standardPending[tableId] === true;
}
