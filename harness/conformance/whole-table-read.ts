import { concatBytes } from "../bytes/byte-arrays";
import { describeResponseCode } from "../protocol/response-codes";
import type { TableFormat } from "../protocol/table-format";
import type { TableClient } from "../session/table-client";
import { tableLength, type LengthSource } from "./table-lengths";

/**
 * A whole table, however long: a full read, and when the device answers that the response would
 * not fit the negotiated packets (rno; onp on some links), partial reads of at most what one
 * response carries. Its length then comes from its layout (table-lengths.ts); for a table this
 * project has no layout for, the parts go on until the device marks the end: a part shorter than
 * asked, or a refusal past the end (the last part then narrowed down to what it still serves). An
 * OSGP meter marks neither (9.5 pads with zeros), so a part of zeros only ends the read too, and the
 * table's end stays unknown.
 * Any other answer to the full read (a refusal for access, a lock) is the table's answer.
 */
export type WholeTable = { readonly code: number } | TableInParts;

export interface TableInParts {
  readonly data: Uint8Array;
  /** Read requests it took: 1 when it fit one response. */
  readonly parts: number;
  /** Whether `data` is the table to its end (false: where it ends is not known). */
  readonly whole: boolean;
  /** How it was read when one response did not carry it; null when one did. */
  readonly note: string | null;
}

/** C12.18's full-read count is a UINT16: a table longer than that is past what a read of it should find. */
const MAX_UNKNOWN_LENGTH = 0xffff;

/**
 * `tooLong`: the codes by which the device says a response would not fit (the PIXIT's
 * expect.oversizeResponse: rno, or onp on some links).
 */
export async function readWholeTable(
  client: TableClient,
  id: number,
  format: TableFormat,
  source: LengthSource,
  tooLong: readonly number[],
): Promise<WholeTable> {
  const full = await client.readFull(id);
  if ("data" in full) return { data: full.data, parts: 1, whole: true, note: null };
  if (!tooLong.includes(full.code)) return full;
  const chunk = client.maxReadChunk;
  const readIn = (requests: number) =>
    `read in ${requests} part${requests === 1 ? "" : "s"} of up to ${chunk} bytes (a full read was answered ${describeResponseCode(full.code)})`;
  const known = await tableLength(id, format, source);
  if (known === null)
    return readToTheEnd(client, id, chunk, readIn, "this project has no layout that gives its length");
  if (known.length <= chunk)
    return readToTheEnd(
      client,
      id,
      chunk,
      readIn,
      `its layout gives ${known.length} bytes from ${known.from}, which one response would carry: not the device's layout`,
    );
  const r = await client.readPartial(id, 0, known.length);
  if (!("data" in r)) return r;
  const parts = Math.ceil(known.length / chunk);
  const layout = known.provisional ? " (a PROVISIONAL layout of ours: the device's may differ)" : "";
  return {
    data: r.data,
    parts,
    whole: true,
    note: `${readIn(parts)}; its length, ${known.length} bytes, from ${known.from}${layout}`,
  };
}

async function readToTheEnd(
  client: TableClient,
  id: number,
  chunk: number,
  readIn: (requests: number) => string,
  why: string,
): Promise<WholeTable> {
  const parts: Uint8Array[] = [];
  let requests = 0;
  let at = 0;
  const done = (whole: boolean, how: string): TableInParts => ({
    data: concatBytes(...parts),
    parts: requests,
    whole,
    note: `${readIn(requests)}; ${why}: ${how}`,
  });
  for (;;) {
    if (at >= MAX_UNKNOWN_LENGTH) return done(false, `stopped at ${at} bytes, past what a full read can count`);
    const n = Math.min(chunk, MAX_UNKNOWN_LENGTH - at);
    const r = await client.readPartial(id, at, n);
    requests++;
    if (!("data" in r)) {
      if (at === 0) return r;
      const last = await servedUpTo(client, id, at, n, () => requests++);
      if (last !== null) parts.push(last);
      return done(
        true,
        `the device refused the part from offset ${at} (${describeResponseCode(r.code)}): the table ends at ${at + (last?.length ?? 0)}`,
      );
    }
    parts.push(r.data);
    at += r.data.length;
    if (r.data.length < n) return done(true, `the device answered a short part: the table ends at ${at}`);
    if (r.data.every((b) => b === 0))
      return done(
        false,
        `stopped after the first part that held zeros only (from offset ${at - n}); the device pads past a table's end with zeros (9.5), so where this one ends is not known`,
      );
  }
}

/** The most of `count` bytes from `offset` that the device still serves (it refused them all): found by halving. */
async function servedUpTo(
  client: TableClient,
  id: number,
  offset: number,
  count: number,
  counted: () => void,
): Promise<Uint8Array | null> {
  let served: Uint8Array | null = null;
  let lo = 0;
  let hi = count;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const r = await client.readPartial(id, offset, mid);
    counted();
    if ("data" in r) {
      served = r.data;
      lo = mid;
    } else hi = mid;
  }
  return served;
}

/**
 * Dimension tables for table-lengths.ts from `known` (tables already read), else read now and kept
 * there, so that a command reads each table once.
 */
export function cachedLengthSource(client: TableClient, known: Map<number, Uint8Array>): LengthSource {
  return {
    async table(id) {
      const had = known.get(id);
      if (had !== undefined) return had;
      const r = await client.readFull(id);
      if (!("data" in r)) return null;
      known.set(id, r.data);
      return r.data;
    },
    async head(id, count) {
      const r = await client.readPartial(id, 0, count);
      return "data" in r ? r.data : null;
    },
  };
}
