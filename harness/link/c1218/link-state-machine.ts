import { concatBytes } from "../../bytes/byte-arrays";
import { DecodeError, LinkError } from "../../errors";
import { ACK, encodePacket, NAK, PACKET_OVERHEAD } from "./packet";
import { PacketReassembler, type StreamEvent } from "./packet-reassembler";

/**
 * One end of a C12.18 link, without I/O: it is fed received bytes, the messages to send and the
 * time, and answers with what to write and what happened. The same machine runs in the harness
 * (client) and in the simulator's optical port (server); a driver at the edge moves the bytes.
 *
 * Sending: a message is cut into packets of at most `packetSize - 8` data bytes (the negotiated
 * packet size counts the 8 bytes of header and CRC), numbered down to 0, with the multi-packet
 * and first-packet bits when there are several. Each packet waits for an ACK; on NAK or after
 * `ackTimeoutMs` it is sent again, identical (same toggle bit), up to `retries` times.
 * The toggle bit flips for every new packet, never for a retransmission.
 *
 * Receiving: every good packet is ACKed, every bad one (CRC, length, inter-character time-out)
 * NAKed. A packet with the same toggle bit and CRC as the last accepted one is a retransmission
 * (our ACK was lost): ACKed again, not delivered twice.
 */
export interface LinkConfig {
  /** The identity byte put in every packet sent (0x00 on every OSGP optical port seen). */
  readonly identity: number;
  readonly ackTimeoutMs: number;
  readonly interCharTimeoutMs: number;
  /** Retransmissions after the first attempt (C12.18: 3). */
  readonly retries: number;
}

export interface PacketLimits {
  /** Largest packet, header and CRC included. */
  readonly packetSize: number;
  /** Largest number of packets in one message. */
  readonly packetCount: number;
}

/** C12.18's values before any negotiation. */
export const DEFAULT_PACKET_LIMITS: PacketLimits = { packetSize: 64, packetCount: 1 };

export type RxNote = "duplicate" | "toggle-not-flipped" | "unexpected-ack" | "unexpected-nak";

export type LinkEvent =
  /** Something arrived; reported for every byte so that the trace is complete. */
  | { readonly kind: "rx"; readonly event: StreamEvent; readonly note?: RxNote }
  /** Bytes to write now. */
  | {
      readonly kind: "tx";
      readonly what: "packet" | "ack" | "nak";
      readonly bytes: Uint8Array;
      readonly attempt?: number;
    }
  /** A whole message arrived. */
  | { readonly kind: "message"; readonly data: Uint8Array; readonly packets: number }
  /** Every packet of the message being sent was acknowledged. */
  | { readonly kind: "sent" }
  | { readonly kind: "send-failed"; readonly error: LinkError }
  /** A multi-packet message was abandoned half-way (a packet out of order). */
  | { readonly kind: "message-dropped"; readonly error: DecodeError };

interface Outgoing {
  readonly packets: Uint8Array[];
  index: number;
  attempt: number;
  deadline: number;
}

export class C1218Link {
  private limits: PacketLimits;
  private readonly reassembler: PacketReassembler;
  private txToggle = false;
  private outgoing: Outgoing | null = null;
  private lastAccepted: { toggle: boolean; crc: number } | null = null;
  private assembly: { parts: Uint8Array[]; next: number; count: number } | null = null;

  constructor(
    private readonly config: LinkConfig,
    limits: PacketLimits = DEFAULT_PACKET_LIMITS,
  ) {
    this.limits = limits;
    this.reassembler = new PacketReassembler({ interCharTimeoutMs: config.interCharTimeoutMs });
  }

  get packetLimits(): PacketLimits {
    return this.limits;
  }

  /** The negotiated sizes; they apply to the next message sent. */
  setPacketLimits(limits: PacketLimits): void {
    this.limits = limits;
  }

  /** Largest message that fits the present limits. */
  get maxMessageLength(): number {
    return (this.limits.packetSize - PACKET_OVERHEAD) * this.limits.packetCount;
  }

  get sending(): boolean {
    return this.outgoing !== null;
  }

  /** Forget the receive history and any half-received message (a new session starts). */
  resetReceiver(): void {
    this.lastAccepted = null;
    this.assembly = null;
  }

  /** When `tick` must next be called, or undefined when nothing is waiting on time. */
  nextDeadline(): number | undefined {
    const a = this.reassembler.deadline;
    const b = this.outgoing?.deadline;
    if (a === undefined) return b;
    return b === undefined ? a : Math.min(a, b);
  }

  send(message: Uint8Array, now: number): LinkEvent[] {
    if (this.outgoing !== null) {
      throw new LinkError("OSGP_ERR_LINK_BUSY", "a message is still being sent", { bytes: message });
    }
    const perPacket = this.limits.packetSize - PACKET_OVERHEAD;
    const count = Math.max(1, Math.ceil(message.length / perPacket));
    if (perPacket <= 0 || count > this.limits.packetCount || count > 256) {
      throw new LinkError(
        "OSGP_ERR_MESSAGE_TOO_LONG",
        `${message.length} bytes need ${count} packet(s) of ${this.limits.packetSize}; ${this.limits.packetCount} negotiated`,
        { bytes: message },
      );
    }
    const packets: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      packets.push(
        encodePacket({
          identity: this.config.identity,
          multiPacket: count > 1,
          firstPacket: count > 1 && i === 0,
          toggle: this.txToggle,
          dataFormat: 0,
          reservedBits: 0,
          sequence: count - 1 - i,
          data: message.subarray(i * perPacket, (i + 1) * perPacket),
        }),
      );
      this.txToggle = !this.txToggle;
    }
    this.outgoing = { packets, index: 0, attempt: 0, deadline: 0 };
    return this.transmitCurrent(now);
  }

  receive(chunk: Uint8Array, now: number): LinkEvent[] {
    const out: LinkEvent[] = [];
    for (const ev of this.reassembler.push(chunk, now)) this.handle(ev, now, out);
    return out;
  }

  tick(now: number): LinkEvent[] {
    const out: LinkEvent[] = [];
    for (const ev of this.reassembler.expire(now)) this.handle(ev, now, out);
    if (this.outgoing !== null && now >= this.outgoing.deadline) out.push(...this.retransmitOrFail(now, "no ACK"));
    return out;
  }

  private handle(ev: StreamEvent, now: number, out: LinkEvent[]): void {
    switch (ev.kind) {
      case "noise":
        out.push({ kind: "rx", event: ev });
        return;
      case "ack":
        if (this.outgoing === null) {
          out.push({ kind: "rx", event: ev, note: "unexpected-ack" });
          return;
        }
        out.push({ kind: "rx", event: ev });
        this.outgoing.index++;
        this.outgoing.attempt = 0;
        if (this.outgoing.index < this.outgoing.packets.length) {
          out.push(...this.transmitCurrent(now));
        } else {
          this.outgoing = null;
          out.push({ kind: "sent" });
        }
        return;
      case "nak":
        if (this.outgoing === null) {
          out.push({ kind: "rx", event: ev, note: "unexpected-nak" });
          return;
        }
        out.push({ kind: "rx", event: ev });
        out.push(...this.retransmitOrFail(now, "NAK"));
        return;
      case "bad-packet":
        out.push({ kind: "rx", event: ev });
        out.push({ kind: "tx", what: "nak", bytes: Uint8Array.of(NAK) });
        return;
      case "packet":
        this.accept(ev, out);
        return;
    }
  }

  private accept(ev: Extract<StreamEvent, { kind: "packet" }>, out: LinkEvent[]): void {
    const p = ev.packet;
    const crc = ((ev.bytes[ev.bytes.length - 1] as number) << 8) | (ev.bytes[ev.bytes.length - 2] as number);
    const last = this.lastAccepted;
    const sameToggle = last !== null && last.toggle === p.toggle;
    if (sameToggle && last.crc === crc) {
      out.push({ kind: "rx", event: ev, note: "duplicate" });
      out.push({ kind: "tx", what: "ack", bytes: Uint8Array.of(ACK) });
      return;
    }
    out.push(sameToggle ? { kind: "rx", event: ev, note: "toggle-not-flipped" } : { kind: "rx", event: ev });
    out.push({ kind: "tx", what: "ack", bytes: Uint8Array.of(ACK) });
    this.lastAccepted = { toggle: p.toggle, crc };

    if (!p.multiPacket || (p.firstPacket && p.sequence === 0)) {
      this.dropAssembly(out, ev.bytes, "a new message started");
      out.push({ kind: "message", data: p.data, packets: 1 });
      return;
    }
    if (p.firstPacket) {
      this.dropAssembly(out, ev.bytes, "a new first packet arrived");
      this.assembly = { parts: [p.data], next: p.sequence - 1, count: 1 };
      return;
    }
    const a = this.assembly;
    if (a === null || p.sequence !== a.next) {
      this.assembly = null;
      out.push({
        kind: "message-dropped",
        error: new DecodeError(
          "OSGP_ERR_FRAME_SEQUENCE",
          a === null
            ? `packet seq ${p.sequence} of a multi-packet message arrived without its first packet`
            : `packet seq ${p.sequence} arrived where seq ${a.next} was due`,
          { bytes: ev.bytes, offset: 3, path: "packet.sequence" },
        ),
      });
      return;
    }
    a.parts.push(p.data);
    a.count++;
    if (p.sequence === 0) {
      this.assembly = null;
      out.push({ kind: "message", data: concatBytes(...a.parts), packets: a.count });
    } else {
      a.next--;
    }
  }

  private dropAssembly(out: LinkEvent[], bytes: Uint8Array, why: string): void {
    if (this.assembly === null) return;
    out.push({
      kind: "message-dropped",
      error: new DecodeError(
        "OSGP_ERR_FRAME_SEQUENCE",
        `multi-packet message abandoned after ${this.assembly.count} packet(s): ${why}`,
        {
          bytes,
          offset: 2,
          path: "packet.control",
        },
      ),
    });
    this.assembly = null;
  }

  private transmitCurrent(now: number): LinkEvent[] {
    const o = this.outgoing as Outgoing;
    o.deadline = now + this.config.ackTimeoutMs;
    return [{ kind: "tx", what: "packet", bytes: o.packets[o.index] as Uint8Array, attempt: o.attempt }];
  }

  private retransmitOrFail(now: number, why: string): LinkEvent[] {
    const o = this.outgoing as Outgoing;
    if (o.attempt >= this.config.retries) {
      this.outgoing = null;
      return [
        {
          kind: "send-failed",
          error: new LinkError(
            "OSGP_ERR_NO_ACK",
            `packet ${o.index + 1} of ${o.packets.length} not acknowledged after ${o.attempt + 1} attempt(s) (last: ${why})`,
            { bytes: o.packets[o.index] },
          ),
        },
      ];
    }
    o.attempt++;
    return this.transmitCurrent(now);
  }
}
