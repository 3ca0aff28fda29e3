import type { ByteOrder, ByteReader, ByteWriter } from "../../bytes/cursor";

/**
 * The integer types of 6.2. Table data is in the order BT00 declares (LSB first on every OSGP meter
 * seen); protocol header fields are MSB first and use the cursor's *be methods directly.
 */
export const INTEGER_TYPES = {
  INT8: { width: 1, signed: true },
  INT16: { width: 2, signed: true },
  INT24: { width: 3, signed: true },
  INT32: { width: 4, signed: true },
  INT40: { width: 5, signed: true },
  INT48: { width: 6, signed: true },
  INT64: { width: 8, signed: true },
  UINT8: { width: 1, signed: false },
  UINT16: { width: 2, signed: false },
  UINT24: { width: 3, signed: false },
  UINT32: { width: 4, signed: false },
  UINT40: { width: 5, signed: false },
  UINT48: { width: 6, signed: false },
  UINT64: { width: 8, signed: false },
} as const;

export type IntegerType = keyof typeof INTEGER_TYPES;

/** INT64/UINT64 come back as bigint (they do not fit a JS number); every other width as number. */
export type IntegerValue<T extends IntegerType> = T extends "INT64" | "UINT64" ? bigint : number;

export function readInteger<T extends IntegerType>(
  r: ByteReader,
  type: T,
  order: ByteOrder,
  field: string,
): IntegerValue<T> {
  const { width, signed } = INTEGER_TYPES[type];
  if (width === 8) return (signed ? r.bigInt64(order, field) : r.bigUint64(order, field)) as IntegerValue<T>;
  return (signed ? r.int(width, order, field) : r.uint(width, order, field)) as IntegerValue<T>;
}

export function writeInteger<T extends IntegerType>(
  w: ByteWriter,
  type: T,
  value: IntegerValue<T>,
  order: ByteOrder,
  field: string,
): void {
  const { width, signed } = INTEGER_TYPES[type];
  if (width === 8) {
    if (signed) w.bigInt64(value as bigint, order, field);
    else w.bigUint64(value as bigint, order, field);
  } else if (signed) w.int(value as number, width, order, field);
  else w.uint(value as number, width, order, field);
}
