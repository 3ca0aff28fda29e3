import { RESPONSE_CODE } from "../protocol/response-codes";
import type { AccessLevel } from "./access-levels";

/**
 * A table of the reference meter: a fixed-size image, who may read it, and whether (and by whom)
 * it may be written. BT00 is generated from these declarations, so it cannot disagree with them
 * (except under the bt00-* defects).
 */
export interface SimTable {
  readonly id: number;
  readonly readLevel: AccessLevel;
  /** null: the table is not writeable; BT00 says so and writes are answered iar. */
  readonly writeLevel: AccessLevel | null;
  image(): Uint8Array;
  /** Applies bytes already clipped to the table (9.0 write rules); answers a response code. */
  write(offset: number, data: Uint8Array): number;
}

/** A table that holds its bytes as given: identification data, configuration, opaque content. */
export function storedTable(id: number, initial: Uint8Array, readLevel: AccessLevel, writeLevel: AccessLevel | null): SimTable {
  const bytes = initial.slice();
  return {
    id,
    readLevel,
    writeLevel,
    image: () => bytes.slice(),
    write: (offset, data) => {
      bytes.set(data, offset);
      return RESPONSE_CODE.ok;
    },
  };
}

/** A table computed on every read (clock, status); writes are refused. */
export function computedTable(id: number, readLevel: AccessLevel, image: () => Uint8Array): SimTable {
  return { id, readLevel, writeLevel: null, image, write: () => RESPONSE_CODE.iar };
}
