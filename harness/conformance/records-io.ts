import type { Decoded } from "../bytes/decoded";
import { toHex } from "../bytes/hex";
import { describeResponseCode } from "../protocol/response-codes";
import { tableName } from "../protocol/table-id";
import type { TableClient } from "../session/table-client";
import { ConformanceAssertionError, type Evidence } from "./verdicts";

/**
 * Reading and writing the load-profile and history-log tables with verdicts: a declared table the
 * device will not serve, or whose bytes do not decode, FAILs with the bytes as evidence. These
 * tables hold measurements and events, never keys, so their bytes go into evidence as they are.
 */
export function bytesEvidence(label: string, bytes: Uint8Array): Evidence {
  return { label, hex: toHex(bytes) };
}

export async function readTable(client: TableClient, tableId: number): Promise<Uint8Array> {
  const r = await client.readFull(tableId);
  if (!("data" in r)) throw new ConformanceAssertionError(`${tableName(tableId)} could not be read: the device answered ${describeResponseCode(r.code)}`);
  return r.data;
}

/** `count` bytes from `offset`, split into as many reads as the link needs. */
export async function readTablePart(client: TableClient, tableId: number, offset: number, count: number): Promise<Uint8Array> {
  const r = await client.readPartial(tableId, offset, count);
  if (!("data" in r)) throw new ConformanceAssertionError(`${count} bytes of ${tableName(tableId)} from offset ${offset} could not be read: the device answered ${describeResponseCode(r.code)}`);
  return r.data;
}

export function decoded<T>(d: Decoded<T>, what: string, bytes: Uint8Array): T {
  if (d.ok) return d.value;
  throw new ConformanceAssertionError(`${what} does not decode: ${d.error.message}`, [bytesEvidence(what, bytes)]);
}

/** A write that must succeed (setting up a scenario, or restoring a table after it). */
export async function writeTablePart(client: TableClient, tableId: number, offset: number, data: Uint8Array): Promise<void> {
  const r = await client.writePartial(tableId, offset, data);
  if (r.code !== 0) throw new ConformanceAssertionError(`writing ${data.length} bytes at offset ${offset} of ${tableName(tableId)} was answered ${describeResponseCode(r.code)}`, [bytesEvidence("written", data)]);
}
