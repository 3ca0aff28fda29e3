import { readPendingStatus, type PendingStatusReading } from "../../harness/conformance/pending-checks";
import { encodeSpecificPendingTable } from "../../harness/protocol/procedures/bp13-activate-specific-pending";
import { BP15 } from "../../harness/protocol/procedures/bp15-clear-specific-pending";
import { tableName } from "../../harness/protocol/table-id";
import { procedureRestore } from "../../harness/conformance/bench-restore";
import type { OsgpWorld } from "../world";
import { benchOf } from "./cleanups";
import { run } from "./procedure-runs";

/** BT04, the pending tables' status, as the device lays it out. */
export async function pendingStatus(world: OsgpWorld): Promise<PendingStatusReading> {
  return readPendingStatus(world.client(), (await world.description()).format);
}

/**
 * After the scenario: drops a pending version of `tableId` that is still there (BP15). By hand BP15
 * is run without a look at BT04 first: with nothing pending it is refused and changes nothing.
 */
export async function clearPendingAfterwards(world: OsgpWorld, tableId: number): Promise<void> {
  const params = encodeSpecificPendingTable({ tableId }, (await world.description()).format.order);
  world.cleanups.push({
    what: `clear the pending version of ${tableName(tableId)}`,
    run: async () => {
      if (!(await pendingStatus(world)).status.records.some((x) => x.tableId === tableId && x.stillPending)) return;
      await run(world, BP15, params);
    },
    restore: procedureRestore(benchOf(world), BP15, params),
  });
}
