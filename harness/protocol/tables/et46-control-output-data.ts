import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";
import { layoutSize, readUints, writeUints, type UintRecord } from "../types/uint-fields";

/**
 * ET46 Control Output Read-Only Data (8.11): each relay's state. Meter-controlled. PROVISIONAL
 * layout (ours; NES's is not public), LSB first: byte 0 the number of relays N, then per relay:
 *   0 UINT8  state        0 off (open), 1 on (closed)
 *   1 UINT8  pending      the switch waiting for its random delay: 0 none, 1 to off, 2 to on
 *   2 UINT16 delaySeconds the random delay drawn for the pending (or last) switch (8.11.1)
 *   4 UINT16 switchCount  switches made since power-up
 *   6 LTIME_DATE lastSwitch  when the last switch happened, or is due while one is pending
 */
export const ET46 = EXTENDED_BASE + 46;

const RELAY = [
  ["state", 1],
  ["pending", 1],
  ["delaySeconds", 2],
  ["switchCount", 2],
] as const;

export const RELAY_PENDING = { none: 0, off: 1, on: 2 } as const;
export const ET46_RELAY_SIZE = layoutSize(RELAY) + 6;

export interface RelayData extends UintRecord<typeof RELAY> {
  readonly lastSwitch: LTimeDate | null;
}

export function controlOutputDataSize(relays: number): number {
  return 1 + relays * ET46_RELAY_SIZE;
}

export function decodeControlOutputData(bytes: Uint8Array, order: ByteOrder): Decoded<RelayData[]> {
  return decodeWith(bytes, "ET46", (r) => {
    const n = r.u8("relays");
    return Array.from({ length: n }, (_, i) => ({
      ...readUints(r, RELAY, order, `relay[${i}].`),
      lastSwitch: readLTimeDate(r, `relay[${i}].lastSwitch`),
    }));
  });
}

export function encodeControlOutputData(relays: readonly RelayData[], order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET46").u8(relays.length, "relays");
  relays.forEach((x, i) => {
    writeUints(w, RELAY, x, order, `relay[${i}].`);
    writeLTimeDate(w, x.lastSwitch, `relay[${i}].lastSwitch`);
  });
  return w.toBytes();
}
