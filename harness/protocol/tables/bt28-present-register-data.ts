import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readTime, TIME_SIZE, writeTime, type TimeOfDay } from "../types/time-types";
import type { RegisterDimensions } from "./bt21-register-dimensions";

/**
 * BT28 Present Register Data (8.4, 8.15.1.1), C12.19 layout from BT21:
 *   PRESENT_DEMAND ARRAY[NBR_PRESENT_DEMANDS] OF { TIME_REMAINING TIME (if TIME_REMAINING_FLAG),
 *                  DEMAND_VALUE NI_FMAT2 }
 *   PRESENT_VALUE  ARRAY[NBR_PRESENT_VALUES] OF NI_FMAT1
 * NI formats are INT32. TIME_REMAINING is the time left until the demand is next calculated
 * (the end of the interval, or sub-interval, in progress). Units follow BT27's sources; NES meters
 * give W, var, mA, mV (as hendrikb/esphome-osgp-meter reads them).
 */
export const BT28 = 28;
const NI_SIZE = 4;

export interface PresentDemand {
  readonly timeRemaining: TimeOfDay | null;
  readonly value: number;
}

export interface PresentRegisterData {
  readonly demands: readonly PresentDemand[];
  readonly values: readonly number[];
}

type Dims = Pick<RegisterDimensions, "functions1" | "presentDemands" | "presentValues">;

export function presentRegisterDataSize(d: Dims): number {
  return d.presentDemands * ((d.functions1.timeRemaining ? TIME_SIZE : 0) + NI_SIZE) + d.presentValues * NI_SIZE;
}

export function decodePresentRegisterData(bytes: Uint8Array, d: Dims, order: ByteOrder): Decoded<PresentRegisterData> {
  return decodeWith(bytes, "BT28", (r) => ({
    demands: Array.from({ length: d.presentDemands }, (_, i) => ({
      timeRemaining: d.functions1.timeRemaining ? readTime(r, `demands[${i}].timeRemaining`) : null,
      value: r.int(NI_SIZE, order, `demands[${i}].value`),
    })),
    values: Array.from({ length: d.presentValues }, (_, i) => r.int(NI_SIZE, order, `values[${i}]`)),
  }));
}

export function encodePresentRegisterData(v: PresentRegisterData, d: Dims, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("BT28");
  if (v.demands.length !== d.presentDemands) w.fail("demands", `needs ${d.presentDemands} entries`);
  if (v.values.length !== d.presentValues) w.fail("values", `needs ${d.presentValues} entries`);
  v.demands.forEach((p, i) => {
    if (d.functions1.timeRemaining)
      writeTime(w, p.timeRemaining ?? { hour: 0, minute: 0, second: 0 }, `demands[${i}].timeRemaining`);
    w.int(p.value, NI_SIZE, order, `demands[${i}].value`);
  });
  v.values.forEach((x, i) => w.int(x, NI_SIZE, order, `values[${i}]`));
  return w.toBytes();
}

/** TIME as a number of seconds. */
export function timeSeconds(t: TimeOfDay): number {
  return t.hour * 3600 + t.minute * 60 + t.second;
}
