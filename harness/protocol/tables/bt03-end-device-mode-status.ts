import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits, type BitFieldValues } from "../types/bit-fields";

/**
 * BT03 End Device Mode and Status (C12.19 layout, which the OSGP meters follow): ED_MODE (UINT8
 * bit field), ED_STD_STATUS1 (UINT16 bit field, in table data order), ED_STD_STATUS2 (UINT8,
 * reserved), then ED_MFG_STATUS of BT00.dimMfgStatusUsed bytes (manufacturer flags; the
 * Interface Change Alarm of 6.8 lives there, at a position the manufacturer defines).
 */
export const BT03 = 3;

const MODE_BITS = { metering: [0, 0], test: [1, 1], meterShop: [2, 2], reserved: [3, 7] } as const;
const STATUS1_BITS = {
  unprogrammed: [0, 0],
  configurationError: [1, 1],
  selfCheckError: [2, 2],
  ramFailure: [3, 3],
  romFailure: [4, 4],
  nonvolatileMemoryFailure: [5, 5],
  clockError: [6, 6],
  measurementError: [7, 7],
  lowBattery: [8, 8],
  lowLossPotential: [9, 9],
  demandOverload: [10, 10],
  powerFailure: [11, 11],
  tamperDetect: [12, 12],
  reverseRotation: [13, 13],
  reserved: [14, 15],
} as const;

export type EndDeviceMode = BitFieldValues<typeof MODE_BITS>;
export type StandardStatus = BitFieldValues<typeof STATUS1_BITS>;

export interface EndDeviceModeStatus {
  readonly mode: EndDeviceMode;
  readonly standardStatus: StandardStatus;
  readonly standardStatus2: number;
  readonly manufacturerStatus: Uint8Array;
}

export function endDeviceModeStatusSize(dimMfgStatusUsed: number): number {
  return 4 + dimMfgStatusUsed;
}

export function decodeEndDeviceModeStatus(
  bytes: Uint8Array,
  order: ByteOrder,
  dimMfgStatusUsed: number,
): Decoded<EndDeviceModeStatus> {
  return decodeWith(bytes, "BT03", (r) => ({
    mode: unpackBits(r.u8("mode"), MODE_BITS),
    standardStatus: unpackBits(r.uint(2, order, "standardStatus"), STATUS1_BITS),
    standardStatus2: r.u8("standardStatus2"),
    manufacturerStatus: r.bytes(dimMfgStatusUsed, "manufacturerStatus"),
  }));
}

export function encodeEndDeviceModeStatus(v: EndDeviceModeStatus, order: ByteOrder): Uint8Array {
  return new ByteWriter("BT03")
    .u8(packBits(v.mode, MODE_BITS, "BT03.mode"), "mode")
    .uint(packBits(v.standardStatus, STATUS1_BITS, "BT03.standardStatus"), 2, order, "standardStatus")
    .u8(v.standardStatus2, "standardStatus2")
    .bytes(v.manufacturerStatus, "manufacturerStatus")
    .toBytes();
}

export function emptyStandardStatus(): StandardStatus {
  return unpackBits(0, STATUS1_BITS);
}

export function emptyMode(): EndDeviceMode {
  return unpackBits(0, MODE_BITS);
}

/** Names of the error flags of ED_STD_STATUS1 that are set; an empty list means healthy. */
export function raisedStatusFlags(s: StandardStatus): string[] {
  return (Object.keys(s) as (keyof StandardStatus)[]).filter((k) => k !== "reserved" && s[k] === 1);
}
