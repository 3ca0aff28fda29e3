import type { ByteOrder, ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readSTimeDate, STIME_DATE_SIZE, writeSTimeDate, type STimeDate } from "../types/time-types";
import {
  readRegisterData,
  registerDataSize,
  writeRegisterData,
  type RegisterData,
  type RegisterLayout,
} from "./bt23-current-register-data";

/**
 * BT24 Previous Season Data and BT25 Previous Demand Reset Data (8.4): copies of the registers
 * taken at a season change and at a demand reset, C12.19 layout:
 *   END_DATE_TIME STIME_DATE   if DATE_TIME_FIELD_FLAG (when the copy was taken)
 *   SEASON        UINT8        if SEASON_INFO_FIELD_FLAG
 *   REGISTER_DATA_RCD          (bt23-current-register-data.ts)
 * The same record is a BT26 self-read entry's body. An all-zero time (no copy yet) reads as null.
 */
export const BT24 = 24;
export const BT25 = 25;

export interface DatedRegisterData {
  /** null: no copy taken yet, or the layout has no date/time field. */
  readonly endTime: STimeDate | null;
  /** null when the layout has no season field. */
  readonly season: number | null;
  readonly data: RegisterData;
}

export function datedRegisterDataSize(l: RegisterLayout): number {
  return (l.functions1.dateTime ? STIME_DATE_SIZE : 0) + (l.functions1.seasonInfo ? 1 : 0) + registerDataSize(l);
}

export function readDatedRegisterData(
  r: ByteReader,
  l: RegisterLayout,
  order: ByteOrder,
  field: string,
): DatedRegisterData {
  const endTime = l.functions1.dateTime ? readSTimeDate(r, `${field}.endTime`) : null;
  const season = l.functions1.seasonInfo ? r.u8(`${field}.season`) : null;
  return { endTime, season, data: readRegisterData(r, l, order, `${field}.data`) };
}

export function writeDatedRegisterData(
  w: ByteWriter,
  v: DatedRegisterData,
  l: RegisterLayout,
  order: ByteOrder,
  field: string,
): void {
  if (l.functions1.dateTime) writeSTimeDate(w, v.endTime, `${field}.endTime`);
  if (l.functions1.seasonInfo) w.u8(v.season ?? 0, `${field}.season`);
  writeRegisterData(w, v.data, l, order, `${field}.data`);
}

export function decodeDatedRegisterData(
  bytes: Uint8Array,
  l: RegisterLayout,
  order: ByteOrder,
  context: "BT24" | "BT25",
): Decoded<DatedRegisterData> {
  return decodeWith(bytes, context, (r) => readDatedRegisterData(r, l, order, "copy"));
}

export function encodeDatedRegisterData(
  v: DatedRegisterData,
  l: RegisterLayout,
  order: ByteOrder,
  context: "BT24" | "BT25",
): Uint8Array {
  const w = new ByteWriter(context);
  writeDatedRegisterData(w, v, l, order, "copy");
  return w.toBytes();
}
