import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  decodeOverPowerTariff,
  encodeOverPowerTariff,
  ET48,
  ET48_FIELDS,
  ET48_SIZE,
  ET48_VERSION,
} from "../../../protocol/tables/et48-over-power-tariff";
import type { DeviceContext } from "../../device-function";
import { overlaid, type SimTable } from "../../sim-table";

/**
 * 8.2.2 over power threshold tariff (ET48, PROVISIONAL layout): after each measuring step of the
 * metering model (at most a minute), the meter compares the step's average net power with the
 * threshold; while it is above, the energy of the following steps goes to the designated tier.
 * A write giving "enabled" other than 0/1 or a tier the meter lacks is answered onp and changes nothing.
 */
export interface OverPowerFunction {
  readonly table: SimTable;
  /** The designated tier while the power is above the threshold, else null. */
  forcedTier(): number | null;
}

export function overPowerTariff(ctx: DeviceContext): OverPowerFunction {
  let enabled = 0;
  let tier = 0;
  let thresholdW = 0xffffffff;
  let averagePowerW = 0;
  let above = false;
  const judge = () => {
    above = enabled === 1 && averagePowerW > thresholdW;
  };
  ctx.metering.onStep((s) => {
    averagePowerW = Math.round(s.averagePowerW);
    judge();
  });
  const image = () =>
    encodeOverPowerTariff(
      { version: ET48_VERSION, enabled, tier, thresholdW, status: above ? 1 : 0, averagePowerW },
      ctx.dataOrder,
    );
  const table: SimTable = {
    id: ET48,
    readLevel: "reader",
    writeLevel: "provisioning",
    vci: [
      { offset: ET48_FIELDS.version.offset, length: 1, vci: "F" },
      { offset: ET48_FIELDS.enabled.offset, length: ET48_FIELDS.status.offset - ET48_FIELDS.enabled.offset, vci: "H" },
      { offset: ET48_FIELDS.status.offset, length: ET48_SIZE - ET48_FIELDS.status.offset, vci: "M" },
    ],
    image,
    write(offset, data) {
      const d = decodeOverPowerTariff(overlaid(image(), offset, data), ctx.dataOrder);
      if (!d.ok || d.value.enabled > 1 || d.value.tier >= ctx.metering.shape.tiers) return RESPONSE_CODE.onp;
      ({ enabled, tier, thresholdW } = d.value);
      judge();
      return RESPONSE_CODE.ok;
    },
  };
  return { table, forcedTier: () => (above && !ctx.defects.has("over-power-tier-ignored") ? tier : null) };
}
