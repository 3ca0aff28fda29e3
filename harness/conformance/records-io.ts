import { toHex } from "../bytes/hex";
import { describeResponseCode } from "../protocol/response-codes";
import { tableName } from "../protocol/table-id";
import type { TableClient } from "../session/table-client";
import { refusalVerdict } from "./checks";
import { Inconclusive, type Evidence } from "./verdicts";

/**
 * Reading and writing the load-profile and history-log tables with verdicts: a declared table the
 * device will not serve, or whose bytes do not decode, FAILs with the bytes as evidence, unless
 * the refusal is for clearance or a lock (checks.ts, refusalVerdict). These tables hold
 * measurements and events, never keys, so their bytes go into evidence as they are.
 */
export function bytesEvidence(label: string, bytes: Uint8Array): Evidence {
  return { label, hex: toHex(bytes) };
}

export async function readTable(client: TableClient, tableId: number): Promise<Uint8Array> {
  const r = await client.readFull(tableId);
  if (!("data" in r)) throw refusalVerdict(r.code, `a full read of ${tableName(tableId)}`);
  return r.data;
}

/** `count` bytes from `offset`, split into as many reads as the link needs. */
export async function readTablePart(
  client: TableClient,
  tableId: number,
  offset: number,
  count: number,
): Promise<Uint8Array> {
  const r = await client.readPartial(tableId, offset, count);
  if (!("data" in r))
    throw refusalVerdict(r.code, `a read of ${count} bytes of ${tableName(tableId)} from offset ${offset}`);
  return r.data;
}

/** A write that sets up a scenario: refused, the scenario's precondition is not there, and nothing is judged. */
export async function writeTablePart(
  client: TableClient,
  tableId: number,
  offset: number,
  data: Uint8Array,
): Promise<void> {
  const r = await client.writePartial(tableId, offset, data);
  if (r.code !== 0)
    throw new Inconclusive(
      `the scenario could not be set up: writing ${data.length} bytes at offset ${offset} of ${tableName(tableId)} was answered ${describeResponseCode(r.code)}`,
    );
}
