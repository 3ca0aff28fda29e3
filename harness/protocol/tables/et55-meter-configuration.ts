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
 * ET55 Meter Configuration: how the contactor behaves (8.10.1.3, 8.10.2, 8.10.3) and how long test
 * mode lasts (8.16). PROVISIONAL layout (ours; NES's is not public), LSB first:
 *   0  UINT8  contactorOptions      bit 0 limit by current (else power) 8.10.1.3; bit 1 a remote
 *                                   close only arms the contactor for a local reconnect 8.10.3;
 *                                   bit 2 prepaid 8.10.2; bits 3..7 reserved (0)
 *   1  INT32  creditWh              prepaid credit, Wh; the meter decrements it by the energy imported
 *   5  UINT32 lowCreditWh           below this the low-credit alarm is raised
 *   9  UINT16 testModeTimeoutSeconds  test mode ends by itself after this long, 1..3600 s
 */
export const ET55 = EXTENDED_BASE + 55;

const LAYOUT = [
  ["contactorOptions", 1],
  ["creditWh", 4, true],
  ["lowCreditWh", 4],
  ["testModeTimeoutSeconds", 2],
] as const;

export type MeterConfiguration = UintRecord<typeof LAYOUT>;
export const ET55_FIELDS = fieldPlaces(LAYOUT);
export const ET55_SIZE = layoutSize(LAYOUT);

export const CONTACTOR_OPTION = { limitByCurrent: 0x01, reconnectNeedsArming: 0x02, prepaid: 0x04 } as const;

export const ET55_RANGES: FieldRanges<typeof LAYOUT> = {
  contactorOptions: [0, 0x07],
  creditWh: [0, 100_000_000],
  lowCreditWh: [0, 100_000_000],
  testModeTimeoutSeconds: [1, 3600],
};

export function decodeMeterConfiguration(bytes: Uint8Array, order: ByteOrder): Decoded<MeterConfiguration> {
  return decodeWith(bytes, "ET55", (r) => readUints(r, LAYOUT, order, ""));
}

export function encodeMeterConfiguration(v: MeterConfiguration, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET55");
  writeUints(w, LAYOUT, v, order, "");
  return w.toBytes();
}

export function checkMeterConfiguration(v: MeterConfiguration): string | null {
  return firstOutOfRange(v, ET55_RANGES);
}
