import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import {
  fieldPlaces,
  firstOutOfRange,
  layoutSize,
  readUints,
  writeUints,
  type FieldRanges,
  type UintRecord,
} from "../types/uint-fields";

/**
 * ET05 Control Output Settings (8.11). PROVISIONAL layout (ours; NES's is not public), LSB first:
 * byte 0 the number of relays N (meter-controlled, the dimension ET46 and ET61 share), then per relay:
 *   0 UINT8  mode           0 switched by remote command only, 1 also by the calendar of ET61
 *   1 UINT16 windowSeconds  randomisation (8.11.1): a switch waits a random delay in 0..window, 0..3600
 *   3 UINT8  reserved (0)
 */
export const ET05 = EXTENDED_BASE + 5;

const RELAY = [
  ["mode", 1],
  ["windowSeconds", 2],
  ["reserved", 1],
] as const;

export type RelaySettings = UintRecord<typeof RELAY>;
export const ET05_RELAY_SIZE = layoutSize(RELAY);
export const ET05_RELAY_FIELDS = fieldPlaces(RELAY);
/** The reference meter's: the spec gives no range; a device's own are PIXIT control.limits. */
export const ET05_RANGES: FieldRanges<typeof RELAY> = { mode: [0, 1], windowSeconds: [0, 3600], reserved: [0, 0] };
export const RELAY_MODE = { remoteOnly: 0, calendar: 1 } as const;

export function controlOutputSettingsSize(relays: number): number {
  return 1 + relays * ET05_RELAY_SIZE;
}

export function relaySettingsOffset(index: number): number {
  return 1 + index * ET05_RELAY_SIZE;
}

export function decodeControlOutputSettings(bytes: Uint8Array, order: ByteOrder): Decoded<RelaySettings[]> {
  return decodeWith(bytes, "ET05", (r) => {
    const n = r.u8("relays");
    return Array.from({ length: n }, (_, i) => readUints(r, RELAY, order, `relay[${i}].`));
  });
}

export function encodeControlOutputSettings(relays: readonly RelaySettings[], order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET05").u8(relays.length, "relays");
  relays.forEach((x, i) => writeUints(w, RELAY, x, order, `relay[${i}].`));
  return w.toBytes();
}

export function checkControlOutputSettings(relays: readonly RelaySettings[]): string | null {
  for (const [i, x] of relays.entries()) {
    const bad = firstOutOfRange(x, ET05_RANGES, `relay[${i}].`);
    if (bad !== null) return bad;
  }
  return null;
}
