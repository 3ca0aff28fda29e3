import { PROCEDURE_RESULT } from "../../protocol/procedures/procedure-result-codes";
import { BP10, decodeSetDateTime } from "../../protocol/procedures/bp10-set-date-time";
import { epochMsToLTimeDate, lTimeDateToEpochMs } from "../../protocol/types/time-types";
import type { DefectSet } from "../defects";
import type { SimClock } from "../sim-clock";
import type { SimProcedure } from "./procedure-engine";
import type { ClockQualifierState } from "../tables/clock-table";

/**
 * BP10 (8.3.1): sets the date, the time of day, or both, of the UTC clock; with bit 2 of the mask,
 * also the DST flags of the qualifier. Parameters that do not decode to a real date-time, or a
 * mask that sets nothing, give "invalid parameter" and change nothing.
 */
export function setDateTimeProcedure(
  clock: SimClock,
  qualifier: ClockQualifierState,
  defects: DefectSet,
): SimProcedure {
  return {
    id: BP10,
    level: "provisioning",
    run(parameters) {
      const d = decodeSetDateTime(parameters);
      const valid = d.ok && d.value.dateTime !== null && (d.value.setDate || d.value.setTime || d.value.setQualifier);
      if (!valid) {
        return {
          resultCode: defects.has("procedure-bad-parameters-accepted")
            ? PROCEDURE_RESULT.completed
            : PROCEDURE_RESULT["invalid-parameter"],
        };
      }
      const p = d.value;
      const given = p.dateTime as NonNullable<typeof p.dateTime>;
      const now = epochMsToLTimeDate(clock.nowMs());
      const setDate = p.setDate && !defects.has("bp10-ignores-date");
      const date = setDate ? given : now;
      const time = p.setTime ? given : now;
      if (p.setDate || p.setTime) {
        clock.set(
          lTimeDateToEpochMs({
            year: date.year,
            month: date.month,
            day: date.day,
            hour: time.hour,
            minute: time.minute,
            second: time.second,
          }),
        );
      }
      if (p.setQualifier) {
        qualifier.dst = p.qualifier.dst;
        qualifier.dstApplied = p.qualifier.dstApplied;
      }
      return { resultCode: PROCEDURE_RESULT.completed };
    },
  };
}
