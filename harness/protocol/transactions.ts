import { ByteWriter, type ByteOrder } from "../bytes/cursor";
import { decodeWith, type Decoded } from "../bytes/decoded";
import { EXTENDED_BASE } from "./table-id";
import { fieldValue } from "./types/uint-fields";

/**
 * Transactions (9.10): an atomic batch of requests written into ET52 and answered in ET53.
 *   image = size UINT16 | type UINT8 | number UINT16 | (length UINT16, APDU)* | number UINT16
 * The UINT16 fields of the image are table data, in the order BT00 declares; the APDUs inside keep
 * their own MSB-first fields. `size` counts the whole image, itself included. The device starts when the
 * closing number matches the opening one; ET53 holds the responses in the same framing (type 1).
 */
export const ET52 = EXTENDED_BASE + 52;
export const ET53 = EXTENDED_BASE + 53;
export const TRANSACTION_REQUESTS = 0;
export const TRANSACTION_RESPONSES = 1;
/** size, type and number: what a client reads of ET53 first, to learn the whole size. */
export const TRANSACTION_HEADER_SIZE = 5;

export interface TransactionImage {
  readonly type: number;
  readonly number: number;
  readonly entries: readonly Uint8Array[];
}

export function transactionImageSize(entries: readonly Uint8Array[]): number {
  return TRANSACTION_HEADER_SIZE + entries.reduce((n, e) => n + 2 + e.length, 0) + 2;
}

export function encodeTransaction(t: TransactionImage, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("transaction");
  w.uint(transactionImageSize(t.entries), 2, order, "size").u8(t.type, "type").uint(t.number, 2, order, "number");
  t.entries.forEach((e, i) => w.uint(e.length, 2, order, `entry[${i}].length`).bytes(e, `entry[${i}].apdu`));
  return w.uint(t.number, 2, order, "endNumber").toBytes();
}

/** The size an image declares in its first two bytes; 0 when they are not there. */
export function declaredTransactionSize(bytes: Uint8Array, order: ByteOrder): number {
  return bytes.length >= 2 ? fieldValue(bytes, { offset: 0, size: 2, signed: false }, order) : 0;
}

/** The number in an image's header (size UINT16, type UINT8, number UINT16); 0 when it is not all there. */
export function declaredTransactionNumber(bytes: Uint8Array, order: ByteOrder): number {
  return bytes.length >= TRANSACTION_HEADER_SIZE ? fieldValue(bytes, { offset: 3, size: 2, signed: false }, order) : 0;
}

/**
 * Decodes one image from the start of `bytes`; bytes after `size` (the rest of a fixed-size table)
 * are ignored. A closing number that differs from the opening one means the image is incomplete.
 */
export function decodeTransaction(bytes: Uint8Array, order: ByteOrder): Decoded<TransactionImage> {
  const size = declaredTransactionSize(bytes, order);
  return decodeWith(bytes.subarray(0, Math.max(size, Math.min(bytes.length, 2))), "transaction", (r) => {
    const declared = r.uint(2, order, "size");
    if (declared < TRANSACTION_HEADER_SIZE + 2)
      r.fail("OSGP_ERR_FIELD_RANGE", "size", `${declared} is smaller than an empty transaction (7)`, 0);
    if (declared > bytes.length)
      r.fail("OSGP_ERR_TRUNCATED", "size", `declares ${declared} bytes, ${bytes.length} given`, 0);
    const type = r.u8("type");
    const number = r.uint(2, order, "number");
    const entries: Uint8Array[] = [];
    while (r.remaining > 2) {
      const i = entries.length;
      const length = r.uint(2, order, `entry[${i}].length`);
      entries.push(r.bytes(length, `entry[${i}].apdu`));
    }
    const at = r.offset;
    const end = r.uint(2, order, "endNumber");
    if (end !== number)
      r.fail(
        "OSGP_ERR_FIELD_RANGE",
        "endNumber",
        `${end} does not close transaction ${number}: the image is incomplete`,
        at,
      );
    return { type, number, entries };
  });
}
