import type { ByteOrder } from "../bytes/cursor";
import { decodeTableRequest, encodeTableRequest, type TableCodecOptions } from "../protocol/table-requests";
import { ET52, TRANSACTION_HEADER_SIZE } from "../protocol/transactions";
import { fieldValue } from "../protocol/types/uint-fields";

/**
 * The request-level misbehaviour of the robustness defects (defects/robustness-defects.ts), as pure
 * functions that the ports and the secured server call behind their `defects.has(...)` checks.
 */

/** partial-write-offset-16-bit: a partial write whose end passes 0xffff is moved to offset 0. */
export function wrapPartialWriteOffset(apdu: Uint8Array, codec: TableCodecOptions): Uint8Array {
  const d = decodeTableRequest(apdu, codec);
  if (!d.ok || d.value.service !== "partial-write" || d.value.offset + d.value.data.length <= 0xffff) return apdu;
  return encodeTableRequest({ ...d.value, offset: 0 }, codec);
}

/**
 * transaction-overlong-entry-wedges: whether a request writes an ET52 image (from offset 0) in
 * which an entry's length runs past the size the image declares.
 */
export function writesOverlongTransactionEntry(apdu: Uint8Array, codec: TableCodecOptions, order: ByteOrder): boolean {
  const d = decodeTableRequest(apdu, codec);
  if (!d.ok || d.value.tableId !== ET52) return false;
  const req = d.value;
  if (req.service !== "full-write" && !(req.service === "partial-write" && req.offset === 0)) return false;
  const image = req.data;
  if (image.length < TRANSACTION_HEADER_SIZE) return false;
  const u16 = (at: number) => fieldValue(image, { offset: at, size: 2, signed: false }, order);
  const size = u16(0);
  // An image written in several pieces is judged when it is whole, not by its first piece.
  if (size > image.length) return false;
  // Entries run from the header to the closing number (the last 2 bytes of `size`).
  for (let at = TRANSACTION_HEADER_SIZE; at + 2 <= size - 2;) {
    const length = u16(at);
    if (at + 2 + length > size - 2) return true;
    at += 2 + length;
  }
  return false;
}
