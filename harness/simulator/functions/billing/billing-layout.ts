import {
  registerFunctions1,
  registerFunctions2,
  type RegisterDimensions,
} from "../../../protocol/tables/bt21-register-dimensions";
import type { DataSelection } from "../../../protocol/tables/bt22-data-selection";
import type { PresentRegisterSelection } from "../../../protocol/tables/bt27-present-register-selection";
import type { MeterProfile } from "../../profiles";
import { presentValueSources, SOURCE } from "./sources";

/**
 * What the simulated meter's billing registers hold, from its profile: forward and reverse active
 * energy (and their total with 8.4.2), by tier as the load shape keeps them; with demand metering
 * (8.15) three demands (forward, reverse, total active) with one maximum each, their cumulative
 * and continuous cumulative values, and the total active demand coincident with the forward
 * maximum. BT20 (what the meter could hold) is the same as BT21 (what it holds).
 */
export interface BillingLayout {
  readonly dims: RegisterDimensions;
  readonly selection: DataSelection;
  readonly present: PresentRegisterSelection;
}

export const SELF_READ_CAPACITY = 4;
export const DEMAND_RESET_LOG_CAPACITY = 4;
export const DEFAULT_DEMAND_SOURCES: readonly number[] = [
  SOURCE.forwardActive,
  SOURCE.reverseActive,
  SOURCE.totalActive,
];

export function billingLayout(profile: MeterProfile): BillingLayout {
  const f = profile.features;
  const demand = f.demand;
  const summationSources = [SOURCE.forwardActive, SOURCE.reverseActive, ...(f.totalEnergy ? [SOURCE.totalActive] : [])];
  const demandSources = demand ? [...DEFAULT_DEMAND_SOURCES] : [];
  const coincidentSources = demand ? [SOURCE.totalActive] : [];
  const valueSources = presentValueSources(profile.load.phases).map((s) => s.id);
  const dims: RegisterDimensions = {
    functions1: registerFunctions1({
      seasonInfo: 1,
      dateTime: 1,
      demandResetCounter: 1,
      cumulativeDemand: +demand,
      continuousCumulativeDemand: +demand,
      timeRemaining: +demand,
    }),
    functions2: registerFunctions2({ selfReadSequenceNumber: 1, dailySelfRead: 1 }),
    selfReads: SELF_READ_CAPACITY,
    summations: summationSources.length,
    demands: demandSources.length,
    coincidents: coincidentSources.length,
    occurrences: 1,
    tiers: profile.load.tiers,
    presentDemands: demandSources.length,
    presentValues: valueSources.length,
  };
  return {
    dims,
    selection: {
      summationSources,
      demandSources,
      minimumDemands: demandSources.map(() => false),
      coincidentSources,
      // The coincident total active demand is taken when the forward demand (index 0) peaks.
      coincidentDemands: coincidentSources.map(() => 0),
    },
    present: { demandSources, valueSources },
  };
}
