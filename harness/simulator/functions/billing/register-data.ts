import type { DataBlock, RegisterData } from "../../../protocol/tables/bt23-current-register-data";
import type { EnergyRegisters } from "../../device-model/metering-model";
import type { BillingLayout } from "./billing-layout";
import type { DemandMetering } from "./demand-metering";
import { SOURCE, summationOf } from "./sources";

/**
 * The REGISTER_DATA_RCD of BT23 (and of every copy: BT24, BT25, BT26) from the metering model's
 * registers and the demand maxima (occurrences: one per demand): the total block, then one block per tier, each with
 * the summations of BT22's sources. `stale` replaces some values with older registers: that is how
 * the defects of 8.4, 8.4.2 and 8.4.3 show registers that were not brought up to date.
 */
export interface Staleness {
  /** Registers the tier blocks show instead of the present ones. */
  readonly tiers?: EnergyRegisters;
  /** Registers the total-energy summation shows instead of the present ones. */
  readonly totalEnergy?: EnergyRegisters;
}

export function buildRegisterData(
  layout: BillingLayout,
  regs: EnergyRegisters,
  demandResets: number,
  demand: DemandMetering | null,
  stale: Staleness = {},
): RegisterData {
  const block = (index: number, tier: number | null): DataBlock => {
    const summations = layout.selection.summationSources.map((id) => {
      const source =
        id === SOURCE.totalActive && stale.totalEnergy !== undefined
          ? stale.totalEnergy
          : tier !== null && stale.tiers !== undefined
            ? stale.tiers
            : regs;
      return summationOf(id, source, tier);
    });
    return { summations, ...(demand === null ? { demands: [], coincidents: [] } : demand.demandsOf(index)) };
  };
  return {
    demandResets: layout.dims.functions1.demandResetCounter ? demandResets % 256 : null,
    total: block(0, null),
    tiers: Array.from({ length: layout.dims.tiers }, (_, t) => block(1 + t, t)),
  };
}

/** An element of a list that was never written: all zero, in the layout's shape. */
export function emptyRegisterData(layout: BillingLayout): RegisterData {
  const d = layout.dims;
  const block = (): DataBlock => ({
    summations: new Array<number>(d.summations).fill(0),
    demands: Array.from({ length: d.demands }, () => ({
      eventTimes: d.functions1.dateTime ? [null] : [],
      cumulative: 0,
      continuousCumulative: 0,
      values: [0],
    })),
    coincidents: Array.from({ length: d.coincidents }, () => [0]),
  });
  return {
    demandResets: d.functions1.demandResetCounter ? 0 : null,
    total: block(),
    tiers: Array.from({ length: d.tiers }, block),
  };
}
