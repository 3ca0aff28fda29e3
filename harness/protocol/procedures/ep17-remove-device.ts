import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { MANUFACTURER_PROCEDURE_BASE } from "../procedure-id";

/**
 * EP17 Remove Device (8.18.3). Parameters as the MEP guide's worked example gives them
 * (BT07 data `11 08 07 00 f8 03`: action 0, handle 0x03F8 LSB first; [MEP]):
 *   UINT8 action (0: remove the device and free its channel), UINT16 device handle (ET14)
 * PROVISIONAL: only action 0 is defined; the results for a bad action or a handle that names no
 * device (invalid parameter) are ours.
 */
export const EP17 = MANUFACTURER_PROCEDURE_BASE + 17;
export const REMOVE_ACTION = 0;

export interface RemoveDeviceParameters {
  readonly action: number;
  readonly handle: number;
}

export function decodeRemoveDevice(bytes: Uint8Array, order: ByteOrder): Decoded<RemoveDeviceParameters> {
  return decodeWith(bytes, "EP17", (r) => ({ action: r.u8("action"), handle: r.uint(2, order, "handle") }));
}

export function encodeRemoveDevice(p: RemoveDeviceParameters, order: ByteOrder): Uint8Array {
  return new ByteWriter("EP17").u8(p.action, "action").uint(p.handle, 2, order, "handle").toBytes();
}
