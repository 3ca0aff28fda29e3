import type { TransportError } from "../errors";
import { encodeMepFrame } from "../link/mep/mep-frame";
import { parseMepWire, type WireChunk, type WireExchange } from "../link/mep/mep-wire";
import { describeResponseCode } from "../protocol/response-codes";
import { isAuthFailureFrame } from "../security/rc4-psk";
import type { Redactor } from "../security/redactor";
import type { SecuritySuite, SuiteContext } from "../security/security-suite";
import type { ByteTransport } from "../transport/byte-transport";
import { describeRequestMessage } from "./message-summary";
import { SECURED_TABLE_CODEC, type SecuredOutcome } from "./secured-session";
import { Trace } from "./trace";
import { now, setTimer } from "../transport/timers";

/**
 * A MEP client for judging the device's link layer, where the ordinary session (MepClientLink)
 * would hide what the device did: it writes secured requests framed as MEP frames, byte for byte
 * again when told, and keeps every chunk the port hands over with the time it came, so that the
 * link checks (conformance/mep-link-checks.ts) judge the device from that record alone. It does
 * none of the link's recovery (no retransmission after a time-out, no resynchronisation): a device
 * that misbehaves is observed, not helped.
 */
export interface MepProbeSettings {
  readonly maxPayload: number;
  readonly minRequestIntervalMs: number;
  /** How long a request waits for anything but alerts before the probe gives up on its response. */
  readonly firstByteWithinMs: number;
  /** Silence that ends a response once something other than an alert has come. */
  readonly quietMs: number;
}

export interface MepWireEvent extends WireChunk {
  readonly index: number;
  /** "listen": the start of a period of listening, which has no request. */
  readonly direction: "tx" | "rx" | "listen";
  /** tx: when the port reported the last byte written (the write resolved); rx: `at`. */
  readonly doneAt: number;
}

export interface ProbeRequest {
  readonly apdu: Uint8Array;
  readonly sequence: number;
  readonly context: SuiteContext;
  /** The whole MEP frame as written: length, protected APDU, sequence number, digest. */
  readonly bytes: Uint8Array;
  readonly label: string;
}

export interface ProbeExchange {
  readonly request: ProbeRequest;
  readonly tx: MepWireEvent;
  /** The payload of the first whole frame after the request, or null when none came. */
  readonly response: Uint8Array | null;
  /** The response checked against the request, or null when none came. */
  readonly outcome: SecuredOutcome | null;
}

export class MepProbe {
  readonly trace: Trace;
  readonly wire: MepWireEvent[] = [];
  private readonly sent = new Map<number, ProbeRequest | { readonly label: string }>();
  private lastWriteAt = -Infinity;
  private waiters: (() => void)[] = [];
  private closedWith: TransportError | null | undefined;

  constructor(
    private readonly transport: ByteTransport,
    private readonly suite: SecuritySuite,
    readonly settings: MepProbeSettings,
    redactor: Redactor,
  ) {
    this.trace = new Trace(redactor);
    transport.setListener({
      data: (chunk) => this.onBytes(chunk),
      closed: (error) => {
        this.closedWith = error;
        this.trace.note(error === null ? "port closed" : `port lost: ${error.message}`);
        this.wake();
      },
    });
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** A request protected with the probe's key, not yet written. */
  protect(
    apdu: Uint8Array,
    sequence: number,
    encrypt: boolean,
    label = describeRequestMessage(apdu, SECURED_TABLE_CODEC),
  ): ProbeRequest {
    const { frame, context } = this.suite.protectRequest(apdu, sequence >>> 0, encrypt);
    return {
      apdu,
      sequence: sequence >>> 0,
      context,
      bytes: encodeMepFrame(frame, this.settings.maxPayload),
      label: `${label}, sequence 0x${hex8(sequence)}`,
    };
  }

  /** Writes the request (again, when it was written before: the very same bytes) and waits for its response. */
  async exchange(request: ProbeRequest, label = request.label): Promise<ProbeExchange> {
    const tx = await this.write(request.bytes, label, request);
    await this.collect(tx.index + 1, request);
    const items = parseMepWire(this.rxFrom(tx.index + 1, this.wire.length), this.settings.maxPayload);
    // A frame before the one that verifies is an answer the device still owed an earlier request.
    const frame =
      items.find((i) => i.kind === "frame" && this.verifies(request, i.payload)) ??
      items.find((i) => i.kind === "frame");
    const response = frame?.kind === "frame" ? frame.payload : null;
    const outcome = response === null ? null : this.outcomeOf(request, response);
    this.trace.note(
      `${label}: ${items.length === 0 ? "nothing came" : items.map((i) => (i.kind === "frame" && i === frame ? `response frame of ${i.payload.length} bytes, ${describeProbeOutcome(outcome)}` : i.kind === "cut" ? `a frame cut short (${i.bytes.length - 2} of ${i.announced} bytes)` : i.kind === "stray" ? `${i.bytes.length} stray byte(s)` : i.kind)).join("; ")}`,
    );
    return { request, tx, response, outcome };
  }

  /** Lets what an earlier session left on the line arrive before the first request; it belongs to no exchange. */
  async settle(ms: number): Promise<void> {
    const until = now() + ms;
    while (now() < until && !this.closed) await this.sleep(until - now());
  }

  /** Keeps whatever arrives for `ms`, as one period of the record with no request of its own. */
  async listen(ms: number, label = `listening ${ms} ms`): Promise<void> {
    const e = this.push("listen", new Uint8Array(0), now(), label);
    this.sent.set(e.index, { label });
    this.trace.note(label);
    const until = now() + ms;
    while (now() < until && !this.closed) await this.sleep(until - now());
  }

  /** Whether a response verifies as the answer to `request`; for the judges, which hold no key. */
  verifies(request: ProbeRequest, payload: Uint8Array): boolean {
    return this.outcomeOf(request, payload).kind !== "unverified";
  }

  /** A response payload checked against `request` under the probe's key. */
  outcomeOf(request: ProbeRequest, payload: Uint8Array): SecuredOutcome {
    if (isAuthFailureFrame(payload)) return { kind: "auth-failure" };
    const d = this.suite.unprotectResponse(request.context, payload);
    return d.ok ? { kind: "response", apdu: d.value.apdu } : { kind: "unverified", error: d.error };
  }

  /**
   * The record as the judges take it: each request (or listening period) with the chunks that came
   * after it, until the next. Chunks before the first request (left on the line by an earlier
   * session) belong to no exchange.
   */
  exchanges(): WireExchange[] {
    const starts = this.wire.filter((e) => e.direction !== "rx");
    return starts.map((tx, k) => {
      const end = starts[k + 1]?.index ?? this.wire.length;
      const what = this.sent.get(tx.index);
      const request = what !== undefined && "bytes" in what ? what : null;
      return {
        request: request === null ? null : tx.bytes,
        label: what?.label ?? "",
        sentAt: tx.doneAt,
        rx: this.rxFrom(tx.index + 1, end),
        ...(request === null ? {} : { verifies: (payload: Uint8Array) => this.verifies(request, payload) }),
      };
    });
  }

  async close(): Promise<void> {
    this.wake();
    if (this.closedWith === undefined) await this.transport.close();
  }

  private async write(bytes: Uint8Array, label: string, request: ProbeRequest): Promise<MepWireEvent> {
    const due = this.lastWriteAt + this.settings.minRequestIntervalMs;
    while (now() < due) await this.sleep(due - now());
    this.lastWriteAt = now();
    const e = this.push("tx", bytes, this.lastWriteAt, label);
    this.sent.set(e.index, request);
    await this.transport.write(bytes);
    const done: MepWireEvent = { ...e, doneAt: now() };
    this.wire[e.index] = done;
    return done;
  }

  /**
   * Waits for the response to `request`, written just before `from`: until something other than
   * an alert (and other than a whole frame that does not verify for it: a late answer to an earlier
   * request) has come and then the line has been quiet for `quietMs`, or else for `firstByteWithinMs`.
   */
  private async collect(from: number, request: ProbeRequest): Promise<void> {
    const start = now();
    const giveUpAt = start + this.settings.firstByteWithinMs;
    for (;;) {
      const rx = this.rxFrom(from, this.wire.length);
      const began = parseMepWire(rx, this.settings.maxPayload).some(
        (i) => i.kind !== "alert" && (i.kind !== "frame" || this.verifies(request, i.payload)),
      );
      const last = rx[rx.length - 1];
      const until = began && last !== undefined ? last.at + this.settings.quietMs : giveUpAt;
      const at = now();
      if (at >= until || this.closed) return;
      await this.sleep(until - at);
    }
  }

  private rxFrom(from: number, to: number): MepWireEvent[] {
    return this.wire.slice(from, to).filter((e) => e.direction === "rx");
  }

  private onBytes(chunk: Uint8Array): void {
    this.push("rx", chunk, now(), `${chunk.length} byte(s)`);
    this.wake();
  }

  private push(direction: MepWireEvent["direction"], bytes: Uint8Array, at: number, summary: string): MepWireEvent {
    if (direction !== "listen") this.trace.record(direction, direction === "tx" ? "mep" : "chunk", bytes, summary);
    const e: MepWireEvent = { index: this.wire.length, direction, at, doneAt: at, bytes: bytes.slice() };
    this.wire.push(e);
    return e;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimer(resolve, Math.max(0, ms));
      this.waiters.push(() => {
        t.cancel();
        resolve();
      });
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

export function describeProbeOutcome(o: SecuredOutcome | null): string {
  if (o === null) return "no response";
  if (o.kind === "auth-failure") return "0x0b authentication failure";
  if (o.kind === "unverified") return `does not verify: ${o.error.detail}`;
  return o.apdu.length === 0 ? "empty APDU" : `verifies, ${describeResponseCode(o.apdu[0] as number)}`;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
