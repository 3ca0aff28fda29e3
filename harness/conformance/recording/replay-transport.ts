import { toHex } from "../../bytes/hex";
import { TransportError } from "../../errors";
import type { ConnectionEvent } from "./recording-format";
import { maskedHex } from "./recording-format";
import type { KeyForms, KeyPlaceholder } from "./recording-keys";
import type { Redactor } from "../../security/redactor";
import type { ByteTransport, TransportListener } from "../../transport/byte-transport";
import {
  formatPeer,
  type DatagramEndpoint,
  type DatagramListener,
  type PeerAddress,
} from "../../transport/datagram-endpoint";
import type { ReplayClockControl } from "../../transport/replay-clock";
import type { Timer } from "../../transport/timers";

/**
 * One recorded connection played back in place of the device. What the harness writes is compared,
 * byte for byte, with what the recorded harness wrote, as one stream (however it was cut into
 * writes); a key placeholder matches the PIXIT's key byte at its place. Each run of the device's
 * recorded bytes is sent once the writes before it are complete, at its recorded time on the replay
 * clock (replay-clock.ts: virtual time, so a replay waits for nothing but skips to it), so the
 * harness's time-outs meet it as they met the device; bytes that came while a write was under way
 * (listed before it, as a write is recorded once complete) come with that write. A write completes
 * when the recorded one did. The first difference (other bytes, another line speed, a write where
 * the device spoke or after the recording ends, a close with requests still to come) ends the
 * connection with OSGP_ERR_REPLAY_MISMATCH, showing the offset and the first differing byte, and is
 * reported to `diverged`: the scenario then ends inconclusive whatever the steps make of the error
 * (recorded-target.ts).
 */
export interface ReplaySetup {
  /** The connection's events after its "open". */
  readonly events: readonly ConnectionEvent[];
  /** Replay clock time of the scenario's t = 0. */
  readonly origin: number;
  /** The recorded time the connection opened. */
  readonly opened: number;
  readonly clock: ReplayClockControl;
  readonly keys: KeyForms;
  /** Masks keys in the harness's bytes when a difference shows them. */
  readonly redactor: Redactor;
  /** "connection 2 of features/...feature:12", for messages. */
  readonly where: string;
  readonly diverged: (e: TransportError) => void;
}

interface Receiver {
  data(bytes: Uint8Array, peer: string | undefined): void;
  closed(error: TransportError | null): void;
}

type Tx = ConnectionEvent & { readonly dir: "tx" };

export class ReplayConnection {
  private next = 0;
  /** Bytes of events[next] (a tx) the harness has written so far. */
  private txAt = 0;
  /** Bytes the harness has written on this connection. */
  private written = 0;
  private timer: Timer | null = null;
  private receiver: Receiver | null = null;
  private failure: TransportError | null = null;
  /** The harness closed the connection. */
  private ended = false;
  /** The recorded link went away: what the harness writes after is matched with the recorded writes that failed. */
  private lost = false;
  /** The last recorded event the replay has reached, the clock time it did, and whether it was the device's. */
  private last: { t: number; at: number; device: boolean };

  constructor(private readonly s: ReplaySetup) {
    this.last = { t: s.opened, at: s.clock.now(), device: false };
  }

  /**
   * When the event recorded at `t` is due: at its recorded time; or, for the device's next chunk
   * when the replay runs behind the recording (the harness's own work took longer), as long after
   * the chunk before as in the recording, so that the gaps inside a response stay the device's.
   * Behind, a response comes as soon as the request is complete, and the replay catches up.
   */
  private due(t: number): number {
    const recorded = this.s.origin + t;
    return this.last.device ? Math.max(recorded, this.last.at + (t - this.last.t)) : recorded;
  }

  private reached(t: number, at: number, device: boolean): void {
    this.s.clock.advanceTo(at);
    this.s.clock.release(this);
    this.last = { t, at: this.s.clock.now(), device };
  }

  setReceiver(r: Receiver): void {
    this.receiver = r;
    this.pump();
  }

  /** `peer`: the datagram's destination (a datagram must be one recorded tx, whole); null on a byte stream. */
  async write(bytes: Uint8Array, peer: string | null): Promise<void> {
    this.usable();
    if (bytes.length === 0 && peer === null) return;
    // The device's bytes recorded before this write are due now. They reach the harness after the
    // write is matched, as on a port, where a write is under way before anything more arrives.
    const due = this.takeDue();
    if (due.some((e) => e.dir === "lost")) this.deliver(due);
    if (this.lost && this.s.events[this.next]?.dir !== "tx")
      throw new TransportError("OSGP_ERR_PORT_CLOSED", `${this.s.where}: the link was lost`);
    const first = this.next;
    const last = peer === null ? this.matchStream(bytes) : this.matchDatagram(bytes, peer);
    this.deliver(due);
    const start = this.s.events[first] as Tx;
    this.reached(start.t, this.due(start.t), false);
    const endT = last === null ? start.t : last.done;
    const end = this.due(endT);
    await this.until(end);
    this.reached(endT, end, false);
    this.pump();
    if (last?.error !== undefined) throw new TransportError(last.error.code, last.error.detail);
  }

  async setBaudRate(rate: number): Promise<void> {
    this.usable();
    this.deliver(this.takeDue());
    this.usable();
    const e = this.s.events[this.next];
    if (this.txAt > 0 || e?.dir !== "baud" || e.rate !== rate)
      throw this.mismatch(
        `the harness switched the line to ${rate} baud where the recording has ${this.txAt > 0 ? "the rest of a write" : describe(e)}`,
      );
    this.next++;
    this.reached(e.t, this.due(e.t), false);
    this.pump();
  }

  close(): void {
    this.timer?.cancel();
    this.timer = null;
    this.s.clock.release(this);
    if (this.ended) return;
    this.ended = true;
    const rest = this.s.events.slice(this.next).filter((e) => e.dir === "tx" || e.dir === "baud");
    if (this.failure === null && rest.length > 0) {
      this.mismatch(
        `the harness closed the connection where the recording has ${this.txAt > 0 ? "the rest of a write" : describe(rest[0])} (${rest.length} more write(s) or speed change(s))`,
      );
    }
    this.receiver?.closed(null);
  }

  private usable(): void {
    if (this.failure !== null) throw this.failure;
    if (this.ended) throw new TransportError("OSGP_ERR_PORT_CLOSED", `${this.s.where} is closed`);
  }

  /** The device's events that come before the harness's next action in the recording, taken off the queue. */
  private takeDue(): ConnectionEvent[] {
    this.timer?.cancel();
    this.timer = null;
    const due: ConnectionEvent[] = [];
    while (this.deviceNext()) due.push(this.s.events[this.next++] as ConnectionEvent);
    return due;
  }

  private deliver(events: ConnectionEvent[]): void {
    for (const e of events.splice(0)) {
      if (this.failure !== null || this.ended) return;
      this.reached(e.t, this.due(e.t), true);
      this.deliverOne(e);
    }
  }

  /** The harness's next recorded action (a write, a speed change), after the device's events before it. */
  private harnessNext(): ConnectionEvent | undefined {
    for (let i = this.next; i < this.s.events.length; i++) {
      const x = this.s.events[i] as ConnectionEvent;
      if (x.dir === "tx" || x.dir === "baud") return x;
    }
    return undefined;
  }

  private deviceNext(): boolean {
    const e = this.s.events[this.next];
    return e !== undefined && this.txAt === 0 && (e.dir === "rx" || e.dir === "lost");
  }

  private pump(): void {
    if (this.receiver === null || this.timer !== null || this.failure !== null || this.ended) return;
    const e = this.s.events[this.next];
    if (e === undefined || this.txAt > 0) return;
    const h = this.harnessNext();
    // A write is recorded once complete, after the device's bytes that came while it was under way:
    // those wait for the harness to make that write (takeDue), never reaching it before its request.
    if (!this.deviceNext() || (h !== undefined && h.t < e.t)) {
      // The harness acts next: its work runs the clock up to the recorded time (replay-clock.ts, hold).
      if (h !== undefined) this.s.clock.hold(this, this.due(h.t));
      return;
    }
    const at = this.due(e.t);
    this.timer = this.s.clock.timerAt(
      at,
      () => {
        this.timer = null;
        if (this.failure !== null || this.ended || !this.deviceNext()) return;
        this.next++;
        this.reached(e.t, at, true);
        this.deliverOne(e);
        this.pump();
      },
      "device",
    );
  }

  private deliverOne(e: ConnectionEvent): void {
    if (e.dir === "lost") {
      this.lost = true;
      this.receiver?.closed(new TransportError(e.error.code, e.error.detail));
      return;
    }
    if (e.dir !== "rx") return;
    const bytes = new Uint8Array(e.bytes.bytes.length);
    for (let i = 0; i < bytes.length; i++) {
      const k = e.bytes.keys[i];
      const b = k === undefined ? e.bytes.bytes[i] : this.s.keys.byteOf(k);
      if (b === null || b === undefined) {
        this.mismatch(
          `the recorded device's bytes at t = ${e.t} ms hold ${placeholder(k as KeyPlaceholder)}, and the PIXIT gives no such key to put there`,
        );
        return;
      }
      bytes[i] = b;
    }
    this.receiver?.data(bytes, e.peer);
  }

  /** Consumes `bytes` from the recorded writes; returns the last recorded write it completed, if any. */
  private matchStream(bytes: Uint8Array): Tx | null {
    let last: Tx | null = null;
    for (let i = 0; i < bytes.length; i++) {
      const e = this.s.events[this.next];
      if (e?.dir !== "tx")
        throw this.mismatch(
          `the harness wrote ${bytes.length - i} more byte(s) (from byte ${this.written}) where the recording has ${describe(e)}`,
        );
      this.compare(e, this.txAt, bytes, i);
      this.txAt++;
      this.written++;
      if (this.txAt === e.bytes.bytes.length) {
        last = e;
        this.next++;
        this.txAt = 0;
      }
    }
    return last;
  }

  private matchDatagram(bytes: Uint8Array, peer: string): Tx {
    const e = this.s.events[this.next];
    if (e?.dir !== "tx")
      throw this.mismatch(
        `the harness sent a datagram of ${bytes.length} byte(s) to ${peer} where the recording has ${describe(e)}`,
      );
    if (e.peer !== peer)
      throw this.mismatch(`the harness sent a datagram to ${peer}; the recorded one went to ${e.peer ?? "no address"}`);
    for (let i = 0; i < Math.min(bytes.length, e.bytes.bytes.length); i++) this.compare(e, i, bytes, i);
    if (bytes.length !== e.bytes.bytes.length)
      throw this.mismatch(
        `the harness sent a datagram of ${bytes.length} byte(s); the recorded one has ${e.bytes.bytes.length}, the same up to there`,
        Math.min(bytes.length, e.bytes.bytes.length),
      );
    this.next++;
    return e;
  }

  private compare(e: Tx, at: number, bytes: Uint8Array, i: number): void {
    const k = e.bytes.keys[at];
    const want = k === undefined ? e.bytes.bytes[at] : this.s.keys.byteOf(k);
    const got = bytes[i] as number;
    if (want === got) return;
    const hidden = this.s.redactor.secretPositions(bytes)[i] === true;
    const wanted =
      k === undefined
        ? toHex(Uint8Array.of(want as number))
        : `byte ${k.index} of ${placeholder(k)}${want === null ? " (the PIXIT has no such key)" : ""}`;
    const sent = hidden || k !== undefined ? "another byte" : toHex(Uint8Array.of(got));
    throw this.mismatch(
      `the harness sent other bytes than the recorded run: at byte ${this.written} of what it wrote on this connection (byte ${at} of the write recorded at t = ${e.t} ms) the recording has ${wanted}, the harness sent ${sent}\n  recorded: [${maskedHex(e.bytes)}]\n  sent:     [${this.s.redactor.hex(bytes).hex}]`,
      this.written,
    );
  }

  private mismatch(detail: string, offset?: number): TransportError {
    const e = new TransportError(
      "OSGP_ERR_REPLAY_MISMATCH",
      `${this.s.where}: ${detail}`,
      offset === undefined ? {} : { offset },
    );
    this.s.clock.release(this);
    if (this.failure === null) {
      this.failure = e;
      this.s.diverged(e);
    }
    return e;
  }

  /** Resolves once the replay clock reaches `at`: the harness waits on its write, so the clock may jump there. */
  private until(at: number): Promise<void> {
    return at <= this.s.clock.now() ? Promise.resolve() : new Promise((r) => this.s.clock.timerAt(at, r, "harness"));
  }
}

function placeholder(k: KeyPlaceholder): string {
  return `<${k.role} ${k.length}> (the ${k.length}-byte form of the PIXIT's ${k.role} key)`;
}

function describe(e: ConnectionEvent | undefined): string {
  if (e === undefined) return "nothing more: the recorded run did no more on this connection";
  switch (e.dir) {
    case "tx":
      return `a write at t = ${e.t} ms`;
    case "rx":
      return `the device's bytes at t = ${e.t} ms`;
    case "baud":
      return `a switch to ${e.rate} baud at t = ${e.t} ms`;
    case "lost":
      return `the link lost at t = ${e.t} ms`;
    default:
      return `${e.dir} at t = ${e.t} ms`;
  }
}

/** The connection as the byte link (optical, MEP) the harness opened. */
export function replayBytes(c: ReplayConnection, description: string): ByteTransport {
  return {
    description,
    write: (bytes) => c.write(bytes, null),
    setListener: (l: TransportListener) =>
      c.setReceiver({ data: (bytes) => l.data(bytes), closed: (e) => l.closed(e) }),
    setBaudRate: (rate) => c.setBaudRate(rate),
    close: async () => c.close(),
  };
}

/** The connection as the datagram socket (PLC) the harness opened, bound where the recorded one was. */
export function replayEndpoint(c: ReplayConnection, description: string, local: PeerAddress): DatagramEndpoint {
  return {
    description,
    local,
    send: (bytes, to) => c.write(bytes, formatPeer(to)),
    setListener: (l: DatagramListener) =>
      c.setReceiver({
        data: (bytes, peer) => l.datagram(bytes, parsePeer(peer ?? "0.0.0.0:0")),
        closed: (e) => l.closed(e),
      }),
    close: async () => c.close(),
  };
}

export function parsePeer(text: string): PeerAddress {
  const at = text.lastIndexOf(":");
  return { address: text.slice(0, at), port: Number(text.slice(at + 1)) };
}
