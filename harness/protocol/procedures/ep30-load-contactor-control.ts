import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { MANUFACTURER_PROCEDURE_BASE } from "../procedure-id";

/**
 * EP30 Load Contactor Control (8.10.4). PROVISIONAL (ours: the sources name no procedure number or
 * layout; PIXIT control.procedures.contactor): one UINT8 action (CONTACTOR_ACTION). Results:
 * completed; invalid-parameter for an unknown action or a wrong length; conflict for an action the
 * contactor's state forbids (arming a closed contactor, closing while the prepaid credit is used up).
 * Response data: UINT8 the contactor state afterwards (ET54's CONTACTOR_STATE).
 */
export const EP30 = MANUFACTURER_PROCEDURE_BASE + 30;

export const CONTACTOR_ACTION = { open: 0, close: 1, arm: 2 } as const;

export function decodeContactorAction(bytes: Uint8Array): Decoded<{ readonly action: number }> {
  return decodeWith(bytes, "EP30", (r) => ({ action: r.u8("action") }));
}

export function encodeContactorAction(action: number): Uint8Array {
  return new ByteWriter("EP30").u8(action, "action").toBytes();
}
