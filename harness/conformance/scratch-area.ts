import { describeResponseCode } from "../protocol/response-codes";
import { parseTableName, tableName } from "../protocol/table-id";
import type { TableClient } from "../session/table-client";
import type { Pixit } from "./pixit";
import { Inconclusive } from "./verdicts";

/**
 * The part of the device the suite may write (PIXIT device.scratch): a table, an offset and a
 * length. It is read before a scenario writes and written back afterwards.
 */
export interface ScratchArea {
  readonly tableId: number;
  readonly offset: number;
  readonly length: number;
  /** The table's whole content when the scenario started. */
  readonly saved: Uint8Array;
}

export async function readScratchArea(session: TableClient, pixit: Pixit): Promise<ScratchArea> {
  const tableId = parseTableName(pixit.device.scratch.table);
  const r = await session.readFull(tableId);
  if (!("data" in r))
    throw new Inconclusive(
      `the scratch table ${tableName(tableId)} could not be read: ${describeResponseCode(r.code)}`,
    );
  const offset = pixit.device.scratch.offset;
  const length = pixit.device.scratch.length ?? r.data.length - offset;
  if (offset + length > r.data.length || length <= 0) {
    throw new Inconclusive(
      `the PIXIT's scratch area (offset ${offset}, length ${length}) does not lie inside ${tableName(tableId)} (${r.data.length} bytes)`,
    );
  }
  return { tableId, offset, length, saved: r.data };
}

export function isWholeTable(a: ScratchArea): boolean {
  return a.offset === 0 && a.length === a.saved.length;
}

/** Puts the area's saved bytes back with one partial write (the rest of the table was never written). */
export async function restoreScratchArea(session: TableClient, a: ScratchArea): Promise<void> {
  const r = await session.writePartial(a.tableId, a.offset, a.saved.subarray(a.offset, a.offset + a.length));
  if (r.code !== 0)
    throw new Inconclusive(`restoring ${tableName(a.tableId)} was answered ${describeResponseCode(r.code)}`);
}

/** The table's current content, for comparison with what a scenario expects. */
export async function readScratchTable(session: TableClient, a: ScratchArea): Promise<Uint8Array> {
  const r = await session.readFull(a.tableId);
  if (!("data" in r))
    throw new Inconclusive(`${tableName(a.tableId)} could not be read back: ${describeResponseCode(r.code)}`);
  return r.data;
}
