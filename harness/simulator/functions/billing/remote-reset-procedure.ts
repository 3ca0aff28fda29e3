import { BP09, decodeRemoteReset, remoteResetProblem } from "../../../protocol/procedures/bp09-remote-reset";
import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import type { DeviceContext } from "../../device-function";
import type { SimProcedure } from "../../procedures/procedure-engine";
import type { BillingRegisters } from "./billing-registers";

/**
 * BP09 Remote Reset (8.4, 8.4.1, 8.4.3, 8.15.1.7): a self-read, a demand reset and a season
 * change, in that order when several are asked, so that the self-read holds the maxima the reset
 * then clears. Parameters that are not exactly one valid ACTION_FLAG byte change nothing and
 * answer "invalid parameter".
 */
export function remoteResetProcedure(ctx: DeviceContext, billing: BillingRegisters): SimProcedure {
  return {
    id: BP09,
    level: "provisioning",
    run(parameters) {
      const d = decodeRemoteReset(parameters);
      if (!d.ok || remoteResetProblem(d.value) !== null) return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
      const p = d.value;
      if (p.selfRead) ctx.actions.run("self-read");
      if (p.demandReset) ctx.actions.run("demand-reset");
      if (p.seasonChange) billing.seasonChange(p.newSeason);
      return { resultCode: PROCEDURE_RESULT.completed };
    },
  };
}
