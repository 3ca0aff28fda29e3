import { encodeTableRequest } from "../../harness/protocol/table-requests";
import type { OsgpWorld } from "../world";

/** Sends a partial write of table bytes and keeps the exchange, so that response steps judge it. */
export async function writeControlBytes(
  world: OsgpWorld,
  tableId: number,
  offset: number,
  data: Uint8Array,
): Promise<void> {
  await world.exchangeRaw(
    encodeTableRequest({ service: "partial-write", tableId, offset, data }, world.client().codec),
  );
}
