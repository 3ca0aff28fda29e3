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
 * ET06 Pulse Inputs (8.7). PROVISIONAL layout (ours; NES's is not public), LSB first: byte 0 the
 * number of channels N (meter-controlled, the table's own dimension), then N channels of 12 bytes:
 *   0 UINT8  enabled      host: 1 counts pulses, 0 does not
 *   1 UINT8  unit         host: 0 Wh, 1 litre, 2 dm3 of gas, 3 no unit
 *   2 UINT16 pulseWeight  host: units per pulse, 1..10000
 *   4 UINT32 pulseCount   meter: pulses counted while enabled
 *   8 UINT32 value        meter: the sum of the pulse weight of every pulse counted
 * A host writes the first four bytes of a channel; the meter ignores bytes written over its own.
 */
export const ET06 = EXTENDED_BASE + 6;

const CHANNEL = [
  ["enabled", 1],
  ["unit", 1],
  ["pulseWeight", 2],
  ["pulseCount", 4],
  ["value", 4],
] as const;

export type PulseChannel = UintRecord<typeof CHANNEL>;
export const ET06_CHANNEL_SIZE = layoutSize(CHANNEL);
/** Offsets inside one channel record. */
export const ET06_CHANNEL_FIELDS = fieldPlaces(CHANNEL);
/** Bytes of a channel the host writes. */
export const ET06_HOST_BYTES = ET06_CHANNEL_FIELDS.pulseCount.offset;
export const ET06_RANGES: FieldRanges<typeof CHANNEL> = { enabled: [0, 1], unit: [0, 3], pulseWeight: [1, 10_000] };

export function pulseInputsSize(channels: number): number {
  return 1 + channels * ET06_CHANNEL_SIZE;
}

/** Where channel `index` (0-based) starts. */
export function pulseChannelOffset(index: number): number {
  return 1 + index * ET06_CHANNEL_SIZE;
}

export function decodePulseInputs(bytes: Uint8Array, order: ByteOrder): Decoded<PulseChannel[]> {
  return decodeWith(bytes, "ET06", (r) => {
    const n = r.u8("channels");
    return Array.from({ length: n }, (_, i) => readUints(r, CHANNEL, order, `channel[${i}].`));
  });
}

export function encodePulseInputs(channels: readonly PulseChannel[], order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET06").u8(channels.length, "channels");
  channels.forEach((c, i) => writeUints(w, CHANNEL, c, order, `channel[${i}].`));
  return w.toBytes();
}

export function checkPulseInputs(channels: readonly PulseChannel[]): string | null {
  for (const [i, c] of channels.entries()) {
    const bad = firstOutOfRange(c, ET06_RANGES, `channel[${i}].`);
    if (bad !== null) return bad;
  }
  return null;
}
