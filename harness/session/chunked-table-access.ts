import { concatBytes } from "../bytes/byte-arrays";
import type { ReadResponse, WriteResponse } from "../protocol/table-responses";

/**
 * Partial reads and writes larger than one message carries, split into several and joined again,
 * whatever the link: the first error response ends the operation and is returned as it is.
 * A count (or data) of zero is still sent once, so that a device's answer to it can be judged.
 */
export async function readInChunks(
  read: (offset: number, count: number) => Promise<ReadResponse>,
  offset: number,
  count: number,
  maxChunk: number,
): Promise<ReadResponse> {
  const parts: Uint8Array[] = [];
  let at = 0;
  do {
    const n = Math.min(maxChunk, count - at);
    const r = await read(offset + at, n);
    if (!("data" in r)) return r;
    parts.push(r.data);
    at += n;
  } while (at < count);
  return { code: 0, data: concatBytes(...parts) };
}

export async function writeInChunks(
  write: (offset: number, data: Uint8Array) => Promise<WriteResponse>,
  offset: number,
  data: Uint8Array,
  maxChunk: number,
): Promise<WriteResponse> {
  let last: WriteResponse;
  let at = 0;
  do {
    const chunk = data.subarray(at, at + maxChunk);
    last = await write(offset + at, chunk);
    if (last.code !== 0) return last;
    at += chunk.length;
  } while (at < data.length);
  return last;
}
