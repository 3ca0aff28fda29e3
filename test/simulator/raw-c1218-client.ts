import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { ACK, decodePacket, encodePacket, NAK, STX, type Packet } from "../../harness/link/c1218/packet";
import type { ByteTransport } from "../../harness/transport/byte-transport";

/**
 * A client that speaks C12.18 by hand: it writes the bytes a test gives it and splits what comes
 * back into ACKs, NAKs and packets by their framing alone (STX, length field), without checking the
 * CRC, so that a test can see a bad packet from the port as it was sent.
 */
export type Frame =
  | { readonly kind: "ack" | "nak" | "other"; readonly bytes: Uint8Array }
  | { readonly kind: "packet"; readonly bytes: Uint8Array };

export function packetOf(data: Uint8Array | number[], toggle: boolean): Uint8Array {
  const p: Packet = {
    identity: 0,
    multiPacket: false,
    firstPacket: false,
    toggle,
    dataFormat: 0,
    reservedBits: 0,
    sequence: 0,
    data: Uint8Array.from(data),
  };
  return encodePacket(p);
}

export class RawC1218Client {
  readonly frames: Frame[] = [];
  private buf: number[] = [];
  private read = 0;
  /** The toggle bit of the next request packet; flipped for every new packet (never for a repeat). */
  toggle = true;

  constructor(readonly transport: ByteTransport) {
    transport.setListener({ data: (chunk) => this.push(chunk), closed: () => {} });
  }

  send(bytes: Uint8Array | number[]): Promise<void> {
    return this.transport.write(Uint8Array.from(bytes));
  }

  /** The next frame not yet taken; fails the test if none arrives in time. */
  async next(timeoutMs = 500): Promise<Frame> {
    const until = performance.now() + timeoutMs;
    while (this.read >= this.frames.length) {
      if (performance.now() > until) assert.fail(`no frame within ${timeoutMs} ms`);
      await sleep(2);
    }
    return this.frames[this.read++] as Frame;
  }

  /** Waits `ms` and returns every frame that arrived meanwhile (and any not yet taken). */
  async quiet(ms: number): Promise<Frame[]> {
    await sleep(ms);
    const out = this.frames.slice(this.read);
    this.read = this.frames.length;
    return out;
  }

  /** One request in one packet: expects the port's ACK, then its response packet, which it ACKs. */
  async request(data: Uint8Array | number[]): Promise<Uint8Array> {
    await this.send(packetOf(data, this.toggle));
    this.toggle = !this.toggle;
    assert.equal((await this.next()).kind, "ack", "the port ACKs a good packet");
    const frame = await this.next();
    assert.equal(frame.kind, "packet");
    const p = decodePacket(frame.bytes);
    if (!p.ok) assert.fail(p.error.message);
    await this.send([ACK]);
    return p.value.data;
  }

  private push(chunk: Uint8Array): void {
    this.buf.push(...chunk);
    for (;;) {
      const first = this.buf[0];
      if (first === undefined) return;
      if (first !== STX) {
        this.buf.shift();
        this.frames.push({
          kind: first === ACK ? "ack" : first === NAK ? "nak" : "other",
          bytes: Uint8Array.of(first),
        });
        continue;
      }
      if (this.buf.length < 6) return;
      const total = 6 + (((this.buf[4] as number) << 8) | (this.buf[5] as number)) + 2;
      if (this.buf.length < total) return;
      this.frames.push({ kind: "packet", bytes: Uint8Array.from(this.buf.splice(0, total)) });
    }
  }
}
