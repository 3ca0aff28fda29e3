import type { ByteOrder } from "../bytes/cursor";
import { bytesEqual } from "../bytes/byte-arrays";
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
import { decoded } from "./checks";
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

/**
 * A table larger than one response is read in parts, and a device may change it between two parts
 * (an M-Bus read or a MEP request finishing): the joined bytes are then no state the table ever
 * held, and may not decode. So bytes read in parts that do not decode (`decode` throws the
 * ConformanceAssertionError of `decoded`) are read again: a FAIL needs two reads that agree byte for
 * byte; a table that changes at every read is inconclusive.
 */
export async function readDecoded<T>(
  client: TableClient,
  tableId: number,
  size: number,
  decode: (bytes: Uint8Array) => T,
): Promise<{ bytes: Uint8Array; value: T }> {
  let bytes = await readTableBytes(client, tableId, size);
  for (let reads = 1; ; reads++) {
    try {
      return { bytes, value: decode(bytes) };
    } catch (e) {
      if (!(e instanceof ConformanceAssertionError) || size <= client.maxReadChunk) throw e;
      if (reads > TORN_READ_RETRIES)
        throw new Inconclusive(
          `${tableName(tableId)} was read in parts ${reads} times and changed between every two reads; the last read does not decode: ${e.message}`,
        );
      const again = await readTableBytes(client, tableId, size);
      if (bytesEqual(again, bytes)) throw e;
      bytes = again;
    }
  }
}

/** Reads after the first of a table whose parts do not decode together. */
const TORN_READ_RETRIES = 2;

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
  const { bytes, value: configs } = await readDecoded(client, ET13, d.mbusChannels * d.et13EntrySize, (b) =>
    Array.from({ length: d.mbusChannels }, (_, i) =>
      decoded(
        decodeMbusChannelConfig(b.subarray(i * d.et13EntrySize, (i + 1) * d.et13EntrySize), d.order),
        `ET13 entry of channel ${i + 1}`,
        b,
      ),
    ),
  );
  return { bytes, configs };
}

export async function readStatus(
  client: TableClient,
  d: MfgLayout,
): Promise<{ bytes: Uint8Array; status: MbusStatusTable }> {
  const dims = { channels: d.mbusChannels, headerSize: d.et14HeaderSize, entrySize: d.et14EntrySize };
  const { bytes, value } = await readDecoded(client, ET14, et14Size(dims), (b) =>
    decoded(decodeMbusStatusTable(b, d.order, dims), "ET14", b),
  );
  return { bytes, status: value };
}

export async function readRequests(
  client: TableClient,
  d: MfgDimension,
): Promise<{ bytes: Uint8Array; requests: OnDemandRequest[] }> {
  const { bytes, value } = await readDecoded(client, ET15, d.et15Entries * d.et15EntrySize, (b) =>
    decoded(decodeOnDemandRequests(b, d.et15Entries, d.et15EntrySize), "ET15", b),
  );
  return { bytes, requests: value };
}

export async function readReadings(
  client: TableClient,
  d: MfgDimension,
): Promise<{ bytes: Uint8Array; readings: MbusReading[] }> {
  const size = d.et16EntrySize;
  const { bytes, value: readings } = await readDecoded(client, ET16, d.mbusChannels * size, (b) =>
    Array.from({ length: d.mbusChannels }, (_, i) =>
      decoded(decodeMbusReading(b.subarray(i * size, (i + 1) * size)), `ET16 entry of channel ${i + 1}`, b),
    ),
  );
  return { bytes, readings };
}

export async function readRecurringLog(
  client: TableClient,
  d: MfgLayout,
): Promise<{ bytes: Uint8Array; log: RecurringReadLog }> {
  const { bytes, value } = await readDecoded(client, ET45, et45Size(d.et45Entries, d.et45EntrySize), (b) =>
    decoded(decodeRecurringReadLog(b, d.order, d.et45Entries, d.et45EntrySize), "ET45", b),
  );
  return { bytes, log: value };
}
