import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { MANUFACTURER_PROCEDURE_BASE } from "../procedure-id";

/**
 * EP05 Control Relay Command (8.11.3). PROVISIONAL (ours: the sources name no procedure number or
 * layout; PIXIT control.procedures.relay): UINT8 relay (1..N of ET05), UINT8 command (RELAY_COMMAND).
 * The randomised commands wait ET05's random delay (8.11.1) before switching. Results: completed;
 * invalid-parameter for an unknown relay or command, or a wrong length. Response data: UINT8 the
 * relay's state, UINT8 its pending switch, UINT16 the delay drawn (ET46's fields).
 */
export const EP05 = MANUFACTURER_PROCEDURE_BASE + 5;

export const RELAY_COMMAND = { off: 0, on: 1, offRandomised: 2, onRandomised: 3 } as const;

export interface RelayCommand {
  readonly relay: number;
  readonly command: number;
}

export function decodeRelayCommand(bytes: Uint8Array): Decoded<RelayCommand> {
  return decodeWith(bytes, "EP05", (r) => ({ relay: r.u8("relay"), command: r.u8("command") }));
}

export function encodeRelayCommand(c: RelayCommand): Uint8Array {
  return new ByteWriter("EP05").u8(c.relay, "relay").u8(c.command, "command").toBytes();
}
