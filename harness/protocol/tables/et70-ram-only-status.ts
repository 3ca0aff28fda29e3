import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { fieldPlaces, layoutSize, readUints, writeUints, type UintRecord } from "../types/uint-fields";

/**
 * ET70 RAM-only Status: what the meter keeps only while it runs (8.6, 8.16). Meter-controlled.
 * PROVISIONAL layout (ours; NES's is not public), LSB first:
 *   0  UINT32 uptimeSeconds       device seconds since power-up
 *   4  UINT16 conditions          the alarm conditions now (ET54's bits)
 *   6  UINT8  testMode            1 while in test mode
 *   7  UINT16 testSecondsLeft     seconds until test mode ends by itself
 *   9  UINT32 testImportMilliWh   energy imported during the current (or last) test mode, mWh
 *   13 UINT32 testExportMilliWh   energy exported during it, mWh
 * The test-mode registers start from zero on entering test mode and never count outside it.
 */
export const ET70 = EXTENDED_BASE + 70;

const LAYOUT = [
  ["uptimeSeconds", 4],
  ["conditions", 2],
  ["testMode", 1],
  ["testSecondsLeft", 2],
  ["testImportMilliWh", 4],
  ["testExportMilliWh", 4],
] as const;

export type RamOnlyStatus = UintRecord<typeof LAYOUT>;
export const ET70_FIELDS = fieldPlaces(LAYOUT);
export const ET70_SIZE = layoutSize(LAYOUT);

export function decodeRamOnlyStatus(bytes: Uint8Array, order: ByteOrder): Decoded<RamOnlyStatus> {
  return decodeWith(bytes, "ET70", (r) => readUints(r, LAYOUT, order, ""));
}

export function encodeRamOnlyStatus(v: RamOnlyStatus, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET70");
  writeUints(w, LAYOUT, v, order, "");
  return w.toBytes();
}
