import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits, type BitFieldValues } from "../types/bit-fields";
import { LP_DATA_SET_COUNT } from "./bt60-bt61-load-profile-dimensions";

/**
 * BT63 Load Profile Status (C12.19 LP_STATUS_TBL): for each data set whose table BT00 declares,
 * LP_SET_STATUS_FLAGS (UINT8: ORDER, OVERFLOW_FLAG, LIST_TYPE, BLOCK_INHIBIT_OVERFLOW_FLAG,
 * INTERVAL_ORDER, ACTIVE_MODE_FLAG, TEST_MODE in bits 0..6), NBR_VALID_BLOCKS (UINT16),
 * LAST_BLOCK_ELEMENT (UINT16), LAST_BLOCK_SEQ_NBR (UINT32), NBR_UNREAD_BLOCKS (UINT16),
 * NBR_VALID_INT (UINT16, intervals in the newest block). 13 bytes per set.
 *
 * NBR_UNREAD_BLOCKS changes only through BP04 (reset list pointers) and BP05 (update last read
 * entry): that is the count the unread-entries alarm of 8.5.3 watches.
 */
export const BT63 = 63;

const STATUS_BITS = {
  descendingBlocks: [0, 0],
  overflow: [1, 1],
  circular: [2, 2],
  inhibitOverflow: [3, 3],
  descendingIntervals: [4, 4],
  active: [5, 5],
  testMode: [6, 6],
  reserved: [7, 7],
} as const;

export type LoadProfileSetFlags = BitFieldValues<typeof STATUS_BITS>;

export interface LoadProfileSetStatus {
  readonly flags: LoadProfileSetFlags;
  readonly validBlocks: number;
  readonly lastBlockElement: number;
  readonly lastBlockSequence: number;
  readonly unreadBlocks: number;
  readonly validIntervals: number;
}

/** Four entries, data sets 1..4; null where the set is absent. */
export function decodeLoadProfileStatus(
  bytes: Uint8Array,
  order: ByteOrder,
  setsUsed: number,
): Decoded<(LoadProfileSetStatus | null)[]> {
  return decodeWith(bytes, "BT63", (r) =>
    Array.from({ length: LP_DATA_SET_COUNT }, (_, i) => {
      if ((setsUsed & (1 << i)) === 0) return null;
      const f = `set${i + 1}`;
      return {
        flags: unpackBits(r.u8(`${f}.flags`), STATUS_BITS),
        validBlocks: r.uint(2, order, `${f}.validBlocks`),
        lastBlockElement: r.uint(2, order, `${f}.lastBlockElement`),
        lastBlockSequence: r.uint(4, order, `${f}.lastBlockSequence`),
        unreadBlocks: r.uint(2, order, `${f}.unreadBlocks`),
        validIntervals: r.uint(2, order, `${f}.validIntervals`),
      };
    }),
  );
}

export function encodeLoadProfileStatus(sets: readonly (LoadProfileSetStatus | null)[], order: ByteOrder): Uint8Array {
  const w = new ByteWriter("BT63");
  sets.forEach((s, i) => {
    if (s === null) return;
    const f = `set${i + 1}`;
    w.u8(packBits(s.flags, STATUS_BITS, `BT63.${f}.flags`), `${f}.flags`)
      .uint(s.validBlocks, 2, order, `${f}.validBlocks`)
      .uint(s.lastBlockElement, 2, order, `${f}.lastBlockElement`)
      .uint(s.lastBlockSequence, 4, order, `${f}.lastBlockSequence`)
      .uint(s.unreadBlocks, 2, order, `${f}.unreadBlocks`)
      .uint(s.validIntervals, 2, order, `${f}.validIntervals`);
  });
  return w.toBytes();
}

export function emptyLoadProfileSetFlags(): LoadProfileSetFlags {
  return unpackBits(0, STATUS_BITS);
}
