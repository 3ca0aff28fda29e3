import fc from "fast-check";
import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { encodeTableRequest, type TableCodecOptions } from "../../protocol/table-requests";
import { encodeTransaction, TRANSACTION_REQUESTS, TRANSACTION_RESPONSES } from "../../protocol/transactions";

/**
 * ET52 transaction images (9.10) for fuzzing: well-formed images of read requests, and images
 * whose framing lies: an entry length running past the image (an overlong count), a size field
 * smaller or larger than the content, a closing number that does not match, the response type
 * written as a request, entries that are not requests, and images cut short. Entries only ever
 * read, so that no image can change the device whatever it does with it.
 */
export type TransactionAnomaly =
  | "valid"
  | "overlong-entry"
  | "size-too-small"
  | "size-too-large"
  | "number-mismatch"
  | "response-type"
  | "malformed-entry"
  | "truncated";

export interface TransactionCase {
  readonly anomaly: TransactionAnomaly;
  readonly number: number;
  readonly image: Uint8Array;
}

export interface TransactionSpace {
  readonly codec: TableCodecOptions;
  /** The device's table data order (BT00), that of the images' UINT16 fields. */
  readonly order: ByteOrder;
  readonly readable: readonly number[];
  /** Largest image one write carries on this link. */
  readonly maxImage: number;
}

export function arbTransactionCase(space: TransactionSpace): fc.Arbitrary<TransactionCase> {
  const read = fc
    .tuple(fc.constantFrom(...space.readable), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 8 }))
    .map(([tableId, offset, count]) =>
      encodeTableRequest({ service: "partial-read", tableId, offset, count }, space.codec),
    );
  const entries = fc.array(read, { minLength: 1, maxLength: 3 });
  const number = fc.integer({ min: 0, max: 0xffff });
  const anomaly = fc.constantFrom<TransactionAnomaly>(
    "valid",
    "valid",
    "overlong-entry",
    "size-too-small",
    "size-too-large",
    "number-mismatch",
    "response-type",
    "malformed-entry",
    "truncated",
  );
  return fc
    .tuple(anomaly, number, entries, fc.integer({ min: 1, max: 600 }), fc.uint8Array({ minLength: 1, maxLength: 6 }))
    .map(([a, n, es, k, junk]) => {
      const image = imageFor(a, n, es, k, junk, space.order);
      return { anomaly: a, number: n, image: image.length <= space.maxImage ? image : image.slice(0, space.maxImage) };
    });
}

function imageFor(
  a: TransactionAnomaly,
  number: number,
  entries: Uint8Array[],
  k: number,
  junk: Uint8Array,
  order: ByteOrder,
): Uint8Array {
  const type = a === "response-type" ? TRANSACTION_RESPONSES : TRANSACTION_REQUESTS;
  const list = a === "malformed-entry" ? [...entries, junk] : entries;
  const image = encodeTransaction({ type, number, entries: list }, order);
  const setU16 = (at: number, v: number) =>
    image.set(new ByteWriter("transaction").uint(v, 2, order, "field").toBytes(), at);
  switch (a) {
    case "overlong-entry": {
      // The last entry's length field claims k more bytes than the image holds.
      const lastAt = image.length - 2 - 2 - (list[list.length - 1] as Uint8Array).length;
      setU16(lastAt, (list[list.length - 1] as Uint8Array).length + k);
      return image;
    }
    case "size-too-small":
      setU16(0, Math.max(0, image.length - (k % image.length)));
      return image;
    case "size-too-large":
      setU16(0, Math.min(0xffff, image.length + k));
      return image;
    case "number-mismatch":
      setU16(image.length - 2, (number + 1 + (k % 0xfffe)) & 0xffff);
      return image;
    case "truncated":
      return image.slice(0, 1 + (k % (image.length - 1)));
    default:
      return image;
  }
}
