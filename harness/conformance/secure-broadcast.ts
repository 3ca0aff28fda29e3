import type { ByteOrder } from "../bytes/cursor";
import { decodeWith } from "../bytes/decoded";
import { ET04_FIELDS } from "../protocol/tables/et04-system-information";
import { readLTimeDate } from "../protocol/types/time-types";
import { fieldValue } from "../protocol/types/uint-fields";
import { ConformanceAssertionError } from "./verdicts";

/**
 * Clause 9.11, provisionally. Of secure broadcasts the public sources give only ET04's bookkeeping
 * (broadcast receipt at offset 76, base B at 82, delta D at 86, MEP guide) and the inference that a
 * broadcast's sequence number is accepted in B..B+D; the broadcast message itself (key, framing,
 * sequence field) is unknown, so no broadcast is sent and only the bookkeeping is judged.
 */
export const SECURE_BROADCAST_NOTICE = [
  "PROVISIONAL: clause 9.11 (secure broadcasts).",
  "The format of a secure broadcast message, its key and its sequence field are not in the public sources this",
  "suite was built from (the MEP guide gives only ET04's fields). The scenario checks only what ET04 records of",
  "broadcasts: the receipt time (offset 76), the base B (82) and the delta D (86), read as the MEP guide lays",
  "them out. No broadcast is sent. A pass here is not evidence that the meter accepts or refuses broadcasts",
  "correctly.",
].join("\n");

/** The ET04 bytes from offset 76 to 87 (12 bytes): receipt, base, delta. */
export const BROADCAST_FIELDS_OFFSET = ET04_FIELDS.broadcastReceipt.offset;
export const BROADCAST_FIELDS_SIZE =
  ET04_FIELDS.broadcastDelta.offset + ET04_FIELDS.broadcastDelta.size - BROADCAST_FIELDS_OFFSET;

export interface BroadcastWindow {
  /** null: no broadcast received yet (all zero). */
  readonly receipt: { readonly year: number } | null;
  readonly base: number;
  readonly delta: number;
}

/** Reads the 12 bytes; a receipt that is not a date is a FAIL (it must be a time or all zero). */
export function decodeBroadcastWindow(bytes: Uint8Array, order: ByteOrder): BroadcastWindow {
  if (bytes.length !== BROADCAST_FIELDS_SIZE)
    throw new ConformanceAssertionError(
      `expected ${BROADCAST_FIELDS_SIZE} bytes of ET04 from offset ${BROADCAST_FIELDS_OFFSET}, got ${bytes.length}`,
    );
  const receipt = decodeWith(bytes.subarray(0, 6), "ET04.broadcastReceipt", (r) =>
    readLTimeDate(r, "broadcastReceipt"),
  );
  if (!receipt.ok)
    throw new ConformanceAssertionError(
      `ET04's broadcast receipt is neither a date and time nor zero: ${receipt.error.detail}`,
    );
  const field = (f: { offset: number; size: number }) =>
    fieldValue(bytes, { offset: f.offset - BROADCAST_FIELDS_OFFSET, size: f.size, signed: false }, order);
  const base = field(ET04_FIELDS.broadcastBase);
  const delta = field(ET04_FIELDS.broadcastDelta);
  return { receipt: receipt.value, base, delta };
}

/** D = 0 would accept no broadcast sequence number at all. */
export function expectOpenWindow(w: BroadcastWindow): void {
  if (w.delta < 1)
    throw new ConformanceAssertionError(
      `ET04's broadcast delta D is 0 (base ${w.base}): no broadcast sequence number could be accepted`,
    );
}
