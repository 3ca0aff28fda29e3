import type { ByteOrder } from "../bytes/cursor";
import type { Decoded } from "../bytes/decoded";
import { toHex } from "../bytes/hex";
import { describeResponseCode } from "../protocol/response-codes";
import { tableName } from "../protocol/table-id";
import {
  decodeMbusChannelConfig,
  ET13,
  ET13_ENTRY_MIN_SIZE,
  type MbusChannelConfig,
} from "../protocol/tables/et13-mbus-device-configuration";
import {
  decodeMbusStatusTable,
  ET14,
  et14Size,
  type MbusStatusTable,
} from "../protocol/tables/et14-mbus-device-status";
import { decodeOnDemandRequests, ET15, type OnDemandRequest } from "../protocol/tables/et15-on-demand-requests";
import { decodeMbusReading, ET16, type MbusReading } from "../protocol/tables/et16-mbus-device-data";
import { decodeMfgDimension, ET11, ET11_SIZE, type MfgDimension } from "../protocol/tables/et11-mfg-dimension";
import {
  decodeRecurringReadLog,
  ET45,
  et45Size,
  type RecurringReadLog,
} from "../protocol/tables/et45-recurring-read-log";
import type { TableFormat } from "../protocol/table-format";
import type { TableClient } from "../session/table-client";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/**
 * Reading the M-Bus tables (8.18) and ET11, whose dimensions size every one of them: a table the
 * device does not serve is inconclusive (the gate steps have already said the feature is there),
 * one that does not decode is a FAIL with its bytes.
 */
export async function readTableBytes(client: TableClient, tableId: number, size: number): Promise<Uint8Array> {
  const r = await client.readPartial(tableId, 0, size);
  if (!("data" in r))
    throw new Inconclusive(`${tableName(tableId)} could not be read: ${describeResponseCode(r.code)}`);
  return r.data;
}

export function decoded<T>(d: Decoded<T>, what: string, bytes: Uint8Array): T {
  if (d.ok) return d.value;
  throw new ConformanceAssertionError(`${what} does not decode: ${d.error.message}`, [
    { label: what, hex: toHex(bytes) },
  ]);
}

/** ET11's dimensions, with the data order (BT00's) of ET11 and of the tables they size. */
export type MfgLayout = MfgDimension & { readonly order: ByteOrder };

export async function readDimensions(client: TableClient, { order }: TableFormat): Promise<MfgLayout> {
  const bytes = await readTableBytes(client, ET11, ET11_SIZE);
  return { ...decoded(decodeMfgDimension(bytes, order), "ET11", bytes), order };
}

/** The M-Bus part of ET11 must be usable: channels, and entries at least as long as the layout read here. */
export function requireMbusDimensions(d: MfgDimension): void {
  if (d.mbusChannels === 0)
    throw new ConformanceAssertionError("ET11 gives 0 M-Bus channels, yet the device declares M-Bus support (8.18)");
  if (d.et13EntrySize < ET13_ENTRY_MIN_SIZE)
    throw new Inconclusive(
      `ET11 gives ${d.et13EntrySize}-byte ET13 entries; this suite's (PROVISIONAL) layout needs ${ET13_ENTRY_MIN_SIZE}`,
    );
}

export async function readConfigs(
  client: TableClient,
  d: MfgLayout,
): Promise<{ bytes: Uint8Array; configs: MbusChannelConfig[] }> {
  const bytes = await readTableBytes(client, ET13, d.mbusChannels * d.et13EntrySize);
  const configs = Array.from({ length: d.mbusChannels }, (_, i) =>
    decoded(
      decodeMbusChannelConfig(bytes.subarray(i * d.et13EntrySize, (i + 1) * d.et13EntrySize), d.order),
      `ET13 entry of channel ${i + 1}`,
      bytes,
    ),
  );
  return { bytes, configs };
}

export async function readStatus(
  client: TableClient,
  d: MfgLayout,
): Promise<{ bytes: Uint8Array; status: MbusStatusTable }> {
  const dims = { channels: d.mbusChannels, headerSize: d.et14HeaderSize, entrySize: d.et14EntrySize };
  const bytes = await readTableBytes(client, ET14, et14Size(dims));
  return { bytes, status: decoded(decodeMbusStatusTable(bytes, d.order, dims), "ET14", bytes) };
}

export async function readRequests(
  client: TableClient,
  d: MfgDimension,
): Promise<{ bytes: Uint8Array; requests: OnDemandRequest[] }> {
  const bytes = await readTableBytes(client, ET15, d.et15Entries * d.et15EntrySize);
  return { bytes, requests: decoded(decodeOnDemandRequests(bytes, d.et15Entries, d.et15EntrySize), "ET15", bytes) };
}

export async function readReadings(
  client: TableClient,
  d: MfgDimension,
): Promise<{ bytes: Uint8Array; readings: MbusReading[] }> {
  const size = d.et16EntrySize;
  const bytes = await readTableBytes(client, ET16, d.mbusChannels * size);
  const readings = Array.from({ length: d.mbusChannels }, (_, i) =>
    decoded(decodeMbusReading(bytes.subarray(i * size, (i + 1) * size)), `ET16 entry of channel ${i + 1}`, bytes),
  );
  return { bytes, readings };
}

export async function readRecurringLog(
  client: TableClient,
  d: MfgLayout,
): Promise<{ bytes: Uint8Array; log: RecurringReadLog }> {
  const bytes = await readTableBytes(client, ET45, et45Size(d.et45Entries, d.et45EntrySize));
  return { bytes, log: decoded(decodeRecurringReadLog(bytes, d.order, d.et45Entries, d.et45EntrySize), "ET45", bytes) };
}
