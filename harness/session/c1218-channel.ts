import { SessionError, TransportError } from "../errors";
import { ExchangeSlot, type InFlight } from "./exchange-slot";
import { C1218Link, type LinkConfig, type LinkEvent, type PacketLimits } from "../link/c1218/link-state-machine";
import { decodePacket, describePacket } from "../link/c1218/packet";
import type { TableCodecOptions } from "../protocol/table-requests";
import type { ByteTransport } from "../transport/byte-transport";
import { MachineRunner } from "../transport/machine-runner";
import { describeRequestMessage, describeResponseMessage } from "./message-summary";
import type { Trace } from "./trace";
import { setTimer, type Timer } from "../transport/timers";

/**
 * Request/response over a C12.18 link, one exchange at a time (9.1: the response to a request is
 * the next message from the device). Every byte in either direction goes to the trace as it is
 * written or read, with its meaning.
 *
 * The response time-out starts when the device has acknowledged the whole request; a response
 * that arrives before our last ACK was seen (ACK lost) is kept and delivered once the link has
 * finished sending.
 */
interface Pending extends InFlight {
  readonly request: Uint8Array;
  readonly responseTimeoutMs: number;
  sent: boolean;
  /** Packets that came while waiting and did not check (bad CRC, bad header): NAKed, not answers. */
  badPackets: number;
  response: Uint8Array | null;
  timer: Timer | null;
  resolve(data: Uint8Array): void;
}

export class C1218Channel {
  private readonly link: C1218Link;
  private readonly runner: MachineRunner<LinkEvent>;
  private readonly slot = new ExchangeSlot<Pending>("an exchange");
  private lastRequest: Uint8Array | null = null;
  private lastRxEntry = -1;

  constructor(
    private readonly transport: ByteTransport,
    linkConfig: LinkConfig,
    private readonly trace: Trace,
    private readonly codec: TableCodecOptions,
  ) {
    this.link = new C1218Link(linkConfig);
    this.runner = new MachineRunner(transport, this.link, {
      events: (events) => events.forEach((e) => this.onEvent(e)),
      closed: (error) => this.onClosed(error),
    });
  }

  get packetLimits(): PacketLimits {
    return this.link.packetLimits;
  }

  setPacketLimits(limits: PacketLimits): void {
    this.link.setPacketLimits(limits);
    this.trace.note(`packet limits now ${limits.packetSize} bytes x ${limits.packetCount}`);
  }

  /** Largest request or response message the negotiated limits allow. */
  get maxMessageLength(): number {
    return this.link.maxMessageLength;
  }

  get isClosed(): boolean {
    return this.slot.isClosed;
  }

  exchange(request: Uint8Array, responseTimeoutMs: number): Promise<Uint8Array> {
    return this.slot.start<Uint8Array>(
      (resolve, reject) => {
        this.lastRequest = request;
        const p: Pending = {
          request,
          responseTimeoutMs,
          sent: false,
          badPackets: 0,
          response: null,
          timer: null,
          resolve,
          reject,
          dispose: () => p.timer?.cancel(),
        };
        return p;
      },
      () => this.runner.act((now) => this.link.send(request, now)),
      request,
    );
  }

  /** Bytes outside the link protocol (the wake-up sequence); traced, written in order. */
  writeRaw(bytes: Uint8Array, kind: string, summary: string): void {
    this.trace.record("tx", kind, bytes, summary);
    this.runner.write(bytes);
  }

  flush(): Promise<void> {
    return this.runner.flush();
  }

  async setBaudRate(rate: number): Promise<void> {
    await this.runner.flush();
    await this.transport.setBaudRate(rate);
    this.trace.note(`line speed now ${rate} baud`);
  }

  async close(): Promise<void> {
    // The last ACK (of the terminate response) is still queued: without it the device would go on
    // retransmitting into the next session and never return to its base state.
    await this.runner.flush();
    this.runner.stop();
    this.slot.shut(new SessionError("OSGP_ERR_SESSION_STATE", "the session was closed"));
    await this.transport.close();
  }

  private onEvent(e: LinkEvent): void {
    switch (e.kind) {
      case "tx": {
        let summary: string = e.what;
        if (e.what === "packet") {
          const p = decodePacket(e.bytes);
          summary = p.ok ? describePacket(p.value) : "packet";
          if (p.ok && (p.value.firstPacket || !p.value.multiPacket) && this.slot.pending !== null) {
            summary += ` | ${describeRequestMessage(this.slot.pending.request, this.codec)}`;
          }
          if ((e.attempt ?? 0) > 0) summary += ` (retransmission ${e.attempt})`;
        }
        this.trace.record("tx", e.what, e.bytes, summary);
        this.runner.write(e.bytes);
        return;
      }
      case "rx": {
        const ev = e.event;
        const note = e.note === undefined ? "" : ` (${e.note})`;
        const summary =
          ev.kind === "packet"
            ? describePacket(ev.packet)
            : ev.kind === "bad-packet"
              ? `bad packet: ${ev.error.code} ${ev.error.detail}`
              : ev.kind;
        this.lastRxEntry = this.trace.record("rx", ev.kind, ev.bytes, summary + note).index;
        if (ev.kind === "bad-packet" && this.slot.pending !== null) this.slot.pending.badPackets++;
        return;
      }
      case "message": {
        const p = this.slot.pending;
        this.trace.amend(
          this.lastRxEntry,
          p === null ? "unsolicited message" : describeResponseMessage(this.lastRequest, e.data, this.codec),
        );
        if (p === null) return;
        p.response = e.data;
        if (p.sent) this.finish(p);
        return;
      }
      case "sent": {
        const p = this.slot.pending;
        if (p === null) return;
        p.sent = true;
        if (p.response !== null) {
          this.finish(p);
          return;
        }
        p.timer = setTimer(() => {
          this.trace.note(`no response within ${p.responseTimeoutMs} ms`);
          // A device that talks in packets that never check is told apart from one that is silent.
          this.slot.fail(
            p.badPackets === 0
              ? new SessionError(
                  "OSGP_ERR_RESPONSE_TIMEOUT",
                  `no response within ${p.responseTimeoutMs} ms to the request`,
                  { bytes: p.request },
                )
              : new SessionError(
                  "OSGP_ERR_GARBLED_RESPONSE",
                  `no response within ${p.responseTimeoutMs} ms to the request; ${p.badPackets} packet(s) that did not check (bad CRC or header) came meanwhile`,
                  { bytes: p.request },
                ),
          );
        }, p.responseTimeoutMs);
        return;
      }
      case "send-failed":
        this.trace.note(e.error.message);
        this.slot.fail(e.error);
        return;
      case "message-dropped":
        this.trace.note(`message dropped: ${e.error.code} ${e.error.detail}`);
        return;
    }
  }

  private finish(p: Pending): void {
    this.slot.take();
    p.resolve(p.response as Uint8Array);
  }

  private onClosed(error: TransportError | null): void {
    if (error !== null) this.trace.note(`port lost: ${error.message}`);
    this.slot.shut(error ?? new SessionError("OSGP_ERR_SESSION_STATE", "the session was closed"));
  }
}
