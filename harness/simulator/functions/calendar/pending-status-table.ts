import { EXTENDED_BASE } from "../../../protocol/table-id";
import {
  BT04,
  EMPTY_PENDING_RECORD,
  encodePendingStatus,
  type PendingRecord,
} from "../../../protocol/tables/bt04-pending-status";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { DeviceContext } from "../../device-function";
import { computedTable, type SimTable } from "../../sim-table";
import type { PendingTables } from "./pending-tables";

/**
 * BT04 (6.3), computed from the pending tables on every read: the bitmaps of tables still pending,
 * the last activation (UTC, to the minute), how many are still pending, and one record per
 * pendable table (BT00's number of pending tables), the most recently written last, unused ones zero.
 */
export function pendingStatusTable(ctx: DeviceContext, pending: PendingTables): SimTable {
  const d = ctx.profile.dims;
  const dims = { dimStdTablesUsed: d.stdTables, dimMfgTablesUsed: d.mfgTables, nbrPending: pending.capacity };
  const table = computedTable(BT04, "reader", () => {
    const standardPending = new Array<boolean>(d.stdTables * 8).fill(false);
    const manufacturerPending = new Array<boolean>(d.mfgTables * 8).fill(false);
    for (const id of pending.pendingIds()) {
      if (id >= EXTENDED_BASE) manufacturerPending[id - EXTENDED_BASE] = true;
      else standardPending[id] = true;
    }
    const records: PendingRecord[] = pending
      .entries()
      .map((e) => ({ event: e.event, tableId: e.tableId, stillPending: e.stillPending }));
    while (records.length < dims.nbrPending) records.push(EMPTY_PENDING_RECORD);
    const last = pending.lastActivationMs;
    return encodePendingStatus(
      {
        standardPending,
        manufacturerPending,
        lastActivation: last === null ? null : epochMsToLTimeDate(last),
        pendingActivations: ctx.defects.has("bt04-count-stale") ? pending.countAtLastWrite : pending.pendingCount(),
        records,
      },
      ctx.dataOrder,
      dims,
    );
  });
  return { ...table, vci: [{ offset: 0, length: table.image().length, vci: "M" }] };
}
