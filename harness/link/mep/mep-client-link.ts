import { LinkError } from "../../errors";
import type { SansIoMachine } from "../../transport/machine-runner";
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
 * that pairs them, so a late answer to an earlier attempt is taken as the answer.
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
  | { readonly kind: "failed"; readonly error: LinkError };

interface Outstanding {
  readonly bytes: Uint8Array;
  attempt: number;
  /** When the current attempt may be written (pacing); null once it has been. */
  dueAt: number | null;
  responseDeadline: number;
}

export class MepClientLink implements SansIoMachine<MepClientEvent> {
  private readonly reassembler: MepReassembler;
  private request: Outstanding | null = null;
  private lastWriteAt: number | undefined;

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

  send(payload: Uint8Array, now: number): MepClientEvent[] {
    if (this.request !== null)
      throw new LinkError("OSGP_ERR_LINK_BUSY", "a MEP request is still outstanding", { bytes: payload });
    this.request = {
      bytes: encodeMepFrame(payload, this.config.maxPayload),
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
      if (r !== null && (r.dueAt === null || r.attempt > 0)) {
        this.request = null;
        out.push({
          kind: "response",
          payload: ev.payload,
          bytes: ev.bytes,
          attempt: r.dueAt === null ? r.attempt : r.attempt - 1,
        });
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
