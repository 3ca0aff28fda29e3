import type { ByteOrder, ByteReader, ByteWriter } from "../../bytes/cursor";

/**
 * A run of integer fields laid out one after the other, declared once so that the offsets a
 * scenario reads, the decoder and the encoder cannot disagree. Each field is [name, width in
 * bytes, signed?]; offsets follow from the order. The manufacturer tables whose layouts we had to
 * invent (ET05-ET77) are built from these.
 */
export type UintField = readonly [name: string, width: 1 | 2 | 4, signed?: boolean];
export type UintLayout = readonly UintField[];
export type UintRecord<L extends UintLayout> = { -readonly [K in L[number][0]]: number };

export interface FieldPlace {
  readonly offset: number;
  readonly size: number;
  readonly signed: boolean;
}

export function layoutSize(layout: UintLayout): number {
  return layout.reduce((n, f) => n + f[1], 0);
}

/** Where each field sits, counted from `base` (the layout's first byte in its table). */
export function fieldPlaces<L extends UintLayout>(layout: L, base = 0): { readonly [K in L[number][0]]: FieldPlace } {
  const out: Record<string, FieldPlace> = {};
  let at = base;
  for (const [name, width, signed] of layout) {
    out[name] = { offset: at, size: width, signed: signed === true };
    at += width;
  }
  return out as { readonly [K in L[number][0]]: FieldPlace };
}

export function readUints<L extends UintLayout>(
  r: ByteReader,
  layout: L,
  order: ByteOrder,
  prefix: string,
): UintRecord<L> {
  const out: Record<string, number> = {};
  for (const [name, width, signed] of layout) {
    out[name] = signed === true ? r.int(width, order, `${prefix}${name}`) : r.uint(width, order, `${prefix}${name}`);
  }
  return out as UintRecord<L>;
}

export function writeUints<L extends UintLayout>(
  w: ByteWriter,
  layout: L,
  v: NoInfer<UintRecord<L>>,
  order: ByteOrder,
  prefix: string,
): void {
  const values = v as Record<string, number>;
  for (const [name, width, signed] of layout) {
    const x = values[name] as number;
    if (signed === true) w.int(x, width, order, `${prefix}${name}`);
    else w.uint(x, width, order, `${prefix}${name}`);
  }
}

/** A field's value in an image, for checks that read one field. */
export function fieldValue(image: Uint8Array, place: FieldPlace, order: ByteOrder): number {
  let v = 0;
  for (let i = 0; i < place.size; i++) {
    const b = image[place.offset + (order === "le" ? place.size - 1 - i : i)] ?? 0;
    v = v * 256 + b;
  }
  const half = 2 ** (8 * place.size - 1);
  return place.signed && v >= half ? v - 2 * half : v;
}

/** The bytes of one field holding `value`, in table data order; null when it does not fit. */
export function fieldBytes(value: number, place: FieldPlace, order: ByteOrder): Uint8Array | null {
  const span = 2 ** (8 * place.size);
  const min = place.signed ? -span / 2 : 0;
  if (!Number.isInteger(value) || value < min || value >= min + span) return null;
  let u = value < 0 ? value + span : value;
  const out = new Uint8Array(place.size);
  for (let i = 0; i < place.size; i++) {
    out[order === "le" ? i : place.size - 1 - i] = u % 256;
    u = Math.floor(u / 256);
  }
  return out;
}

/** Inclusive [min, max] per field: the values a device accepts (PROVISIONAL where the layout is). */
export type FieldRanges<L extends UintLayout> = Partial<
  Readonly<Record<L[number][0], readonly [min: number, max: number]>>
>;

/** The first field outside its range, as "name = value (allowed min..max)"; null when all are in range. */
export function firstOutOfRange<L extends UintLayout>(
  v: UintRecord<L>,
  ranges: FieldRanges<L>,
  prefix = "",
): string | null {
  const values = v as Record<string, number>;
  for (const [name, range] of Object.entries(ranges) as [string, readonly [number, number]][]) {
    const x = values[name] as number;
    if (x < range[0] || x > range[1]) return `${prefix}${name} = ${x} (allowed ${range[0]}..${range[1]})`;
  }
  return null;
}
