import { PROCEDURE_RESULT } from "../../protocol/procedures/procedure-result-codes";
import type { SimProcedure } from "./procedure-engine";

/**
 * BP03 Clear Data. The reference meter keeps no billing data yet, so there is nothing to clear;
 * it exists so that the hardware lock (7.5) has a procedure to block in the reference profile.
 */
export const BP03 = 3;

export function clearDataProcedure(): SimProcedure {
  return { id: BP03, level: "master", run: () => ({ resultCode: PROCEDURE_RESULT.completed }) };
}
