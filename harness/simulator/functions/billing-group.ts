import type { DeviceContext, DeviceFunction } from "../device-function";
import { billingLayout } from "./billing/billing-layout";
import { BillingRegisters } from "./billing/billing-registers";
import { billingTables } from "./billing/billing-tables";
import { DemandMetering } from "./billing/demand-metering";
import { remoteResetProcedure } from "./billing/remote-reset-procedure";

/**
 * 8.4 billing registers with self-reads (8.4.1) and on-demand reads (8.4.3), always built; total
 * energy (8.4.2) and demand metering (8.15) when the profile has them. BT20-BT28, BP09, and with
 * demand ET40/ET41. The demand function hooks the metering steps before the billing registers, so
 * a self-read at the end of an interval holds that interval's maxima.
 */
export function billingGroup(ctx: DeviceContext): DeviceFunction {
  const layout = billingLayout(ctx.profile);
  const demand = ctx.profile.features.demand ? new DemandMetering(ctx, layout) : null;
  const billing = new BillingRegisters(ctx, layout, demand);
  return {
    tables: [...billingTables(ctx, billing, demand), ...(demand?.tables() ?? [])],
    procedures: [remoteResetProcedure(ctx, billing)],
  };
}
