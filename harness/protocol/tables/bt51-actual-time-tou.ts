import type { ByteOrder } from "../../bytes/cursor";
import type { Decoded } from "../../bytes/decoded";
import { decodeTimeTou, encodeTimeTou, type TimeTou } from "./bt50-dimension-time-tou";

/**
 * BT51 Actual Time and TOU (8.2; C12.19 ACT_TIME_TOU_TBL): BT50's layout, holding the dimensions
 * of the calendar in use. BT53's fields and BT54's size and layout follow from it, so every
 * calendar expectation of the suite starts here.
 */
export const BT51 = 51;

export function decodeActualTimeTou(bytes: Uint8Array, order: ByteOrder): Decoded<TimeTou> {
  return decodeTimeTou(bytes, order, "BT51");
}

export function encodeActualTimeTou(v: TimeTou, order: ByteOrder): Uint8Array {
  return encodeTimeTou(v, order, "BT51");
}
