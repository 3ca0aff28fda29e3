import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits } from "../types/bit-fields";

/**
 * BP13 Activate Specific Pending Table (6.3; C12.19 standard procedure 13): the pending version of
 * one table becomes active now.
 *
 * PROVISIONAL parameters: one UINT16 naming the table as BT04's records do (bits 0..11 the table
 * id, ETn = 2048 + n; bits 12..15 zero). C12.19 may select by event description instead; no OSGP
 * source shows the parameters. BP15 takes the same parameter.
 */
export const BP13 = 13;

const TABLE_BITS = { tableId: [0, 11], filler: [12, 15] } as const;

export interface SpecificPendingTable {
  /** 0..4095: the table's own id, not its pending id. */
  readonly tableId: number;
}

export function decodeSpecificPendingTable(bytes: Uint8Array, order: ByteOrder): Decoded<SpecificPendingTable> {
  return decodeWith(bytes, "BP13", (r) => {
    const at = r.offset;
    const t = unpackBits(r.uint(2, order, "table"), TABLE_BITS);
    if (t.filler !== 0)
      r.fail("OSGP_ERR_FIELD_RANGE", "table", `bits 12..15 hold ${t.filler}; a table id has 12 bits`, at);
    return { tableId: t.tableId };
  });
}

export function encodeSpecificPendingTable(p: SpecificPendingTable, order: ByteOrder): Uint8Array {
  return new ByteWriter("BP13")
    .uint(packBits({ tableId: p.tableId, filler: 0 }, TABLE_BITS, "BP13.table"), 2, order, "table")
    .toBytes();
}
