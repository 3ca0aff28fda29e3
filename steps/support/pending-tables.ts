import { readPendingStatus, type PendingStatusReading } from "../../harness/conformance/pending-checks";
import { encodeSpecificPendingTable } from "../../harness/protocol/procedures/bp13-activate-specific-pending";
import { BP15 } from "../../harness/protocol/procedures/bp15-clear-specific-pending";
import { tableName } from "../../harness/protocol/table-id";
import type { OsgpWorld } from "../world";
import { run } from "./procedure-runs";

/** BT04, the pending tables' status, as the device lays it out. */
export async function pendingStatus(world: OsgpWorld): Promise<PendingStatusReading> {
  return readPendingStatus(world.client(), (await world.description()).format);
}

/** After the scenario: drops a pending version of `tableId` that is still there (BP15). */
export function clearPendingAfterwards(world: OsgpWorld, tableId: number): void {
  world.cleanups.push({
    what: `clear the pending version of ${tableName(tableId)}`,
    run: async () => {
      if (!(await pendingStatus(world)).status.records.some((x) => x.tableId === tableId && x.stillPending)) return;
      await run(world, BP15, encodeSpecificPendingTable({ tableId }, (await world.description()).format.order));
    },
  });
}
