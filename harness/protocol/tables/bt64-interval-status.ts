import type { ByteReader, ByteWriter } from "../../bytes/cursor";

/**
 * C12.19 EXTENDED_INT_STATUS of a load-profile interval: (channels / 2) + 1 bytes of nibbles. The
 * high nibble of byte 0 holds the common flags (bit 4 DST, bit 5 power fail, bit 6 clock set
 * forward, bit 7 clock set backward), its low nibble channel 1's status; each further byte holds an
 * even channel in its high nibble and the next odd channel in its low nibble (2|3, 4|5, ...), the
 * last low nibble being filler when the channel count is even. Channel status values follow.
 */
export const CHANNEL_STATUS = {
  none: 0,
  overflow: 1,
  partial: 2,
  long: 3,
  skipped: 4,
  testMode: 5,
  configurationChanged: 6,
  stopped: 7,
} as const;

export interface CommonIntervalFlags {
  readonly dst: boolean;
  readonly powerFail: boolean;
  readonly clockSetForward: boolean;
  readonly clockSetBackward: boolean;
}

export interface IntervalStatus {
  readonly common: CommonIntervalFlags;
  /** One status value (0..15) per channel. */
  readonly channels: readonly number[];
}

export function intervalStatusSize(channelCount: number): number {
  return Math.floor(channelCount / 2) + 1;
}

export const NO_COMMON_FLAGS: CommonIntervalFlags = {
  dst: false,
  powerFail: false,
  clockSetForward: false,
  clockSetBackward: false,
};

/** Nibble k of the status (0 = common flags, k = channel k), high nibble of each byte first. */
function nibbleAt(bytes: Uint8Array, k: number): number {
  const byte = bytes[k >> 1] ?? 0;
  return k % 2 === 0 ? byte >> 4 : byte & 0x0f;
}

export function readIntervalStatus(r: ByteReader, channelCount: number, field: string): IntervalStatus {
  const bytes = r.bytes(intervalStatusSize(channelCount), field);
  const c = nibbleAt(bytes, 0);
  return {
    common: {
      dst: (c & 1) !== 0,
      powerFail: (c & 2) !== 0,
      clockSetForward: (c & 4) !== 0,
      clockSetBackward: (c & 8) !== 0,
    },
    channels: Array.from({ length: channelCount }, (_, i) => nibbleAt(bytes, i + 1)),
  };
}

export function writeIntervalStatus(w: ByteWriter, s: IntervalStatus, field: string): void {
  const out = new Uint8Array(intervalStatusSize(s.channels.length));
  const c = s.common;
  const nibbles = [
    (c.dst ? 1 : 0) | (c.powerFail ? 2 : 0) | (c.clockSetForward ? 4 : 0) | (c.clockSetBackward ? 8 : 0),
    ...s.channels,
  ];
  nibbles.forEach((v, k) => {
    if (!Number.isInteger(v) || v < 0 || v > 15) w.fail(`${field}.channel${k}`, `${v} does not fit a status nibble`);
    out[k >> 1] = (out[k >> 1] as number) | (k % 2 === 0 ? v << 4 : v);
  });
  w.bytes(out, field);
}
