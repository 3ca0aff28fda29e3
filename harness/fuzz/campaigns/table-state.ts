import { bytesEqual } from "../../bytes/byte-arrays";
import { toHex } from "../../bytes/hex";
import { readScratchArea, type ScratchArea } from "../../conformance/scratch-area";
import { Inconclusive } from "../../conformance/verdicts";
import { describeResponseCode } from "../../protocol/response-codes";
import { tableName } from "../../protocol/table-id";
import type { TableClient } from "../../session/table-client";
import type { RequestSpace } from "../arbitraries/request-apdus";
import type { FuzzDevice } from "../campaign/fuzz-device";
import { readDeviceFacts, type DeviceFacts } from "./device-facts";

/**
 * What the request campaigns know of the device: its facts (BT00, codes), the space their cases
 * are drawn from, and the present image of every table whose content they check after a write
 * (the scratch table, the static tables). The scratch area is restored when the campaign ends.
 */
export interface RequestContext {
  readonly facts: DeviceFacts;
  readonly space: RequestSpace;
  readonly images: Map<number, Uint8Array>;
  /** The same tables as the campaign found them, to put back at the end. */
  readonly originals: ReadonlyMap<number, Uint8Array>;
  readonly scratch: ScratchArea | null;
}

export async function prepareRequestContext(device: FuzzDevice, withScratch: boolean): Promise<RequestContext> {
  const session = await device.session("master");
  const facts = await readDeviceFacts(session, device.pixit);
  const scratch = withScratch ? await readScratchArea(session.client, device.pixit) : null;
  const images = new Map<number, Uint8Array>();
  if (scratch !== null) images.set(scratch.tableId, scratch.saved);
  const staticTables: number[] = [];
  for (const id of withScratch ? facts.staticTables : []) {
    const r = await session.client.readFull(id);
    if ("data" in r) {
      images.set(id, r.data);
      staticTables.push(id);
    }
  }
  const space: RequestSpace = {
    codec: facts.codec,
    maxApdu: facts.maxApdu,
    maxReadChunk: facts.maxReadChunk,
    declared: facts.declared,
    undeclared: facts.undeclared,
    staticTables,
    scratch:
      scratch === null
        ? null
        : { tableId: scratch.tableId, offset: scratch.offset, length: scratch.length, tableSize: scratch.saved.length },
    linkServices: session.optical !== null,
  };
  return { facts, space, images, originals: new Map(images), scratch };
}

/** A table's whole content, read in as many pieces as the link needs. */
export async function readImage(client: TableClient, tableId: number, size: number): Promise<Uint8Array> {
  const r = await client.readPartial(tableId, 0, size);
  if (!("data" in r))
    throw new Inconclusive(
      `${tableName(tableId)} could not be read back after the write: ${describeResponseCode(r.code)}`,
    );
  return r.data;
}

/** Compares a table read back after a write with the images the answer allows; records what it found. */
export function judgeImage(
  tableId: number,
  after: Uint8Array,
  allowed: readonly Uint8Array[],
  code: number,
): string | null {
  if (allowed.some((a) => bytesEqual(a, after))) return null;
  const expected = allowed[allowed.length - 1] as Uint8Array;
  const at = firstDifference(after, expected);
  return `after a write answered ${describeResponseCode(code)}, ${tableName(tableId)} holds [${toHex(after)}]; ${allowed.length === 1 ? "expected" : "the nearest allowed image is"} [${toHex(expected)}] (first difference at offset ${at})`;
}

/**
 * Puts the scratch area back as the campaign found it, and any static table a (defective) device
 * let a case change: a lab's meter leaves the bench as it came.
 */
export async function restoreTables(ctx: RequestContext, device: FuzzDevice): Promise<void> {
  const client = (await device.session("master")).client;
  for (const [tableId, original] of ctx.originals) {
    const now = await readImage(client, tableId, original.length);
    if (bytesEqual(now, original)) continue;
    const s = ctx.scratch;
    if (s !== null && tableId === s.tableId)
      await client.writePartial(tableId, s.offset, original.subarray(s.offset, s.offset + s.length));
    else await client.writeFull(tableId, original);
  }
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
