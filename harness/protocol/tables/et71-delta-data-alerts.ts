import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";
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
 * ET71 Delta Data Alerts (8.6): the meter raises an alert each time the imported energy has grown
 * by `energyDeltaWh` since the last alert (or since the delta was written). PROVISIONAL layout
 * (ours; NES's is not public), LSB first:
 *   0  UINT32 energyDeltaWh   host: the delta, Wh (0: no alerts), at most 1 000 000
 *   4  UINT32 referenceWh     meter: the imported energy the next delta counts from
 *   8  UINT16 alertCount      meter: alerts raised
 *   10 UINT8  alertLatched    meter: 1 from an alert until the alarms are cleared (BP08)
 *   11 LTIME_DATE lastAlert   meter: when the last alert was raised (all zero: none)
 */
export const ET71 = EXTENDED_BASE + 71;

const LAYOUT = [
  ["energyDeltaWh", 4],
  ["referenceWh", 4],
  ["alertCount", 2],
  ["alertLatched", 1],
] as const;

export const ET71_FIELDS = {
  ...fieldPlaces(LAYOUT),
  lastAlert: { offset: layoutSize(LAYOUT), size: 6, signed: false },
} as const;
export const ET71_SIZE = layoutSize(LAYOUT) + 6;
export const ET71_RANGES: FieldRanges<typeof LAYOUT> = { energyDeltaWh: [0, 1_000_000] };

export interface DeltaDataAlerts extends UintRecord<typeof LAYOUT> {
  readonly lastAlert: LTimeDate | null;
}

export function decodeDeltaDataAlerts(bytes: Uint8Array, order: ByteOrder): Decoded<DeltaDataAlerts> {
  return decodeWith(bytes, "ET71", (r) => ({
    ...readUints(r, LAYOUT, order, ""),
    lastAlert: readLTimeDate(r, "lastAlert"),
  }));
}

export function encodeDeltaDataAlerts(v: DeltaDataAlerts, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET71");
  writeUints(w, LAYOUT, v, order, "");
  writeLTimeDate(w, v.lastAlert, "lastAlert");
  return w.toBytes();
}

export function checkDeltaDataAlerts(v: DeltaDataAlerts): string | null {
  return firstOutOfRange<typeof LAYOUT>(v, ET71_RANGES);
}
