import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { fieldPlaces, layoutSize, readUints, writeUints, type UintRecord } from "../types/uint-fields";

/**
 * ET48 Over-Power Tariff Settings (8.2.2 over power threshold tariff): while the power drawn is
 * above a threshold, energy is registered in a designated tier instead of the calendar's.
 *
 * PROVISIONAL: no public source names the table of 8.2.2; we put it beside the calendar override
 * (ET47) with this layout and VCI (6.4):
 *   0  UINT8   layout version, 1                                      F
 *   1  UINT8   enabled (0 or 1)                                       H
 *   2  UINT8   tier used above the threshold                          H
 *   3  UINT32  threshold, W                                           H
 *   7  UINT8   bit 0: the over-power tier is in force now             M
 *   8  INT32   average import power of the last measuring step, W     M
 * The device compares the average power of each measuring step (at most a minute) with the
 * threshold, and the next step goes to the tier that comparison gives.
 */
export const ET48 = EXTENDED_BASE + 48;
export const ET48_VERSION = 1;

const LAYOUT = [
  ["version", 1],
  ["enabled", 1],
  ["tier", 1],
  ["thresholdW", 4],
  ["status", 1],
  ["averagePowerW", 4, true],
] as const;

export const ET48_SIZE = layoutSize(LAYOUT);
export const ET48_FIELDS = fieldPlaces(LAYOUT);
/** The host-controlled bytes: enabled, tier and threshold. */
export const ET48_HOST_RANGE = { offset: 1, length: 6 } as const;

export type OverPowerTariff = UintRecord<typeof LAYOUT>;

export function decodeOverPowerTariff(bytes: Uint8Array, order: ByteOrder): Decoded<OverPowerTariff> {
  return decodeWith(bytes, "ET48", (r) => readUints(r, LAYOUT, order, ""));
}

export function encodeOverPowerTariff(v: OverPowerTariff, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET48");
  writeUints(w, LAYOUT, v, order, "");
  return w.toBytes();
}

/** The host part alone (bytes 1..6), what a client writes. */
export function encodeOverPowerSettings(
  v: Pick<OverPowerTariff, "enabled" | "tier" | "thresholdW">,
  order: ByteOrder,
): Uint8Array {
  return new ByteWriter("ET48")
    .u8(v.enabled, "enabled")
    .u8(v.tier, "tier")
    .uint(v.thresholdW, 4, order, "thresholdW")
    .toBytes();
}
