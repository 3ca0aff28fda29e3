import { BT52, encodeClock } from "../../protocol/tables/bt52-clock";
import { dayOfWeek, epochMsToLTimeDate } from "../../protocol/types/time-types";
import type { DefectSet } from "../defects";
import type { SimClock } from "../sim-clock";
import { computedTable, type SimTable } from "../sim-table";

/** The DST flags BP10 may set; day of week is always computed from the date. */
export interface ClockQualifierState {
  dst: number;
  dstApplied: number;
}

/** BT52: the simulated UTC clock and its qualifier (GMT flag set: the clock is UTC). */
export function clockTable(clock: SimClock, qualifier: ClockQualifierState, defects: DefectSet): SimTable {
  const frozenAt = clock.nowMs();
  return computedTable(BT52, "reader", () => {
    const now = epochMsToLTimeDate(defects.has("clock-frozen") ? frozenAt : clock.nowMs());
    return encodeClock({
      clock: now,
      qualifier: {
        dayOfWeek: dayOfWeek(now),
        dst: qualifier.dst,
        gmt: 1,
        timeZoneApplied: 0,
        dstApplied: qualifier.dstApplied,
        dstSupported: 0,
      },
    });
  });
}
