import type { Decoded } from "../bytes/decoded";
import { isTableUsed, type GeneralConfiguration } from "../protocol/tables/bt00-general-configuration";
import { BT07 } from "../protocol/tables/bt07-procedure-initiate";
import { BT08 } from "../protocol/tables/bt08-procedure-response";
import { BT21, decodeRegisterDimensions } from "../protocol/tables/bt21-register-dimensions";
import { BT22 } from "../protocol/tables/bt22-data-selection";
import { BT23 } from "../protocol/tables/bt23-current-register-data";
import { BT24, BT25 } from "../protocol/tables/bt24-bt25-dated-register-data";
import { BT26 } from "../protocol/tables/bt26-self-read-data";
import { BT27 } from "../protocol/tables/bt27-present-register-selection";
import { BT28 } from "../protocol/tables/bt28-present-register-data";
import { BT61, decodeLoadProfileDimensions } from "../protocol/tables/bt60-bt61-load-profile-dimensions";
import { BT62, controlShapeOf, decodeLoadProfileControl } from "../protocol/tables/bt62-load-profile-control";
import { LP_DATA_TABLES, loadProfileDataSize } from "../protocol/tables/bt64-bt67-load-profile-data";
import { BT71, decodeLogDimensions } from "../protocol/tables/bt70-bt71-log-dimensions";
import { BT74, HISTORY_HEADER_SIZE, historyEntrySize } from "../protocol/tables/bt74-history-log-data";
import { ET04, ET04_SIZE } from "../protocol/tables/et04-system-information";
import { decodeMfgDimension, ET11, type MfgDimension } from "../protocol/tables/et11-mfg-dimension";
import { ET13 } from "../protocol/tables/et13-mbus-device-configuration";
import { ET14, et14Size } from "../protocol/tables/et14-mbus-device-status";
import { ET15 } from "../protocol/tables/et15-on-demand-requests";
import { ET16 } from "../protocol/tables/et16-mbus-device-data";
import { ET31, et31Size } from "../protocol/tables/et31-one-time-read-log";
import {
  decodeDemandResetLogHeader,
  DEMAND_RESET_LOG_HEADER_SIZE,
  demandResetLogSize,
  ET41,
} from "../protocol/tables/et41-demand-reset-log";
import { ET45, et45Size } from "../protocol/tables/et45-recurring-read-log";
import { ET74, et74Size } from "../protocol/tables/et74-mep-extended-log";
import type { TableFormat } from "../protocol/table-format";
import { billingTableSizes } from "./billing-sizes";
import { dataShape, setsUsedBy } from "./load-profile-reader";
import { historyShapeOf } from "./history-log-reader";

/**
 * How long a table is, as its own layout, BT00 and the device's dimension tables give it: what a reader
 * needs for a table too long for one response, since the device's count comes only with a full
 * read, and OSGP pads a partial read past a table's end with zeros (9.5), so no read marks the end.
 * Only what this project has a layout for; null for the rest.
 */
export interface TableLength {
  readonly length: number;
  /** What gave it, for the lab to check: "BT21", "ET11", "its own header", "its layout". */
  readonly from: string;
  /** A layout of ours (PROVISIONAL) went into it: the device's may differ. */
  readonly provisional: boolean;
}

/** The device's bytes the lengths are worked out from; null when it does not give them. */
export interface LengthSource {
  /** A dimension table, whole. */
  table(id: number): Promise<Uint8Array | null>;
  /** The first `count` bytes of a table (a table that carries its own dimensions). */
  head(id: number, count: number): Promise<Uint8Array | null>;
}

type Rule = (f: TableFormat, s: LengthSource) => Promise<TableLength | null>;

const fixed =
  (length: number, provisional: boolean): Rule =>
  () =>
    Promise.resolve({ length, from: "its layout", provisional });

async function decodedFrom<T>(s: LengthSource, id: number, decode: (b: Uint8Array) => Decoded<T>): Promise<T | null> {
  const bytes = await s.table(id);
  if (bytes === null) return null;
  const d = decode(bytes);
  return d.ok ? d.value : null;
}

/** BT07 and BT08 (C12.19): a header, then as many bytes as BT00 gives their parameters and response data. */
const procedureTable =
  (header: number, dim: (c: GeneralConfiguration) => number): Rule =>
  (f) =>
    Promise.resolve({ length: header + dim(f.config), from: "BT00", provisional: false });

const billing =
  (id: number): Rule =>
  async (_f, s) => {
    const dims = await decodedFrom(s, BT21, decodeRegisterDimensions);
    const length = dims === null ? undefined : billingTableSizes(dims).get(id);
    return length === undefined ? null : { length, from: "BT21", provisional: false };
  };

const loadProfile =
  (set: number): Rule =>
  async (f, s) => {
    const setsUsed = setsUsedBy(f.config);
    const actual = await decodedFrom(s, BT61, (b) => decodeLoadProfileDimensions(b, f.order, setsUsed));
    if (actual === null) return null;
    const control = await decodedFrom(s, BT62, (b) => decodeLoadProfileControl(b, f.order, controlShapeOf(actual)));
    if (control === null || actual.sets[set - 1] == null || control[set - 1] == null) return null;
    const shape = dataShape({ ...f, setsUsed, actual, control }, set);
    return { length: loadProfileDataSize(shape), from: "BT61 and BT62", provisional: false };
  };

const historyLog: Rule = async (f, s) => {
  const dims = await decodedFrom(s, BT71, (b) => decodeLogDimensions(b, f.order));
  if (dims === null) return null;
  const length = HISTORY_HEADER_SIZE + dims.historyEntries * historyEntrySize(historyShapeOf(dims));
  return { length, from: "BT71", provisional: false };
};

/** ET11's fields are partly ours (et11-mfg-dimension.ts); `provisional` says whether these are. */
const mfgDimensioned =
  (size: (d: MfgDimension) => number, provisional: boolean): Rule =>
  async (f, s) => {
    const d = await decodedFrom(s, ET11, (b) => decodeMfgDimension(b, f.order));
    return d === null ? null : { length: size(d), from: "ET11", provisional };
  };

const demandResetLog: Rule = async (f, s) => {
  const head = await s.head(ET41, DEMAND_RESET_LOG_HEADER_SIZE);
  const h = head === null ? null : decodeDemandResetLogHeader(head, f.order);
  if (h === null || !h.ok) return null;
  return { length: demandResetLogSize(h.value.capacity, h.value.demands), from: "its own header", provisional: true };
};

const RULES: ReadonlyMap<number, Rule> = new Map<number, Rule>([
  // procedure (2), sequence number (1), then the parameters
  [BT07, procedureTable(3, (c) => c.maxProcParamLength)],
  // procedure (2), sequence number (1), result code (1), then the response data
  [BT08, procedureTable(4, (c) => c.maxRespDataLength)],
  ...[BT22, BT23, BT24, BT25, BT26, BT27, BT28].map((id) => [id, billing(id)] as const),
  ...LP_DATA_TABLES.map((id, i) => [id, loadProfile(i + 1)] as const),
  [BT74, historyLog],
  [ET04, fixed(ET04_SIZE, false)],
  [ET13, mfgDimensioned((d) => d.mbusChannels * d.et13EntrySize, false)],
  [
    ET14,
    mfgDimensioned(
      (d) => et14Size({ channels: d.mbusChannels, headerSize: d.et14HeaderSize, entrySize: d.et14EntrySize }),
      true,
    ),
  ],
  [ET15, mfgDimensioned((d) => d.et15Entries * d.et15EntrySize, true)],
  [ET16, mfgDimensioned((d) => d.mbusChannels * d.et16EntrySize, false)],
  [ET31, mfgDimensioned((d) => et31Size(d.et31Entries, d.mbusChannels), true)],
  [ET41, demandResetLog],
  [ET45, mfgDimensioned((d) => et45Size(d.et45Entries, d.et45EntrySize), true)],
  [ET74, mfgDimensioned((d) => et74Size(d.et74Entries, d.mepDataSize), true)],
]);

/** The table's length, or null when this project has no layout for it or the device withholds what sizes it. */
export function tableLength(id: number, format: TableFormat, source: LengthSource): Promise<TableLength | null> {
  const rule = RULES.get(id);
  return rule === undefined || !isTableUsed(format.config, id) ? Promise.resolve(null) : rule(format, source);
}
