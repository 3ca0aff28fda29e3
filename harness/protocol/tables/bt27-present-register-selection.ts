import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import type { RegisterDimensions } from "./bt21-register-dimensions";

/**
 * BT27 Present Register Selection (8.4): the sources whose instantaneous values BT28 shows, C12.19
 * layout: PRESENT_DEMAND_SELECT ARRAY[NBR_PRESENT_DEMANDS] OF UINT8, then PRESENT_VALUE_SELECT
 * ARRAY[NBR_PRESENT_VALUES] OF UINT8. Ids are those of BT22 (0 forward active, 1 reverse active
 * on NES meters); as present values they name power, not energy.
 */
export const BT27 = 27;

export interface PresentRegisterSelection {
  readonly demandSources: readonly number[];
  readonly valueSources: readonly number[];
}

type Dims = Pick<RegisterDimensions, "presentDemands" | "presentValues">;

export function presentRegisterSelectionSize(d: Dims): number {
  return d.presentDemands + d.presentValues;
}

export function decodePresentRegisterSelection(bytes: Uint8Array, d: Dims): Decoded<PresentRegisterSelection> {
  return decodeWith(bytes, "BT27", (r) => ({
    demandSources: Array.from({ length: d.presentDemands }, (_, i) => r.u8(`demandSources[${i}]`)),
    valueSources: Array.from({ length: d.presentValues }, (_, i) => r.u8(`valueSources[${i}]`)),
  }));
}

export function encodePresentRegisterSelection(v: PresentRegisterSelection, d: Dims): Uint8Array {
  const w = new ByteWriter("BT27");
  if (v.demandSources.length !== d.presentDemands) w.fail("demandSources", `needs ${d.presentDemands} entries`);
  if (v.valueSources.length !== d.presentValues) w.fail("valueSources", `needs ${d.presentValues} entries`);
  v.demandSources.forEach((id, i) => w.u8(id, `demandSources[${i}]`));
  v.valueSources.forEach((id, i) => w.u8(id, `valueSources[${i}]`));
  return w.toBytes();
}
