import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readTime, writeTime, type TimeOfDay } from "../types/time-types";

/**
 * BT53 Time Offset (8.2, optional; C12.19 TIME_OFFSET_TBL): what turns the UTC clock of BT52 into
 * the local time the calendar runs on. Which fields exist is BT51's to say:
 *
 *   if BT51 automatic DST:     DST_TIME_EFF (TIME, local standard time of the DST change)
 *                              DST_TIME_AMT (UINT8, minutes added in DST)
 *   if BT51 time-zone offset:  TIME_ZONE_OFFSET (INT16, minutes east of UTC)
 */
export const BT53 = 53;

export interface TimeOffsetDims {
  readonly capDstAuto: boolean;
  readonly capTimeZoneOffset: boolean;
}

export interface TimeOffset {
  /** null when BT51 says the device changes no DST by itself. */
  readonly dst: { readonly effective: TimeOfDay; readonly amountMinutes: number } | null;
  /** null when BT51 says there is no time-zone offset field. */
  readonly timeZoneOffsetMinutes: number | null;
}

export function timeOffsetSize(dims: TimeOffsetDims): number {
  return (dims.capDstAuto ? 4 : 0) + (dims.capTimeZoneOffset ? 2 : 0);
}

export function decodeTimeOffset(bytes: Uint8Array, order: ByteOrder, dims: TimeOffsetDims): Decoded<TimeOffset> {
  return decodeWith(bytes, "BT53", (r) => ({
    dst: dims.capDstAuto ? { effective: readTime(r, "dstTimeEffective"), amountMinutes: r.u8("dstTimeAmount") } : null,
    timeZoneOffsetMinutes: dims.capTimeZoneOffset ? r.int(2, order, "timeZoneOffset") : null,
  }));
}

export function encodeTimeOffset(v: TimeOffset, order: ByteOrder, dims: TimeOffsetDims): Uint8Array {
  const w = new ByteWriter("BT53");
  if (dims.capDstAuto) {
    const dst = v.dst ?? w.fail("dst", "BT51 says the device changes DST itself, so BT53 holds the DST fields");
    writeTime(w, dst.effective, "dstTimeEffective");
    w.u8(dst.amountMinutes, "dstTimeAmount");
  }
  if (dims.capTimeZoneOffset) w.int(v.timeZoneOffsetMinutes ?? 0, 2, order, "timeZoneOffset");
  return w.toBytes();
}
