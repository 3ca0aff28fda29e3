import { SET_UP_DONE, SET_UP_PREFIX } from "../session/set-up-notes";
import type { TraceEntry } from "../session/trace";

/**
 * What a scenario cost on the wire, from its session traces: requests (and how many of them were
 * session overhead rather than the scenario's own: what the harness sent between its set-up notes,
 * harness/session/set-up-notes.ts, and a MEP request spent resynchronising), bytes each way, the
 * time the line forced and the time it took. The line-bound time is what no device can beat on
 * this line: every byte at the rate in force (10 bits, 8N1; a negotiate's new speed counts from the
 * trace's "line speed now" note), both directions in turn (a request waits for its answer), and the PIXIT's pacing: a
 * request starts no sooner than minRequestIntervalMs after the one before (start to start, so the
 * interval and the exchange's line time overlap: the longer counts), a wake-up byte is followed by
 * its interval. Wall time is the time from each session's start to its last entry.
 */
export interface WireSettings {
  /** serial.baudRate of the PIXIT: the speed before any negotiation. */
  readonly baudRate: number;
  readonly minRequestIntervalMs: number;
  readonly wakeupIntervalMs: number;
}

export interface WireFigures {
  readonly requests: number;
  readonly overheadRequests: number;
  readonly retransmissions: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly lineBoundMs: number;
  readonly wallMs: number;
  /** Every line speed the sessions used, in the order first used. */
  readonly baudRates: readonly number[];
}

const SPEED_NOTE = /^line speed now (\d+) baud/;
/**
 * The secured session's note after a request the device refused
 * for its sequence number: that request was spent resynchronising.
 */
const RESYNC_NOTE = /^the device's sequence number is /;

export function wireFigures(traces: readonly (readonly TraceEntry[])[], s: WireSettings): WireFigures {
  let requests = 0;
  let overheadRequests = 0;
  let retransmissions = 0;
  let bytesSent = 0;
  let bytesReceived = 0;
  let lineBoundMs = 0;
  let wallMs = 0;
  const baudRates: number[] = [s.baudRate];
  for (const entries of traces) {
    let rate = s.baudRate;
    /** The open segment: from one request (or wake-up byte) to the next, with the least time it takes. */
    let segment = { lineMs: 0, leastMs: 0, extraMs: 0 };
    let lastRequestOwn = false;
    let setUp = false;
    const closeSegment = () => {
      lineBoundMs += Math.max(segment.lineMs, segment.leastMs) + segment.extraMs;
    };
    for (const e of entries) {
      if (e.direction === "note") {
        if (e.summary.startsWith(SET_UP_PREFIX)) setUp = true;
        if (e.summary === SET_UP_DONE) setUp = false;
        const speed = SPEED_NOTE.exec(e.summary);
        if (speed !== null) {
          rate = Number(speed[1]);
          if (!baudRates.includes(rate)) baudRates.push(rate);
        }
        if (RESYNC_NOTE.test(e.summary) && lastRequestOwn) {
          overheadRequests++;
          lastRequestOwn = false;
        }
        continue;
      }
      const n = byteCount(e.hex);
      const lineMs = (n * 10 * 1000) / rate;
      if (e.direction === "tx") {
        bytesSent += n;
        if (e.kind === "wake-up") {
          closeSegment();
          segment = { lineMs, leastMs: 0, extraMs: s.wakeupIntervalMs };
          if (/^wake-up byte 1 of/.test(e.summary)) {
            requests++;
            if (setUp) overheadRequests++;
          }
          continue;
        }
        if (/\bretransmission\b/.test(e.summary)) retransmissions++;
        else if (isRequest(e)) {
          closeSegment();
          segment = { lineMs: 0, leastMs: s.minRequestIntervalMs, extraMs: 0 };
          requests++;
          lastRequestOwn = !setUp;
          if (!lastRequestOwn) overheadRequests++;
        }
      } else {
        bytesReceived += n;
      }
      segment.lineMs += lineMs;
    }
    closeSegment();
    // A session kept across scenarios gives each scenario a slice
    // of its trace: its time runs from the slice's first entry.
    const [first, last] = [entries[0], entries[entries.length - 1]];
    if (first !== undefined && last !== undefined) wallMs += last.elapsedMs - first.elapsedMs;
  }
  return {
    requests,
    overheadRequests,
    retransmissions,
    bytesSent,
    bytesReceived,
    lineBoundMs: round1(lineBoundMs),
    wallMs: round1(wallMs),
    baudRates,
  };
}

/** A message's first sending: a C12.18 packet that starts a request (its summary names it), or a MEP frame. */
function isRequest(e: TraceEntry): boolean {
  return e.kind === "mep" || (e.kind === "packet" && e.summary.includes(" | "));
}

/** Masked bytes ("**") count like any other: they were on the wire. */
function byteCount(hex: string): number {
  return hex === "" ? 0 : hex.trim().split(/\s+/).length;
}

function round1(ms: number): number {
  return Math.round(ms * 10) / 10;
}
