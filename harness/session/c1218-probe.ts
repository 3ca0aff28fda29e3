import { bytesEqual, concatBytes } from "../bytes/byte-arrays";
import { SessionError, type TransportError } from "../errors";
import { DEFAULT_PACKET_LIMITS, type PacketLimits } from "../link/c1218/link-state-machine";
import { ACK, describePacket, encodePacket, NAK, PACKET_OVERHEAD, type Packet } from "../link/c1218/packet";
import { PacketReassembler, type StreamEvent } from "../link/c1218/packet-reassembler";
import type { Redactor } from "../security/redactor";
import type { ByteTransport } from "../transport/byte-transport";
import { describeRequestMessage } from "./message-summary";
import { C1218_TABLE_CODEC } from "../protocol/table-requests";
import { Trace } from "./trace";
import { now, setTimer, sleep, type Timer } from "../transport/timers";

/**
 * A C12.18 client for judging the device's link layer, where the ordinary session (C1218Link)
 * would hide what the device did: it ACKs, NAKs or stays silent exactly as told, can corrupt
 * its own CRC or repeat a packet, and keeps every byte on the wire with its arrival time, in
 * order, so that the link checks (conformance/c1218-link-checks.ts) judge the device from the
 * log alone. It does none of the link's own recovery: a device that misbehaves is observed,
 * not helped.
 */
export type WireKind = StreamEvent["kind"] | "wake-up";

export interface WireEvent {
  /** Position in the probe's log. */
  readonly index: number;
  /** Milliseconds since the probe opened. */
  readonly at: number;
  readonly direction: "tx" | "rx";
  readonly kind: WireKind;
  readonly bytes: Uint8Array;
  /** Set for a packet whose CRC and length are right. */
  readonly packet?: Packet;
  /** The matching entry of the probe's trace, which the report shows (redacted). */
  readonly traceIndex: number;
}

export interface ProbeSettings {
  readonly identity: number;
  /** How long the device may take to ACK, and how long it waits for ours before resending. */
  readonly ackTimeoutMs: number;
  readonly interCharTimeoutMs: number;
  readonly responseTimeoutMs: number;
  /** The device's retransmissions allowed after a first attempt (C12.18: 3). */
  readonly retries: number;
  readonly wakeup: { readonly byte: number; readonly count: number; readonly intervalMs: number };
}

/** What the harness does with each packet the device sends while a response is collected. */
export type AckPolicy = "ack" | "nak-first" | "silent";

export interface ResponseObservation {
  /** Every device packet seen, in order, retransmissions included. */
  readonly packets: readonly WireEvent[];
  /** The message the packets made, when they completed one. */
  readonly data: Uint8Array | null;
}

export class C1218Probe {
  readonly trace: Trace;
  readonly wire: WireEvent[] = [];
  private readonly reassembler: PacketReassembler;
  private readonly opened = now();
  private limits: PacketLimits = DEFAULT_PACKET_LIMITS;
  private toggle = false;
  private lastRequestPackets: Uint8Array[] = [];
  /**
   * The last packet of the last response the probe ACKed. The device's next new packet flips its
   * toggle bit, so the same bytes again are that response once more (sent twice, or resent for an
   * ACK it did not see), never an answer to a request that follows: they stay in the log, marked,
   * and are not taken for an ACK or a response.
   */
  private answered: Uint8Array | null = null;
  private waiters: (() => void)[] = [];
  private expiry: Timer | null = null;
  private closedWith: TransportError | null | undefined;
  private closing = false;

  constructor(
    private readonly transport: ByteTransport,
    readonly settings: ProbeSettings,
    redactor: Redactor,
  ) {
    this.trace = new Trace(redactor);
    this.reassembler = new PacketReassembler({ interCharTimeoutMs: settings.interCharTimeoutMs });
    transport.setListener({
      data: (chunk) => this.onBytes(chunk),
      closed: (error) => {
        this.closedWith = error;
        this.trace.note(error === null ? "port closed" : `port lost: ${error.message}`);
        this.wake();
      },
    });
  }

  get packetLimits(): PacketLimits {
    return this.limits;
  }

  /** The limits the device granted; they bound the packets both sides send from now on. */
  setPacketLimits(limits: PacketLimits): void {
    this.limits = limits;
    this.trace.note(`packet limits now ${limits.packetSize} bytes x ${limits.packetCount}`);
  }

  async setBaudRate(rate: number): Promise<void> {
    await this.transport.setBaudRate(rate);
    this.trace.note(`line speed now ${rate} baud`);
  }

  /** Index the next event will have: the start of an observation. */
  get mark(): number {
    return this.wire.length;
  }

  async wakeUp(): Promise<void> {
    const w = this.settings.wakeup;
    for (let i = 0; i < w.count; i++) {
      await this.send(Uint8Array.of(w.byte), "wake-up", `wake-up byte ${i + 1} of ${w.count}`);
      if (w.intervalMs > 0) await sleep(w.intervalMs);
    }
  }

  /**
   * Sends a request message cut into packets under the present limits. Each packet waits for the
   * device's first reply (ACK or anything else) up to the ACK time-out; a packet that is not ACKed
   * ends the sending, and the caller judges. `corruptCrc` spoils the CRC of every packet and
   * keeps the toggle bit for the next (good) packets, as a NAKed packet's retransmission would.
   */
  async sendRequest(
    message: Uint8Array,
    opts: { corruptCrc?: boolean } = {},
  ): Promise<{ packets: WireEvent[]; replies: (WireEvent | null)[] }> {
    const encoded = this.encodeMessage(message);
    const packets: WireEvent[] = [];
    const replies: (WireEvent | null)[] = [];
    for (const p of encoded) {
      const bytes = opts.corruptCrc === true ? withBadCrc(p) : p;
      const sent = await this.send(
        bytes,
        "packet",
        `${opts.corruptCrc === true ? "BAD CRC " : ""}${this.describeOut(bytes, message)}`,
      );
      packets.push(sent);
      const reply = await this.nextRx(sent.index + 1, this.settings.ackTimeoutMs, (e) => !this.isAnsweredAgain(e));
      replies.push(reply);
      if (reply?.kind !== "ack") break;
    }
    if (opts.corruptCrc !== true) {
      this.lastRequestPackets = encoded;
      this.toggle = encoded.length % 2 === 1 ? !this.toggle : this.toggle;
    }
    return { packets, replies };
  }

  /** Sends the last request's packets again, byte for byte, as after an ACK the harness did not see. */
  async repeatRequest(): Promise<{ packets: WireEvent[]; replies: (WireEvent | null)[] }> {
    const packets: WireEvent[] = [];
    const replies: (WireEvent | null)[] = [];
    for (const p of this.lastRequestPackets) {
      const sent = await this.send(p, "packet", `${this.describeOut(p, null)} (retransmission)`);
      packets.push(sent);
      // The response to the first sending may arrive around this one's ACK: only ACK or NAK answers it.
      const reply = await this.nextRx(
        sent.index + 1,
        this.settings.ackTimeoutMs,
        (e) => e.kind === "ack" || e.kind === "nak",
      );
      replies.push(reply);
      if (reply?.kind !== "ack") break;
    }
    return { packets, replies };
  }

  /**
   * Collects the device's response from `from` on: each packet is answered as the policy says
   * ("nak-first": the first packet of the response is NAKed once, then every packet ACKed;
   * "silent": nothing, so the device's retransmissions show). Ends when a whole message has come
   * and been ACKed, or after `quietMs` without a byte (default: the response time-out while
   * nothing has come, then the ACK time-out between packets).
   */
  async collectResponse(from: number, policy: AckPolicy, quietMs?: number): Promise<ResponseObservation> {
    const packets: WireEvent[] = [];
    const parts: Uint8Array[] = [];
    let nakked = false;
    let data: Uint8Array | null = null;
    let cursor = from;
    for (;;) {
      const wait = quietMs ?? (packets.length === 0 ? this.settings.responseTimeoutMs : this.settings.ackTimeoutMs);
      const e = await this.nextRx(cursor, wait, (x) => x.kind === "packet" || x.kind === "bad-packet");
      if (e === null) break;
      cursor = e.index + 1;
      if (this.isAnsweredAgain(e)) {
        // A C12.18 receiver ACKs a duplicate, so that the device stops resending it, and drops it. Only
        // while ACKing: an ACK the device takes for that of its next packet would spoil a NAK or silence.
        if (policy === "ack") await this.send(Uint8Array.of(ACK), "ack", "ACK (a duplicate, dropped)");
        continue;
      }
      if (e.kind === "bad-packet") {
        if (policy !== "silent") await this.send(Uint8Array.of(NAK), "nak", "NAK (bad packet)");
        continue;
      }
      packets.push(e);
      if (policy === "silent") continue;
      if (policy === "nak-first" && !nakked) {
        nakked = true;
        await this.send(
          Uint8Array.of(NAK),
          "nak",
          "NAK (on purpose: the device must send the packet again, unchanged)",
        );
        continue;
      }
      await this.send(Uint8Array.of(ACK), "ack", "ACK");
      const p = e.packet as Packet;
      const previous = packets.length >= 2 ? packets[packets.length - 2] : undefined;
      if (previous !== undefined && bytesEqual(previous.bytes, e.bytes) && parts.length > 0) continue;
      parts.push(p.data);
      if (p.sequence === 0) {
        this.answered = e.bytes;
        data = concatBytes(...parts);
        break;
      }
    }
    return { packets, data };
  }

  /** An ordinary exchange for the steps around the one under test: send, ACK, collect; no surprises allowed. */
  async request(message: Uint8Array): Promise<Uint8Array> {
    const sent = await this.sendRequest(message);
    // A reply other than an ACK (the response itself) is judged by the ACK scenario; here only silence stops us.
    if (sent.replies.some((r) => r === null))
      throw new SessionError(
        "OSGP_ERR_NO_ACK",
        `the device did not ACK ${describeRequestMessage(message, C1218_TABLE_CODEC)}`,
      );
    const response = await this.collectResponse((sent.packets[0] as WireEvent).index + 1, "ack");
    if (response.data === null)
      throw new SessionError(
        "OSGP_ERR_RESPONSE_TIMEOUT",
        `no response within ${this.settings.responseTimeoutMs} ms to ${describeRequestMessage(message, C1218_TABLE_CODEC)}`,
      );
    return response.data;
  }

  /** Waits and keeps whatever arrives. */
  async listen(ms: number): Promise<void> {
    await this.nextRx(this.mark, ms, () => false);
  }

  /** The first event received at or after `from` that matches, or null after `timeoutMs` of waiting. */
  async nextRx(
    from: number,
    timeoutMs: number,
    match: (e: WireEvent) => boolean = () => true,
  ): Promise<WireEvent | null> {
    const deadline = now() + timeoutMs;
    for (;;) {
      const hit = this.wire.slice(from).find((e) => e.direction === "rx" && match(e));
      if (hit !== undefined) return hit;
      const left = deadline - now();
      if (left <= 0 || this.closedWith !== undefined) return null;
      await new Promise<void>((resolve) => {
        const t = setTimer(resolve, left);
        this.waiters.push(() => {
          t.cancel();
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.expiry?.cancel();
    this.wake();
    if (this.closing) return;
    this.closing = true;
    if (this.closedWith === undefined) await this.transport.close();
  }

  private isAnsweredAgain(e: WireEvent): boolean {
    return e.kind === "packet" && this.answered !== null && bytesEqual(e.bytes, this.answered);
  }

  /** The device packets of the log from `from` on. */
  devicePackets(from = 0): WireEvent[] {
    return this.wire.slice(from).filter((e) => e.direction === "rx" && e.kind === "packet");
  }

  private encodeMessage(message: Uint8Array): Uint8Array[] {
    const per = this.limits.packetSize - PACKET_OVERHEAD;
    const count = Math.max(1, Math.ceil(message.length / per));
    const out: Uint8Array[] = [];
    let toggle = this.toggle;
    for (let i = 0; i < count; i++) {
      out.push(
        encodePacket({
          identity: this.settings.identity,
          multiPacket: count > 1,
          firstPacket: count > 1 && i === 0,
          toggle,
          dataFormat: 0,
          reservedBits: 0,
          sequence: count - 1 - i,
          data: message.subarray(i * per, (i + 1) * per),
        }),
      );
      toggle = !toggle;
    }
    return out;
  }

  private async send(bytes: Uint8Array, kind: WireKind, summary: string): Promise<WireEvent> {
    const entry = this.trace.record("tx", kind, bytes, summary);
    const e: WireEvent = {
      index: this.wire.length,
      at: this.elapsed(),
      direction: "tx",
      kind,
      bytes,
      traceIndex: entry.index,
    };
    this.wire.push(e);
    await this.transport.write(bytes);
    return e;
  }

  private onBytes(chunk: Uint8Array): void {
    this.take(this.reassembler.push(chunk, now()));
    this.armExpiry();
  }

  private take(events: StreamEvent[]): void {
    for (const ev of events) {
      const again = ev.kind === "packet" && this.answered !== null && bytesEqual(ev.bytes, this.answered);
      const summary =
        ev.kind === "packet"
          ? `${describePacket(ev.packet)}${again ? " | the response already acknowledged, again: not an answer to what follows" : ""}`
          : ev.kind === "bad-packet"
            ? `bad packet: ${ev.error.code} ${ev.error.detail}`
            : ev.kind;
      const entry = this.trace.record("rx", ev.kind, ev.bytes, summary);
      this.wire.push({
        index: this.wire.length,
        at: this.elapsed(),
        direction: "rx",
        kind: ev.kind,
        bytes: ev.bytes,
        ...(ev.kind === "packet" ? { packet: ev.packet } : {}),
        traceIndex: entry.index,
      });
    }
    if (events.length > 0) this.wake();
  }

  /** A packet cut short by the inter-character time-out is a bad packet too; it needs a timer. */
  private armExpiry(): void {
    this.expiry?.cancel();
    this.expiry = null;
    const d = this.reassembler.deadline;
    if (d === undefined) return;
    this.expiry = setTimer(() => this.take(this.reassembler.expire(now())), Math.max(0, d - now()) + 1);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private elapsed(): number {
    return Math.round((now() - this.opened) * 10) / 10;
  }

  private describeOut(bytes: Uint8Array, message: Uint8Array | null): string {
    const packet = `packet toggle=${(bytes[2] as number) & 0x20 ? 1 : 0} seq=${bytes[3]}`;
    return message === null ? packet : `${packet} | ${describeRequestMessage(message, C1218_TABLE_CODEC)}`;
  }
}

function withBadCrc(packet: Uint8Array): Uint8Array {
  const out = packet.slice();
  out[out.length - 1] = (out[out.length - 1] as number) ^ 0xff;
  return out;
}
