import { LinkError } from "../../errors";
import type { SansIoMachine } from "../sans-io-machine";
import { encodeMepAlert, encodeMepFrame } from "./mep-frame";
import { DEFAULT_MEP_SERVER_CONFIG, type MepServerConfig } from "./mep-link-config";
import { MepReassembler, type MepStreamEvent } from "./mep-reassembler";

/**
 * The server (meter) end of the MEP serial link, without I/O. Every complete frame received is a
 * request; answering it is the caller's business. A response frame is written in segments of
 * `segmentSize` bytes: the first at once, each next one `segmentGapMs` after the caller reports
 * (`sent`) that the one before it is out on the line, through `tick`. The gap is silence on the
 * wire: a segment of 117 bytes takes 122 ms at 9600 baud, so a gap timed from when it was handed
 * to the port would pass while it is still being sent, and the segments would run together. An
 * alert (00 00) is queued behind whatever is being written, never inside a frame.
 *
 * A request that arrives while a response is still being segmented or sent means the client has
 * given up on it: the rest is dropped and reported. The client still holds the part already
 * written, so the next write waits until the line has been quiet for longer than the inter-byte
 * time-out after that part is out, which makes the client abandon it instead of reading the next
 * frame into it.
 */
export type MepServerEvent =
  /** Something arrived; every reassembler event is reported so that the trace is complete. */
  | { readonly kind: "rx"; readonly event: MepStreamEvent }
  | { readonly kind: "request"; readonly payload: Uint8Array; readonly bytes: Uint8Array }
  /** Bytes to write now; a response's segments are numbered from 0 out of `segments`. */
  | {
      readonly kind: "tx";
      readonly what: "response";
      readonly bytes: Uint8Array;
      readonly segment: number;
      readonly segments: number;
    }
  | { readonly kind: "tx"; readonly what: "alert"; readonly bytes: Uint8Array }
  /** A new request cut a response short: `sentBytes` of `frame` had been written. */
  | { readonly kind: "response-dropped"; readonly frame: Uint8Array; readonly sentBytes: number };

type TxEvent = Extract<MepServerEvent, { kind: "tx" }>;

interface QueuedWrite {
  readonly tx: TxEvent;
  /** null: a segment that waits for the one before it to be out on the line. */
  dueAt: number | null;
}

export class MepServerLink implements SansIoMachine<MepServerEvent> {
  private readonly reassembler: MepReassembler;
  /** Writes in the order they go out: each waits for its own time and for those before it. */
  private queue: QueuedWrite[] = [];
  /** The response being segmented and how much of it is written, until its last segment is out on the line. */
  private response: { frame: Uint8Array; sentBytes: number } | null = null;
  /** A segment is written and not yet reported out on the line: nothing more is written until it is. */
  private segmentOnLine = false;
  /** A response was dropped while its segment was on the line: the quiet period starts when that segment is out. */
  private quietAfterLine = false;
  private quietUntil = -Infinity;
  /** When the last segment written was out on the line. */
  private lastOutAt = -Infinity;

  constructor(private readonly config: MepServerConfig = DEFAULT_MEP_SERVER_CONFIG) {
    this.reassembler = new MepReassembler({
      interByteTimeoutMs: config.interByteTimeoutMs,
      maxPayload: config.maxPayload,
    });
  }

  /** A response is still being written or sent. */
  get responding(): boolean {
    return this.response !== null;
  }

  nextDeadline(): number | undefined {
    const a = this.reassembler.deadline;
    const b = this.segmentOnLine ? undefined : (this.queue[0]?.dueAt ?? undefined);
    if (a === undefined) return b;
    return b === undefined ? a : Math.min(a, b);
  }

  /** The caller's report that the last response segment written is out on the line: its last byte sent. */
  sent(now: number): MepServerEvent[] {
    if (!this.segmentOnLine) return [];
    this.segmentOnLine = false;
    this.lastOutAt = now;
    if (this.quietAfterLine) {
      this.quietAfterLine = false;
      this.quietUntil = now + this.config.interByteTimeoutMs + 1;
      for (const w of this.queue) if (w.dueAt !== null) w.dueAt = Math.max(w.dueAt, this.quietUntil);
    }
    const next = this.queue[0];
    if (next?.dueAt === null) next.dueAt = now + this.config.segmentGapMs;
    if (this.response !== null && this.response.sentBytes === this.response.frame.length) this.response = null;
    return this.writeDue(now);
  }

  respond(payload: Uint8Array, now: number): MepServerEvent[] {
    if (this.response !== null)
      throw new LinkError("OSGP_ERR_LINK_BUSY", "a MEP response is still being written", { bytes: payload });
    const frame = encodeMepFrame(payload, this.config.maxPayload);
    const segments = Math.ceil(frame.length / this.config.segmentSize);
    const start = this.firstFreeSlot(now);
    for (let i = 0; i < segments; i++) {
      const bytes = frame.subarray(i * this.config.segmentSize, (i + 1) * this.config.segmentSize);
      this.queue.push({
        tx: { kind: "tx", what: "response", bytes, segment: i, segments },
        dueAt: i === 0 ? start : null,
      });
    }
    this.response = { frame, sentBytes: 0 };
    return this.writeDue(now);
  }

  /** Queues one alert (00 00); the caller repeats it once a second while alerts are pending. */
  alert(now: number): MepServerEvent[] {
    this.queue.push({ tx: { kind: "tx", what: "alert", bytes: encodeMepAlert() }, dueAt: this.firstFreeSlot(now) });
    return this.writeDue(now);
  }

  receive(chunk: Uint8Array, now: number): MepServerEvent[] {
    const out: MepServerEvent[] = [];
    for (const ev of this.reassembler.push(chunk, now)) {
      out.push({ kind: "rx", event: ev });
      if (ev.kind !== "frame") continue;
      if (this.response !== null) out.push(this.dropResponse(now));
      out.push({ kind: "request", payload: ev.payload, bytes: ev.bytes });
    }
    return out;
  }

  tick(now: number): MepServerEvent[] {
    const out: MepServerEvent[] = this.reassembler.expire(now).map((event) => ({ kind: "rx", event }));
    out.push(...this.writeDue(now));
    return out;
  }

  private firstFreeSlot(now: number): number {
    return Math.max(now, this.quietUntil);
  }

  private dropResponse(now: number): MepServerEvent {
    const r = this.response as { frame: Uint8Array; sentBytes: number };
    this.response = null;
    this.queue = this.queue.filter((w) => w.tx.what !== "response");
    // The client gives up a partial frame only once a silence exceeds its inter-byte time-out,
    // counted from its last byte: from the segment still on the line, when it is out (sent).
    if (this.segmentOnLine) this.quietAfterLine = true;
    else if (r.sentBytes > 0) this.quietUntil = this.lastOutAt + this.config.interByteTimeoutMs + 1;
    // What waited behind the response (alerts) goes as soon as the line may be used again.
    for (const w of this.queue) w.dueAt = Math.max(now, this.quietUntil);
    return { kind: "response-dropped", frame: r.frame, sentBytes: r.sentBytes };
  }

  private writeDue(now: number): MepServerEvent[] {
    const out: MepServerEvent[] = [];
    for (let w = this.queue[0]; w !== undefined && !this.segmentOnLine; w = this.queue[0]) {
      if (w.dueAt === null || w.dueAt > now) break;
      this.queue.shift();
      if (w.tx.what === "response" && this.response !== null) {
        this.response.sentBytes += w.tx.bytes.length;
        this.segmentOnLine = true;
      }
      out.push(w.tx);
    }
    return out;
  }
}
