import { concatBytes } from "../../bytes/byte-arrays";
import { LENGTH_SIZE, lengthFieldOf, MAX_PAYLOAD } from "./mep-frame";

/**
 * A recorded MEP byte stream read the way a client reads it: a length field, then as many bytes as
 * it says; `00 00` where a frame would start is the alert. Unlike MepReassembler, which recovers
 * from what it cannot use, this keeps every byte where it came from (which chunk, received when)
 * and reports what does not parse as it is, so that link checks can judge both the framing and
 * the timing of what the device sent.
 */
export interface WireChunk {
  /** Milliseconds on any monotonic clock: when the chunk was handed over by the port. */
  readonly at: number;
  readonly bytes: Uint8Array;
}

/** The part of one chunk that an item holds. */
export interface ChunkSpan {
  /** Index of the chunk in the list given to `parseMepWire`. */
  readonly chunk: number;
  /** Offset in that chunk of the item's first byte there. */
  readonly offset: number;
  readonly count: number;
}

interface ItemBase {
  readonly bytes: Uint8Array;
  /** Offset of the first byte in the whole stream. */
  readonly start: number;
  readonly spans: readonly ChunkSpan[];
}

export type WireItem =
  | (ItemBase & { readonly kind: "frame"; readonly payload: Uint8Array })
  | (ItemBase & { readonly kind: "alert" })
  /** A length field whose frame the stream ended before completing: `announced` payload bytes, fewer came. */
  | (ItemBase & { readonly kind: "cut"; readonly announced: number })
  /** Bytes that begin no frame: a length above the maximum, or one lone byte at the end. */
  | (ItemBase & { readonly kind: "stray"; readonly why: string });

export function parseMepWire(chunks: readonly WireChunk[], maxPayload = MAX_PAYLOAD): WireItem[] {
  const stream = concat(chunks);
  const where = byteOrigins(chunks);
  const items: WireItem[] = [];
  const item = <K extends WireItem["kind"]>(
    start: number,
    end: number,
    rest: Omit<Extract<WireItem, { kind: K }>, keyof ItemBase>,
  ) => ({ bytes: stream.slice(start, end), start, spans: spansOf(where, start, end), ...rest }) as WireItem;
  let strayFrom = -1;
  const endStray = (at: number, why: string) => {
    if (strayFrom >= 0) items.push(item<"stray">(strayFrom, at, { kind: "stray", why }));
    strayFrom = -1;
  };
  let i = 0;
  while (i < stream.length) {
    if (stream.length - i < LENGTH_SIZE) {
      if (strayFrom < 0) strayFrom = i;
      endStray(stream.length, "too few bytes for a length field");
      break;
    }
    const length = lengthFieldOf(stream.subarray(i, i + LENGTH_SIZE));
    if (length > maxPayload) {
      // As a client does: the first byte is dropped and the second read again as a frame's start.
      if (strayFrom < 0) strayFrom = i;
      i += 1;
      continue;
    }
    endStray(i, `a length field above ${maxPayload}`);
    if (length === 0) {
      items.push(item<"alert">(i, i + LENGTH_SIZE, { kind: "alert" }));
      i += LENGTH_SIZE;
      continue;
    }
    const end = i + LENGTH_SIZE + length;
    if (end > stream.length) {
      items.push(item<"cut">(i, stream.length, { kind: "cut", announced: length }));
      break;
    }
    items.push(item<"frame">(i, end, { kind: "frame", payload: stream.slice(i + LENGTH_SIZE, end) }));
    i = end;
  }
  endStray(stream.length, `a length field above ${maxPayload}`);
  return items;
}

/**
 * When each byte of an item most likely arrived: its chunk's time, less the line time of the
 * bytes that came after it in that chunk (`byteTimeMs`: 0 on a pty, which carries bytes at once;
 * 10 bits' time on a real line).
 */
export function byteArrivals(
  item: { readonly spans: readonly ChunkSpan[] },
  chunks: readonly WireChunk[],
  byteTimeMs: number,
): number[] {
  const out: number[] = [];
  for (const s of item.spans) {
    const c = chunks[s.chunk] as WireChunk;
    for (let k = 0; k < s.count; k++) out.push(c.at - (c.bytes.length - 1 - (s.offset + k)) * byteTimeMs);
  }
  return out;
}

function concat(chunks: readonly WireChunk[]): Uint8Array {
  return concatBytes(...chunks.map((c) => c.bytes));
}

/** For each byte of the stream, its chunk and its offset there. */
function byteOrigins(chunks: readonly WireChunk[]): { chunk: number; offset: number }[] {
  const out: { chunk: number; offset: number }[] = [];
  chunks.forEach((c, chunk) => {
    for (let offset = 0; offset < c.bytes.length; offset++) out.push({ chunk, offset });
  });
  return out;
}

function spansOf(where: readonly { chunk: number; offset: number }[], start: number, end: number): ChunkSpan[] {
  const spans: ChunkSpan[] = [];
  for (let i = start; i < end; i++) {
    const w = where[i] as { chunk: number; offset: number };
    const last = spans[spans.length - 1];
    if (last !== undefined && last.chunk === w.chunk) spans[spans.length - 1] = { ...last, count: last.count + 1 };
    else spans.push({ chunk: w.chunk, offset: w.offset, count: 1 });
  }
  return spans;
}

/** One request as written and what the device sent after it, until the next request. */
export interface WireExchange {
  /** The MEP frame written, or null for a period of listening with no request. */
  readonly request: Uint8Array | null;
  /** What the request asked, for the report: "full read BT01, sequence 0x77635b91". */
  readonly label: string;
  /** When the port reported the request's last byte written (the start of listening). */
  readonly sentAt: number;
  readonly rx: readonly WireChunk[];
  /**
   * Whether a payload verifies as the answer to this request (its digest chains over it), when the observer can tell.
   */
  readonly verifies?: (payload: Uint8Array) => boolean;
}
