import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";

/**
 * ET57 M-Bus Data Type Table (8.5.2): how to parse the M-Bus channels of the load profile (data
 * set 2, BT65) and how often the meter polls its M-Bus devices for them. NES's layout is not
 * public. PROVISIONAL (ours): POLL_RATE_MINUTES (UINT8, 8.5.2.2: the M-Bus channels are sampled
 * at every whole multiple of it, so it is also BT61's interval length of set 2; a divisor of
 * 1440), then per channel of set 2 (BT61 NBR_CHNS_SET2): DEVICE (UINT8, the M-Bus channel 1..4
 * the value comes from), DIF and VIF (UINT8 each, EN 13757-3 coding of the recorded value: the
 * DIF's data field gives its type and width, the VIF its quantity and unit).
 * Only the poll rate is written by a host; the channel descriptions are the meter's.
 */
export const ET57 = EXTENDED_BASE + 57;
export const ET57_FIELDS = { pollRateMinutes: 0, channels: 1 } as const;

export interface MbusChannelType {
  readonly device: number;
  readonly dif: number;
  readonly vif: number;
}

export interface MbusDataTypes {
  readonly pollRateMinutes: number;
  readonly channels: readonly MbusChannelType[];
}

/** Poll rates a day divides into, up to BT61's UINT8 interval field. */
export const POLL_RATES_ALLOWED: readonly number[] = [
  1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 18, 20, 24, 30, 32, 36, 40, 45, 48, 60, 72, 80, 90, 96, 120, 144, 160, 180,
  240,
];

export function decodeMbusDataTypes(bytes: Uint8Array, channelCount: number): Decoded<MbusDataTypes> {
  return decodeWith(bytes, "ET57", (r) => ({
    pollRateMinutes: r.u8("pollRateMinutes"),
    channels: Array.from({ length: channelCount }, (_, c) => ({
      device: r.u8(`channel${c + 1}.device`),
      dif: r.u8(`channel${c + 1}.dif`),
      vif: r.u8(`channel${c + 1}.vif`),
    })),
  }));
}

export function encodeMbusDataTypes(v: MbusDataTypes): Uint8Array {
  const w = new ByteWriter("ET57").u8(v.pollRateMinutes, "pollRateMinutes");
  v.channels.forEach((c, i) =>
    w
      .u8(c.device, `channel${i + 1}.device`)
      .u8(c.dif, `channel${i + 1}.dif`)
      .u8(c.vif, `channel${i + 1}.vif`),
  );
  return w.toBytes();
}

/**
 * The value a DIF describes (EN 13757-3 data field, bits 0..3): integers of 1, 2, 3, 4, 6 or 8
 * bytes (codes 1, 2, 3, 4, 6, 7), a 32-bit real (5) or BCD of 2, 4, 6, 8, 12 digits (9..14);
 * null for "no data", variable length and the special functions. Bits 4..5 (function: 0
 * instantaneous) and 6 (storage number LSB) and 7 (extension) are the caller's.
 */
export function difValue(dif: number): { readonly kind: "integer" | "real" | "bcd"; readonly width: number } | null {
  const code = dif & 0x0f;
  const integer: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 6: 6, 7: 8 };
  const bcd: Record<number, number> = { 9: 1, 10: 2, 11: 3, 12: 4, 14: 6 };
  if (integer[code] !== undefined) return { kind: "integer", width: integer[code] };
  if (code === 5) return { kind: "real", width: 4 };
  if (bcd[code] !== undefined) return { kind: "bcd", width: bcd[code] };
  return null;
}

/**
 * Whether a VIF (EN 13757-3 primary VIF, extension bit clear) is a cumulative
 * counter: energy (E000 0nnn, E000 1nnn), volume (E001 0nnn) or mass (E001 1nnn).
 */
export function vifIsCounter(vif: number): boolean {
  return (vif & 0x80) === 0 && (vif & 0x7f) <= 0x1f;
}
