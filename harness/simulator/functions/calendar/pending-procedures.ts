import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import { BP12 } from "../../../protocol/procedures/bp12-activate-all-pending";
import { BP13, decodeSpecificPendingTable } from "../../../protocol/procedures/bp13-activate-specific-pending";
import { BP14 } from "../../../protocol/procedures/bp14-clear-all-pending";
import { BP15 } from "../../../protocol/procedures/bp15-clear-specific-pending";
import type { DeviceContext } from "../../device-function";
import type { SimProcedure } from "../../procedures/procedure-engine";
import type { PendingTables } from "./pending-tables";

/**
 * BP12-BP15 (6.3): activate or drop all pending tables, or the one a table id names. Naming a
 * table with nothing pending, or parameters that are not one table id, is "invalid parameter" and
 * changes nothing; activating or clearing all when nothing is pending completes.
 */
export function pendingProcedures(ctx: DeviceContext, pending: PendingTables): SimProcedure[] {
  const now = () => ctx.clock.nowMs();
  const done = { resultCode: PROCEDURE_RESULT.completed };
  const invalid = { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
  const specific = (id: number, act: (tableId: number) => boolean): SimProcedure => ({
    id,
    level: "provisioning",
    run(parameters) {
      const p = decodeSpecificPendingTable(parameters, ctx.dataOrder);
      return p.ok && act(p.value.tableId) ? done : invalid;
    },
  });
  return [
    {
      id: BP12,
      level: "provisioning",
      run() {
        for (const id of pending.pendingIds()) pending.activate(id, now());
        return done;
      },
    },
    specific(BP13, (tableId) => pending.activate(tableId, now())),
    {
      id: BP14,
      level: "provisioning",
      run() {
        if (!ctx.defects.has("bp14-clears-nothing")) for (const id of pending.pendingIds()) pending.clear(id);
        return done;
      },
    },
    specific(BP15, (tableId) => pending.clear(tableId)),
  ];
}
