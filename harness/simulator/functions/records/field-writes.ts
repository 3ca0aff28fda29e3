/**
 * Writes to the records tables whose bytes are fields with meaning (ET21, ET57, ET72, BT73): the
 * meter lays the written bytes over the table as it is and checks the result as a whole, so a
 * partial write that would leave the table inconsistent is refused and changes nothing. A write
 * that starts or ends inside a multi-byte field is refused too: half a UINT16 is no value.
 */
export interface FieldSpan {
  readonly offset: number;
  readonly size: number;
}

/** The table as it would be after the write; null when the write splits a field. */
export function laidOver(
  image: Uint8Array,
  offset: number,
  data: Uint8Array,
  fields: readonly FieldSpan[],
): Uint8Array | null {
  const end = offset + data.length;
  const starts = fields.some((f) => f.offset === offset);
  const ends = fields.some((f) => f.offset + f.size === end) || end >= image.length;
  if (!starts || !ends) return null;
  const out = image.slice();
  out.set(data.subarray(0, Math.max(0, image.length - offset)), offset);
  return out;
}

/** One-byte fields from `offset`, `count` of them. */
export function byteFields(offset: number, count: number): FieldSpan[] {
  return Array.from({ length: count }, (_, i) => ({ offset: offset + i, size: 1 }));
}
