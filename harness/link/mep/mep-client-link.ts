import { LinkError } from "../../errors";
import type { SansIoMachine } from "../sans-io-machine";
import { encodeMepFrame } from "./mep-frame";
import { DEFAULT_MEP_LINK_CONFIG, type MepLinkConfig } from "./mep-link-config";
import { MepReassembler, type MepStreamEvent } from "./mep-reassembler";

/**
 * The client end of the MEP serial link, without I/O: fed received bytes, requests and the time,
 * it answers with what to write and what happened. One request is outstanding at a time.
 *
 * A request is written at once unless the previous one started less than `minRequestIntervalMs`
 * ago; then it is held and `tick` writes it when due. The response must begin (its two length
 * bytes) within `responseTimeoutMs` of the write; once a length has arrived only the inter-byte
 * time-out applies, and if that frame is then abandoned the original response deadline counts
 * again. On a time-out the identical bytes are written again (the payload, with its sequence
 * number and digest, is opaque here), up to `retries` times, and then the request fails.
 *
 * Any complete frame while a request is on the wire is its response: MEP frames carry nothing
 * that pairs them, so a late answer to an earlier attempt of the same request is taken as the answer.
 * An attempt left unanswered (a retransmitted request answered once, or one that failed) may still
 * be answered later, after the next request is sent; a device answers in order, so such answers
 * come before the next request's own. While any are owed, a frame with no request on the wire is
 * one of them, and a frame while a request is on the wire is offered to the request's `LateAnswer`
 * test (only the protected payload can tell: its digest covers the request it answers).
 */
export type MepClientEvent =
  /** Something arrived; every reassembler event is reported so that the trace is complete. */
  | { readonly kind: "rx"; readonly event: MepStreamEvent }
  /** Bytes to write now; attempt 0 is the first, 1.. the retransmissions. */
  | { readonly kind: "tx"; readonly bytes: Uint8Array; readonly attempt: number }
  | { readonly kind: "response"; readonly payload: Uint8Array; readonly bytes: Uint8Array; readonly attempt: number }
  /** The server has alerts pending (it sent 00 00). */
  | { readonly kind: "alert" }
  /** A frame with no request on the wire. */
  | { readonly kind: "unsolicited"; readonly payload: Uint8Array; readonly bytes: Uint8Array }
  /** The late answer to an earlier request's attempt, never this request's: why it is taken for one. */
  | { readonly kind: "late"; readonly payload: Uint8Array; readonly bytes: Uint8Array; readonly why: string }
  | { readonly kind: "failed"; readonly error: LinkError };

/** Why a frame is the late answer to an earlier request rather than this one's; null when it may be this one's. */
export type LateAnswer = (payload: Uint8Array) => string | null;

interface Outstanding {
  readonly bytes: Uint8Array;
  readonly lateAnswer: LateAnswer | undefined;
  attempt: number;
  /** When the current attempt may be written (pacing); null once it has been. */
  dueAt: number | null;
  responseDeadline: number;
}

export class MepClientLink implements SansIoMachine<MepClientEvent> {
  private readonly reassembler: MepReassembler;
  private request: Outstanding | null = null;
  private lastWriteAt: number | undefined;
  /** Attempts of earlier requests whose answers may still arrive. */
  private owed = 0;

  constructor(private readonly config: MepLinkConfig = DEFAULT_MEP_LINK_CONFIG) {
    this.reassembler = new MepReassembler({
      interByteTimeoutMs: config.interByteTimeoutMs,
      maxPayload: config.maxPayload,
    });
  }

  /** A request is held for pacing or waiting for its response. */
  get busy(): boolean {
    return this.request !== null;
  }

  nextDeadline(): number | undefined {
    const r = this.request;
    const deadlines = [
      this.reassembler.deadline,
      r?.dueAt ?? undefined,
      r !== null && r.dueAt === null && !this.reassembler.lengthReceived ? r.responseDeadline : undefined,
    ].filter((d): d is number => d !== undefined);
    return deadlines.length === 0 ? undefined : Math.min(...deadlines);
  }

  send(payload: Uint8Array, now: number, lateAnswer?: LateAnswer): MepClientEvent[] {
    if (this.request !== null)
      throw new LinkError("OSGP_ERR_LINK_BUSY", "a MEP request is still outstanding", { bytes: payload });
    this.request = {
      bytes: encodeMepFrame(payload, this.config.maxPayload),
      lateAnswer,
      attempt: 0,
      dueAt: this.earliestWrite(now),
      responseDeadline: 0,
    };
    return this.writeIfDue(now);
  }

  receive(chunk: Uint8Array, now: number): MepClientEvent[] {
    const out: MepClientEvent[] = [];
    for (const ev of this.reassembler.push(chunk, now)) this.handle(ev, out);
    return out;
  }

  tick(now: number): MepClientEvent[] {
    const out: MepClientEvent[] = [];
    for (const ev of this.reassembler.expire(now)) this.handle(ev, out);
    const r = this.request;
    if (r !== null && r.dueAt === null && !this.reassembler.lengthReceived && now >= r.responseDeadline) {
      if (r.attempt >= this.config.retries) {
        this.request = null;
        this.owed += r.attempt + 1;
        out.push({
          kind: "failed",
          error: new LinkError(
            "OSGP_ERR_MEP_NO_RESPONSE",
            `no response within ${this.config.responseTimeoutMs} ms to any of ${r.attempt + 1} attempt(s)`,
            { bytes: r.bytes },
          ),
        });
      } else {
        r.attempt++;
        r.dueAt = this.earliestWrite(now);
      }
    }
    out.push(...this.writeIfDue(now));
    return out;
  }

  private handle(ev: MepStreamEvent, out: MepClientEvent[]): void {
    out.push({ kind: "rx", event: ev });
    if (ev.kind === "alert") {
      out.push({ kind: "alert" });
    } else if (ev.kind === "frame") {
      const r = this.request;
      // A held retransmission still has an earlier attempt on the wire, which this may answer.
      const onWire = r !== null && (r.dueAt === null || r.attempt > 0);
      const why =
        this.owed === 0
          ? null
          : onWire
            ? (r.lateAnswer?.(ev.payload) ?? null)
            : "it came with no request on the wire, after an attempt that was never answered";
      if (why !== null) {
        this.owed--;
        out.push({ kind: "late", payload: ev.payload, bytes: ev.bytes, why });
      } else if (onWire) {
        const attempt = r.dueAt === null ? r.attempt : r.attempt - 1;
        this.request = null;
        // Attempts 0..attempt were written and one is answered. The device answers in order, so
        // what earlier requests were owed would have come before this.
        this.owed = attempt;
        out.push({ kind: "response", payload: ev.payload, bytes: ev.bytes, attempt });
      } else {
        out.push({ kind: "unsolicited", payload: ev.payload, bytes: ev.bytes });
      }
    }
  }

  private earliestWrite(now: number): number {
    return this.lastWriteAt === undefined ? now : Math.max(now, this.lastWriteAt + this.config.minRequestIntervalMs);
  }

  private writeIfDue(now: number): MepClientEvent[] {
    const r = this.request;
    if (r === null || r.dueAt === null || now < r.dueAt) return [];
    r.dueAt = null;
    r.responseDeadline = now + this.config.responseTimeoutMs;
    this.lastWriteAt = now;
    return [{ kind: "tx", bytes: r.bytes, attempt: r.attempt }];
  }
}
