import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits, type BitFieldValues } from "../types/bit-fields";

/**
 * BP06 Change End Device Mode (C12.19 standard procedure 6; 8.16 test mode). Parameter: ED_MODE,
 * the same bit field as BT03's first byte (bit 0 metering, bit 1 test mode, bit 2 meter shop,
 * bits 3..7 reserved). Setting the test bit enters test mode, clearing it leaves test mode.
 */
export const BP06 = 6;

const MODE_BITS = { metering: [0, 0], test: [1, 1], meterShop: [2, 2], reserved: [3, 7] } as const;
export type RequestedMode = BitFieldValues<typeof MODE_BITS>;

export function decodeChangeEndDeviceMode(bytes: Uint8Array): Decoded<RequestedMode> {
  return decodeWith(bytes, "BP06", (r) => unpackBits(r.u8("edMode"), MODE_BITS));
}

export function encodeChangeEndDeviceMode(mode: RequestedMode): Uint8Array {
  return new ByteWriter("BP06").u8(packBits(mode, MODE_BITS, "BP06.edMode"), "edMode").toBytes();
}

/** The parameters that enter (true) or leave (false) test mode, metering off while testing. */
export function testModeParameters(on: boolean): Uint8Array {
  return encodeChangeEndDeviceMode({ metering: on ? 0 : 1, test: on ? 1 : 0, meterShop: 0, reserved: 0 });
}
