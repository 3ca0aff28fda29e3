import { Inconclusive } from "../../harness/conformance/verdicts";
import { describeResponseCode } from "../../harness/protocol/response-codes";
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

/**
 * A write the scenario needs done, not the one it judges: a refusal (a value the device does not
 * take, a lock) leaves the requirement undecided rather than failed by a later step.
 */
export async function setUpControlBytes(
  world: OsgpWorld,
  tableId: number,
  offset: number,
  data: Uint8Array,
  what: string,
): Promise<void> {
  const r = await world.client().writePartial(tableId, offset, data);
  if (r.code !== 0)
    throw new Inconclusive(`${what} could not be set up: the device answered ${describeResponseCode(r.code)}`);
}
