import type { ByteOrder } from "../bytes/cursor";
import { toHex } from "../bytes/hex";
import { tableName } from "../protocol/table-id";
import {
  BT21,
  decodeRegisterDimensions,
  REGISTER_DIMENSIONS_SIZE,
  type RegisterDimensions,
} from "../protocol/tables/bt21-register-dimensions";
import {
  BT22,
  dataSelectionSize,
  decodeDataSelection,
  type DataSelection,
} from "../protocol/tables/bt22-data-selection";
import {
  BT23,
  dataBlockOffset,
  dataBlockSize,
  decodeDataBlock,
  type DataBlock,
} from "../protocol/tables/bt23-current-register-data";
import { BT24, BT25 } from "../protocol/tables/bt24-bt25-dated-register-data";
import {
  BT26,
  decodeSelfReadEntry,
  decodeSelfReadHeader,
  SELF_READ_HEADER_SIZE,
  selfReadEntryOffset,
  selfReadEntrySize,
  type SelfReadEntry,
  type SelfReadHeader,
} from "../protocol/tables/bt26-self-read-data";
import {
  BT27,
  decodePresentRegisterSelection,
  presentRegisterSelectionSize,
  type PresentRegisterSelection,
} from "../protocol/tables/bt27-present-register-selection";
import {
  BT28,
  decodePresentRegisterData,
  presentRegisterDataSize,
  type PresentRegisterData,
} from "../protocol/tables/bt28-present-register-data";
import {
  decodeDemandTable,
  demandTableSize,
  ET40,
  type DemandTable,
} from "../protocol/tables/et40-demand-configuration";
import {
  decodeDemandResetEntry,
  decodeDemandResetLogHeader,
  DEMAND_RESET_LOG_HEADER_SIZE,
  demandResetEntryOffset,
  demandResetEntrySize,
  ET41,
  type DemandResetEntry,
  type DemandResetLogHeader,
} from "../protocol/tables/et41-demand-reset-log";
import type { TableFormat } from "../protocol/table-format";
import type { TableClient } from "../session/table-client";
import { decoded, refusalVerdict } from "./checks";
import { Inconclusive } from "./verdicts";
import { now } from "../transport/timers";

/**
 * Reading the billing tables (8.4, 8.15) as the device lays them out: every size and offset from
 * its BT21 (and ET40/ET41's own dimension bytes), every read a partial read that the session
 * splits to the link's limits. BT23 is read one data block per request, so that each block is a
 * consistent picture of one moment; each reading keeps the harness's monotonic time it arrived.
 */
export interface Billing {
  readonly client: TableClient;
  readonly order: ByteOrder;
  readonly dims: RegisterDimensions;
}

export interface Timed<T> {
  readonly value: T;
  /** now() when the answer arrived. */
  readonly at: number;
}

export interface RegisterReading {
  readonly demandResets: number | null;
  /** Block 0 is the total, block 1 + t tier t. */
  readonly blocks: readonly Timed<DataBlock>[];
}

/** NI_FMAT1/NI_FMAT2 code 8: the registers are INT32, the only format these codecs read. */
const NI_INT32 = 8;

export async function billingOf(client: TableClient, { order, config }: TableFormat): Promise<Billing> {
  if (config.niFormat1 !== NI_INT32 || config.niFormat2 !== NI_INT32) {
    throw new Inconclusive(
      `BT00 gives NI formats ${config.niFormat1}/${config.niFormat2}; the harness reads billing registers as INT32 (format 8) only`,
    );
  }
  return { client, order, dims: await readDimensions(client) };
}

/** The present value BT28 shows for a source, as BT27 selects it; null when BT27 does not select it. */
export function presentValueOf(
  selection: PresentRegisterSelection,
  data: PresentRegisterData,
  source: number,
): number | null {
  const i = selection.valueSources.indexOf(source);
  return i < 0 ? null : (data.values[i] ?? null);
}

export async function readBytes(
  client: TableClient,
  tableId: number,
  offset: number,
  count: number,
): Promise<Timed<Uint8Array>> {
  const r = await client.readPartial(tableId, offset, count);
  if (!("data" in r))
    throw refusalVerdict(r.code, `a read of ${tableName(tableId)} (${count} bytes from offset ${offset})`);
  return { value: r.data, at: now() };
}

export async function readDimensions(client: TableClient, tableId = BT21): Promise<RegisterDimensions> {
  const b = await readBytes(client, tableId, 0, REGISTER_DIMENSIONS_SIZE);
  return decoded(decodeRegisterDimensions(b.value), tableName(tableId), b.value);
}

export async function readSelection(b: Billing): Promise<DataSelection> {
  const r = await readBytes(b.client, BT22, 0, dataSelectionSize(b.dims));
  return decoded(decodeDataSelection(r.value, b.dims), "BT22", r.value);
}

/** One data block (0 = total, 1 + t = tier t) of BT23, or of a register copy at `base` in another table. */
export async function readBlock(b: Billing, block: number, tableId = BT23, base = 0): Promise<Timed<DataBlock>> {
  const r = await readBytes(b.client, tableId, base + dataBlockOffset(b.dims, block), dataBlockSize(b.dims));
  const what = `${tableName(tableId)} ${block === 0 ? "total block" : `tier ${block - 1} block`}`;
  return { value: decoded(decodeDataBlock(r.value, b.dims, b.order, tableName(tableId)), what, r.value), at: r.at };
}

/** BT23 (or a register copy at `base` in another table), one data block per read. */
export async function readRegisters(b: Billing, tableId = BT23, base = 0): Promise<RegisterReading> {
  const counter =
    b.dims.functions1.demandResetCounter === 1 ? ((await readBytes(b.client, tableId, base, 1)).value[0] ?? 0) : null;
  const blocks: Timed<DataBlock>[] = [];
  for (let i = 0; i <= b.dims.tiers; i++) blocks.push(await readBlock(b, i, tableId, base));
  return { demandResets: counter, blocks };
}

export async function readSelfReadHeader(b: Billing): Promise<SelfReadHeader> {
  const r = await readBytes(b.client, BT26, 0, SELF_READ_HEADER_SIZE);
  return decoded(decodeSelfReadHeader(r.value, b.order), "BT26 list header", r.value);
}

/**
 * What BP09 can change (8.4): BT26's newest sequence number, BT23's demand reset counter (null
 * without one), and the first bytes of BT24 and BT25 (their time stamp, or their season or first
 * register byte; null where BT00 does not declare the table).
 */
export interface BillingCounters {
  readonly selfReadSequence: number;
  readonly demandResets: number | null;
  readonly seasonCopy: string | null;
  readonly resetCopy: string | null;
}

export async function readBillingCounters(
  b: Billing,
  declared: (tableId: number) => boolean,
): Promise<BillingCounters> {
  const stamp = async (tableId: number) =>
    declared(tableId) ? toHex((await readBytes(b.client, tableId, 0, b.dims.functions1.dateTime ? 5 : 1)).value) : null;
  return {
    selfReadSequence: (await readSelfReadHeader(b)).lastSequence,
    demandResets:
      b.dims.functions1.demandResetCounter === 1 ? ((await readBytes(b.client, BT23, 0, 1)).value[0] ?? 0) : null,
    seasonCopy: await stamp(BT24),
    resetCopy: await stamp(BT25),
  };
}

export async function readSelfReadEntry(b: Billing, element: number): Promise<SelfReadEntry> {
  const r = await readBytes(b.client, BT26, selfReadEntryOffset(b.dims, element), selfReadEntrySize(b.dims));
  return decoded(decodeSelfReadEntry(r.value, b.dims, b.order), `BT26 entry ${element}`, r.value);
}

export async function readPresentSelection(b: Billing): Promise<PresentRegisterSelection> {
  const r = await readBytes(b.client, BT27, 0, presentRegisterSelectionSize(b.dims));
  return decoded(decodePresentRegisterSelection(r.value, b.dims), "BT27", r.value);
}

export async function readPresent(b: Billing): Promise<Timed<PresentRegisterData>> {
  const r = await readBytes(b.client, BT28, 0, presentRegisterDataSize(b.dims));
  return { value: decoded(decodePresentRegisterData(r.value, b.dims, b.order), "BT28", r.value), at: r.at };
}

/** ET40, sized by its own first byte (the number of demands). */
export async function readDemandTable(client: TableClient, order: ByteOrder): Promise<Timed<DemandTable>> {
  const demands = (await readBytes(client, ET40, 0, 1)).value[0] ?? 0;
  const r = await readBytes(client, ET40, 0, demandTableSize(demands));
  return { value: decoded(decodeDemandTable(r.value, order), "ET40", r.value), at: r.at };
}

export async function readResetLogHeader(client: TableClient, order: ByteOrder): Promise<DemandResetLogHeader> {
  const r = await readBytes(client, ET41, 0, DEMAND_RESET_LOG_HEADER_SIZE);
  return decoded(decodeDemandResetLogHeader(r.value, order), "ET41 header", r.value);
}

export async function readResetLogEntry(
  client: TableClient,
  order: ByteOrder,
  header: DemandResetLogHeader,
  element: number,
): Promise<DemandResetEntry> {
  const r = await readBytes(
    client,
    ET41,
    demandResetEntryOffset(header.demands, element),
    demandResetEntrySize(header.demands),
  );
  return decoded(decodeDemandResetEntry(r.value, header.demands, order), `ET41 entry ${element}`, r.value);
}
