import { BT20, BT21, encodeRegisterDimensions } from "../../../protocol/tables/bt21-register-dimensions";
import { BT22, encodeDataSelection } from "../../../protocol/tables/bt22-data-selection";
import { BT23, encodeCurrentRegisterData } from "../../../protocol/tables/bt23-current-register-data";
import { BT24, BT25, encodeDatedRegisterData } from "../../../protocol/tables/bt24-bt25-dated-register-data";
import { BT26, encodeSelfReadData } from "../../../protocol/tables/bt26-self-read-data";
import { BT27, encodePresentRegisterSelection } from "../../../protocol/tables/bt27-present-register-selection";
import { BT28, encodePresentRegisterData } from "../../../protocol/tables/bt28-present-register-data";
import type { DeviceContext } from "../../device-function";
import { computedTable, type SimTable } from "../../sim-table";
import type { BillingRegisters } from "./billing-registers";
import type { DemandMetering } from "./demand-metering";
import { presentValueSources } from "./sources";

/**
 * BT20-BT28 of the simulated meter, all computed on each read and none writeable: BT20/BT21 from
 * the layout, BT22 and BT27 the sources, BT23 the registers now, BT24-BT26 the copies, BT28 the
 * present demands and values of the metering model.
 */
export function billingTables(
  ctx: DeviceContext,
  billing: BillingRegisters,
  demand: DemandMetering | null,
): SimTable[] {
  const layout = billing.layout;
  const dims = layout.dims;
  const order = ctx.dataOrder;
  // bt21-summation-count-short: BT21 understates what BT22/BT23 hold.
  const declared = ctx.defects.has("bt21-summation-count-short") ? { ...dims, summations: dims.summations - 1 } : dims;
  const values = presentValueSources(ctx.profile.load.phases);
  return [
    computedTable(BT20, "reader", () => encodeRegisterDimensions(dims)),
    computedTable(BT21, "reader", () => encodeRegisterDimensions(declared)),
    computedTable(BT22, "reader", () => encodeDataSelection(layout.selection, dims)),
    computedTable(BT23, "reader", () => encodeCurrentRegisterData(billing.current(), dims, order)),
    computedTable(BT24, "reader", () => encodeDatedRegisterData(billing.previousSeasonData(), dims, order, "BT24")),
    computedTable(BT25, "reader", () => encodeDatedRegisterData(billing.previousResetData(), dims, order, "BT25")),
    computedTable(BT26, "reader", () =>
      encodeSelfReadData({ ...billing.selfReads.header(), entries: [...billing.selfReads.elements()] }, dims, order),
    ),
    computedTable(BT27, "reader", () => encodePresentRegisterSelection(layout.present, dims)),
    computedTable(BT28, "reader", () => {
      const now = ctx.metering.present();
      return encodePresentRegisterData(
        { demands: demand?.present() ?? [], values: values.map((s) => s.read(now)) },
        dims,
        order,
      );
    }),
  ];
}
