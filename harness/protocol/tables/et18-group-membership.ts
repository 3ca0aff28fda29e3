import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";

/**
 * ET18 Group Membership (8.14). PROVISIONAL: the sources name no table for group broadcasts (9.11
 * covers only the secure-broadcast bookkeeping of ET04); we chose a free extended table number and
 * this layout. ET11's number of group slots, each a UINT16 group id (0: empty slot). Every meter
 * is in group 0xFFFF ("all meters") without a slot; a slot may not hold it, nor a group twice.
 * A group-addressed request (the group id of an ET31 request) is carried out only by members.
 */
export const ET18 = EXTENDED_BASE + 18;
export const EMPTY_GROUP_SLOT = 0;

export function et18Size(slots: number): number {
  return 2 * slots;
}

export function decodeGroupMembership(bytes: Uint8Array, order: ByteOrder): Decoded<number[]> {
  return decodeWith(bytes, "ET18", (r) => {
    if (bytes.length % 2 !== 0)
      r.fail("OSGP_ERR_FIELD_RANGE", "size", `${bytes.length} bytes is not a whole number of UINT16 slots`, 0);
    return Array.from({ length: bytes.length / 2 }, (_, i) => r.uint(2, order, `slot${i}`));
  });
}

export function encodeGroupMembership(slots: readonly number[], order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET18");
  for (const g of slots) w.uint(g, 2, order, "slot");
  return w.toBytes();
}
