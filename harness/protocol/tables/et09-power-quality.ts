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
 * ET09 Power Quality (8.8, 8.8.1): thresholds the host writes, the events the meter counted against
 * them, and the present values. PROVISIONAL layout (ours; NES's is not public), LSB first; voltages
 * in 0.1 V (dV), currents in 0.01 A (cA), frequency in 0.01 Hz, power factor in thousandths:
 *   0  UINT16 sag/swell/under/over thresholds (dV); a sag (swell) lasts while the lowest (highest)
 *      phase voltage is below (above) its threshold; an under-(over-)voltage counts once it has
 *   8  UINT16 qualifyingSeconds   lasted this long (1..3600 s)
 *   10 UINT16 x4 event counts, 18 UINT32 x4 event seconds (sag, swell, under, over)   meter
 *   34 UINT16 x3 phase voltages (dV), 40 UINT16 x3 phase currents (cA); absent phases read 0
 *   46 INT32 active power W (import +), 50 INT32 reactive power var, 54 frequency, 56 power factor
 * The host writes bytes 0..9 only; the meter keeps the rest (bytes written there are ignored).
 */
export const ET09 = EXTENDED_BASE + 9;

const THRESHOLDS = [
  ["sagDv", 2],
  ["swellDv", 2],
  ["underDv", 2],
  ["overDv", 2],
  ["qualifyingSeconds", 2],
] as const;

const MEASURED = [
  ["sagCount", 2],
  ["swellCount", 2],
  ["underCount", 2],
  ["overCount", 2],
  ["sagSeconds", 4],
  ["swellSeconds", 4],
  ["underSeconds", 4],
  ["overSeconds", 4],
  ["voltageL1Dv", 2],
  ["voltageL2Dv", 2],
  ["voltageL3Dv", 2],
  ["currentL1CentiA", 2],
  ["currentL2CentiA", 2],
  ["currentL3CentiA", 2],
  ["activePowerW", 4, true],
  ["reactivePowerVar", 4, true],
  ["frequencyCentiHz", 2],
  ["powerFactorMilli", 2],
] as const;

const LAYOUT = [...THRESHOLDS, ...MEASURED] as const;

export type PowerQualityThresholds = UintRecord<typeof THRESHOLDS>;
export type PowerQuality = UintRecord<typeof LAYOUT>;
export const ET09_FIELDS = fieldPlaces(LAYOUT);
export const ET09_SIZE = layoutSize(LAYOUT);
/** The bytes a host writes: the thresholds. */
export const ET09_THRESHOLDS_SIZE = layoutSize(THRESHOLDS);

export const ET09_RANGES: FieldRanges<typeof THRESHOLDS> = {
  sagDv: [1, 6000],
  swellDv: [1, 6000],
  underDv: [1, 6000],
  overDv: [1, 6000],
  qualifyingSeconds: [1, 3600],
};

export function decodePowerQuality(bytes: Uint8Array, order: ByteOrder): Decoded<PowerQuality> {
  return decodeWith(bytes, "ET09", (r) => readUints(r, LAYOUT, order, ""));
}

export function encodePowerQuality(v: PowerQuality, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET09");
  writeUints(w, LAYOUT, v, order, "");
  return w.toBytes();
}

/** Thresholds a device must refuse: out of range, a sag not below the swell, an under- not below the over-voltage. */
export function checkPowerQualityThresholds(v: PowerQualityThresholds): string | null {
  const range = firstOutOfRange(v, ET09_RANGES);
  if (range !== null) return range;
  if (v.sagDv >= v.swellDv) return `sagDv (${v.sagDv}) must be below swellDv (${v.swellDv})`;
  if (v.underDv >= v.overDv) return `underDv (${v.underDv}) must be below overDv (${v.overDv})`;
  return null;
}
