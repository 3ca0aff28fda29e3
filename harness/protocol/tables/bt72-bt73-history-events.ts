import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { decodeSet, encodeSet } from "../types/bit-fields";

/**
 * BT72 Events Identification and BT73 History Log Control (8.12), C12.19 layouts. Bit n of a
 * SET is event (or table, or procedure) n, bit n mod 8 of byte n div 8.
 *  - BT72: STD_EVENTS_SUPPORTED SET(NBR_STD_EVENTS), MFG_EVENTS_SUPPORTED SET(NBR_MFG_EVENTS):
 *    the events the device can log.
 *  - BT73: STD_EVENTS_MONITORED_FLAGS, MFG_EVENTS_MONITORED_FLAGS (same sizes): the events the
 *    history log records; then STD/MFG_TBLS_MONITORED_FLAGS SET(BT00 DIM_STD/MFG_TBLS_USED) and
 *    STD/MFG_PROC_MONITORED_FLAGS SET(BT00 DIM_STD/MFG_PROC_USED): which table writes and procedure
 *    calls the "table written" (10) and "procedure invoked" (9) events cover.
 * Sizes come from BT71 (event bytes) and BT00 (table and procedure bitmap bytes).
 */
export const BT72 = 72;
export const BT73 = 73;

export interface EventsIdentification {
  readonly stdEvents: readonly boolean[];
  readonly mfgEvents: readonly boolean[];
}

export interface HistoryLogControlShape {
  readonly stdEventBytes: number;
  readonly mfgEventBytes: number;
  readonly dimStdTablesUsed: number;
  readonly dimMfgTablesUsed: number;
  readonly dimStdProcUsed: number;
  readonly dimMfgProcUsed: number;
}

export interface HistoryLogControl {
  readonly stdEvents: readonly boolean[];
  readonly mfgEvents: readonly boolean[];
  readonly stdTables: readonly boolean[];
  readonly mfgTables: readonly boolean[];
  readonly stdProcedures: readonly boolean[];
  readonly mfgProcedures: readonly boolean[];
}

export function decodeEventsIdentification(
  bytes: Uint8Array,
  stdEventLength: number,
  mfgEventLength: number,
): Decoded<EventsIdentification> {
  return decodeWith(bytes, "BT72", (r) => ({
    stdEvents: decodeSet(r.bytes(stdEventLength, "stdEvents")),
    mfgEvents: decodeSet(r.bytes(mfgEventLength, "mfgEvents")),
  }));
}

export function encodeEventsIdentification(
  v: EventsIdentification,
  stdEventLength: number,
  mfgEventLength: number,
): Uint8Array {
  return new ByteWriter("BT72")
    .bytes(encodeSet(v.stdEvents, stdEventLength, "BT72.stdEvents"), "stdEvents")
    .bytes(encodeSet(v.mfgEvents, mfgEventLength, "BT72.mfgEvents"), "mfgEvents")
    .toBytes();
}

export function historyLogControlSize(shape: HistoryLogControlShape): number {
  return (
    shape.stdEventBytes +
    shape.mfgEventBytes +
    shape.dimStdTablesUsed +
    shape.dimMfgTablesUsed +
    shape.dimStdProcUsed +
    shape.dimMfgProcUsed
  );
}

export function decodeHistoryLogControl(bytes: Uint8Array, dims: HistoryLogControlShape): Decoded<HistoryLogControl> {
  return decodeWith(bytes, "BT73", (r) => ({
    stdEvents: decodeSet(r.bytes(dims.stdEventBytes, "stdEvents")),
    mfgEvents: decodeSet(r.bytes(dims.mfgEventBytes, "mfgEvents")),
    stdTables: decodeSet(r.bytes(dims.dimStdTablesUsed, "stdTables")),
    mfgTables: decodeSet(r.bytes(dims.dimMfgTablesUsed, "mfgTables")),
    stdProcedures: decodeSet(r.bytes(dims.dimStdProcUsed, "stdProcedures")),
    mfgProcedures: decodeSet(r.bytes(dims.dimMfgProcUsed, "mfgProcedures")),
  }));
}

export function encodeHistoryLogControl(v: HistoryLogControl, dims: HistoryLogControlShape): Uint8Array {
  const part = (flags: readonly boolean[], n: number, f: string) => encodeSet(flags, n, `BT73.${f}`);
  return new ByteWriter("BT73")
    .bytes(part(v.stdEvents, dims.stdEventBytes, "stdEvents"), "stdEvents")
    .bytes(part(v.mfgEvents, dims.mfgEventBytes, "mfgEvents"), "mfgEvents")
    .bytes(part(v.stdTables, dims.dimStdTablesUsed, "stdTables"), "stdTables")
    .bytes(part(v.mfgTables, dims.dimMfgTablesUsed, "mfgTables"), "mfgTables")
    .bytes(part(v.stdProcedures, dims.dimStdProcUsed, "stdProcedures"), "stdProcedures")
    .bytes(part(v.mfgProcedures, dims.dimMfgProcUsed, "mfgProcedures"), "mfgProcedures")
    .toBytes();
}

/** Byte offset in BT73 of the bit of standard event `code`, and its mask: for one-bit writes. */
export function stdEventBit(code: number): { readonly offset: number; readonly mask: number } {
  return { offset: code >> 3, mask: 1 << (code & 7) };
}
