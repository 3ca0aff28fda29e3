import type { ByteOrder, ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readSTimeDate, STIME_DATE_SIZE, writeSTimeDate, type STimeDate } from "../types/time-types";
import type { RegisterDimensions } from "./bt21-register-dimensions";

/**
 * BT23 Current Register Data (8.4, 8.4.3) and the C12.19 REGISTER_DATA_RCD it shares with BT24,
 * BT25 and BT26, laid out from BT21:
 *   NBR_DEMAND_RESETS UINT8                  if DEMAND_RESET_CTR_FLAG
 *   TOT_DATA_BLOCK    DATA_BLK_RCD
 *   TIER_DATA_BLOCK   ARRAY[NBR_TIERS] OF DATA_BLK_RCD
 * DATA_BLK_RCD: SUMMATIONS ARRAY[NBR_SUMMATIONS] OF NI_FMAT1, DEMANDS ARRAY[NBR_DEMANDS] OF
 * DEMANDS_RCD, COINCIDENTS ARRAY[NBR_COIN_VALUES] OF ARRAY[NBR_OCCUR] OF NI_FMAT2.
 * DEMANDS_RCD: EVENT_TIME ARRAY[NBR_OCCUR] OF STIME_DATE (if DATE_TIME_FIELD_FLAG), CUM_DEMAND
 * (if CUM_DEMAND_FLAG), CONT_CUM_DEMAND (if CONT_CUM_DEMAND_FLAG), DEMAND ARRAY[NBR_OCCUR].
 * NI_FMAT1/2 are INT32 on OSGP meters (BT00 NI format 8); summations in Wh (varh), demands in W.
 */
export const BT23 = 23;
const NI_SIZE = 4;

export type RegisterLayout = Pick<
  RegisterDimensions,
  "functions1" | "summations" | "demands" | "coincidents" | "occurrences" | "tiers"
>;

export interface DemandRecord {
  /** When each occurrence (maximum) happened; null for an empty stamp, [] without the date/time flag. */
  readonly eventTimes: readonly (STimeDate | null)[];
  readonly cumulative: number | null;
  readonly continuousCumulative: number | null;
  readonly values: readonly number[];
}

export interface DataBlock {
  readonly summations: readonly number[];
  readonly demands: readonly DemandRecord[];
  /** Per coincident value, one value per occurrence. */
  readonly coincidents: readonly (readonly number[])[];
}

export interface RegisterData {
  readonly demandResets: number | null;
  readonly total: DataBlock;
  readonly tiers: readonly DataBlock[];
}

export function demandRecordSize(l: RegisterLayout): number {
  const f = l.functions1;
  return (
    (f.dateTime ? STIME_DATE_SIZE * l.occurrences : 0) +
    (f.cumulativeDemand ? NI_SIZE : 0) +
    (f.continuousCumulativeDemand ? NI_SIZE : 0) +
    NI_SIZE * l.occurrences
  );
}

export function dataBlockSize(l: RegisterLayout): number {
  return NI_SIZE * l.summations + l.demands * demandRecordSize(l) + l.coincidents * NI_SIZE * l.occurrences;
}

export function registerDataSize(l: RegisterLayout): number {
  return (l.functions1.demandResetCounter ? 1 : 0) + (1 + l.tiers) * dataBlockSize(l);
}

/** Offset of data block `block` (0 = total, 1 + t = tier t) inside a REGISTER_DATA_RCD. */
export function dataBlockOffset(l: RegisterLayout, block: number): number {
  return (l.functions1.demandResetCounter ? 1 : 0) + block * dataBlockSize(l);
}

function ints(r: ByteReader, n: number, order: ByteOrder, field: string): number[] {
  return Array.from({ length: n }, (_, i) => r.int(NI_SIZE, order, `${field}[${i}]`));
}

export function readDataBlock(r: ByteReader, l: RegisterLayout, order: ByteOrder, field: string): DataBlock {
  const f = l.functions1;
  const summations = ints(r, l.summations, order, `${field}.summations`);
  const demands = Array.from({ length: l.demands }, (_, i): DemandRecord => {
    const at = `${field}.demands[${i}]`;
    return {
      eventTimes: f.dateTime
        ? Array.from({ length: l.occurrences }, (_, k) => readSTimeDate(r, `${at}.eventTimes[${k}]`))
        : [],
      cumulative: f.cumulativeDemand ? r.int(NI_SIZE, order, `${at}.cumulative`) : null,
      continuousCumulative: f.continuousCumulativeDemand ? r.int(NI_SIZE, order, `${at}.continuousCumulative`) : null,
      values: ints(r, l.occurrences, order, `${at}.values`),
    };
  });
  const coincidents = Array.from({ length: l.coincidents }, (_, i) =>
    ints(r, l.occurrences, order, `${field}.coincidents[${i}]`),
  );
  return { summations, demands, coincidents };
}

export function writeDataBlock(w: ByteWriter, b: DataBlock, l: RegisterLayout, order: ByteOrder, field: string): void {
  const f = l.functions1;
  const count = (list: readonly unknown[], n: number, at: string) => {
    if (list.length !== n) w.fail(at, `needs ${n} entries, got ${list.length}`);
  };
  count(b.summations, l.summations, `${field}.summations`);
  b.summations.forEach((v, i) => w.int(v, NI_SIZE, order, `${field}.summations[${i}]`));
  count(b.demands, l.demands, `${field}.demands`);
  b.demands.forEach((d, i) => {
    const at = `${field}.demands[${i}]`;
    if (f.dateTime) {
      count(d.eventTimes, l.occurrences, `${at}.eventTimes`);
      d.eventTimes.forEach((t, k) => writeSTimeDate(w, t, `${at}.eventTimes[${k}]`));
    }
    if (f.cumulativeDemand) w.int(d.cumulative ?? 0, NI_SIZE, order, `${at}.cumulative`);
    if (f.continuousCumulativeDemand) w.int(d.continuousCumulative ?? 0, NI_SIZE, order, `${at}.continuousCumulative`);
    count(d.values, l.occurrences, `${at}.values`);
    d.values.forEach((v, k) => w.int(v, NI_SIZE, order, `${at}.values[${k}]`));
  });
  count(b.coincidents, l.coincidents, `${field}.coincidents`);
  b.coincidents.forEach((c, i) => {
    count(c, l.occurrences, `${field}.coincidents[${i}]`);
    c.forEach((v, k) => w.int(v, NI_SIZE, order, `${field}.coincidents[${i}][${k}]`));
  });
}

export function readRegisterData(r: ByteReader, l: RegisterLayout, order: ByteOrder, field: string): RegisterData {
  const demandResets = l.functions1.demandResetCounter ? r.u8(`${field}.demandResets`) : null;
  const total = readDataBlock(r, l, order, `${field}.total`);
  const tiers = Array.from({ length: l.tiers }, (_, t) => readDataBlock(r, l, order, `${field}.tiers[${t}]`));
  return { demandResets, total, tiers };
}

export function writeRegisterData(
  w: ByteWriter,
  v: RegisterData,
  l: RegisterLayout,
  order: ByteOrder,
  field: string,
): void {
  if (l.functions1.demandResetCounter) w.u8(v.demandResets ?? 0, `${field}.demandResets`);
  writeDataBlock(w, v.total, l, order, `${field}.total`);
  if (v.tiers.length !== l.tiers) w.fail(`${field}.tiers`, `needs ${l.tiers} blocks, got ${v.tiers.length}`);
  v.tiers.forEach((b, t) => writeDataBlock(w, b, l, order, `${field}.tiers[${t}]`));
}

export function decodeCurrentRegisterData(
  bytes: Uint8Array,
  l: RegisterLayout,
  order: ByteOrder,
): Decoded<RegisterData> {
  return decodeWith(bytes, "BT23", (r) => readRegisterData(r, l, order, "data"));
}

export function encodeCurrentRegisterData(v: RegisterData, l: RegisterLayout, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("BT23");
  writeRegisterData(w, v, l, order, "data");
  return w.toBytes();
}

/** One data block on its own (a partial read of exactly one block). */
export function decodeDataBlock(
  bytes: Uint8Array,
  l: RegisterLayout,
  order: ByteOrder,
  context: string,
): Decoded<DataBlock> {
  return decodeWith(bytes, context, (r) => readDataBlock(r, l, order, "block"));
}
