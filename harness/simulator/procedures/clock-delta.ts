import type { ByteOrder } from "../../bytes/cursor";
import { PROCEDURE_RESULT } from "../../protocol/procedures/procedure-result-codes";
import { decodeClockDelta, EP16 } from "../../protocol/procedures/ep16-clock-delta";
import type { DefectSet } from "../defects";
import type { SimClock } from "../sim-clock";
import type { SimProcedure } from "./procedure-engine";

/**
 * EP16 (8.3.2): moves the clock by a signed number of seconds. The reference meter reports the
 * result after `durationMs`, so that the suite's polling of BT08 (9.13.2) is exercised on every run.
 */
export function clockDeltaProcedure(
  clock: SimClock,
  order: ByteOrder,
  durationMs: number,
  defects: DefectSet,
): SimProcedure {
  return {
    id: EP16,
    level: "provisioning",
    run(parameters) {
      const d = decodeClockDelta(parameters, order);
      if (!d.ok) return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
      const sign = defects.has("clock-delta-sign") ? -1 : 1;
      clock.adjust(sign * d.value.deltaSeconds * 1000);
      return { resultCode: PROCEDURE_RESULT.completed, durationMs };
    },
  };
}
