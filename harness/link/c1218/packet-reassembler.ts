import { DecodeError } from "../../errors";
import {
  ACK,
  CRC_SIZE,
  dataLengthOf,
  decodePacket,
  HEADER_SIZE,
  MAX_DATA_LENGTH,
  NAK,
  STX,
  type Packet,
} from "./packet";

/**
 * Turns bytes as they arrive, in chunks of any size, into link events. Partial input is the normal
 * case: a packet may arrive one byte at a time. Pure: the caller passes the time of each chunk,
 * and calls `expire` when `deadline` passes with no new byte.
 *
 * Outside a packet, 0x06 is an ACK, 0x15 a NAK, 0xEE starts a packet, and anything else is noise
 * (wake-up bytes, line garbage), reported so that the trace keeps every byte.
 */
export type StreamEvent =
  | { readonly kind: "packet"; readonly packet: Packet; readonly bytes: Uint8Array }
  | { readonly kind: "ack"; readonly bytes: Uint8Array }
  | { readonly kind: "nak"; readonly bytes: Uint8Array }
  | { readonly kind: "noise"; readonly bytes: Uint8Array }
  /** A whole packet whose CRC or length is wrong, or a partial one cut by the inter-character time-out. */
  | { readonly kind: "bad-packet"; readonly bytes: Uint8Array; readonly error: DecodeError };

export interface ReassemblerOptions {
  /** Longest silence allowed between two bytes of one packet. */
  readonly interCharTimeoutMs: number;
  /** Largest length field accepted; a larger one is a bad header, and scanning resumes after its 0xEE. */
  readonly maxDataLength?: number;
}

export class PacketReassembler {
  private buf: number[] = [];
  private expected = -1;
  private lastByteAt = 0;
  private readonly maxDataLength: number;

  constructor(private readonly opts: ReassemblerOptions) {
    this.maxDataLength = opts.maxDataLength ?? MAX_DATA_LENGTH;
  }

  /** When the partial packet in hand must be given up, or undefined when none is in hand. */
  get deadline(): number | undefined {
    return this.buf.length > 0 ? this.lastByteAt + this.opts.interCharTimeoutMs : undefined;
  }

  get inPacket(): boolean {
    return this.buf.length > 0;
  }

  push(chunk: Uint8Array, now: number): StreamEvent[] {
    const events: StreamEvent[] = [];
    if (chunk.length > 0) events.push(...this.expire(now));
    const noise: number[] = [];
    const flushNoise = () => {
      if (noise.length > 0) events.push({ kind: "noise", bytes: Uint8Array.from(noise.splice(0)) });
    };
    const pending: number[] = Array.from(chunk);
    // Bytes of a rejected header are scanned again: the real 0xEE may be among them.
    for (let i = 0; i < pending.length; i++) {
      const b = pending[i] as number;
      if (this.buf.length === 0) {
        if (b === STX) {
          flushNoise();
          this.buf.push(b);
        } else if (b === ACK || b === NAK) {
          flushNoise();
          events.push({ kind: b === ACK ? "ack" : "nak", bytes: Uint8Array.of(b) });
        } else {
          noise.push(b);
        }
        continue;
      }
      this.buf.push(b);
      if (this.buf.length === HEADER_SIZE) {
        const length = dataLengthOf(Uint8Array.from(this.buf));
        if (length > this.maxDataLength) {
          const bytes = Uint8Array.from(this.buf);
          events.push({
            kind: "bad-packet",
            bytes,
            error: new DecodeError("OSGP_ERR_FRAME_LENGTH", `length ${length} exceeds ${this.maxDataLength}`, {
              bytes,
              offset: 4,
              path: "packet.length",
            }),
          });
          pending.splice(i + 1, 0, ...this.buf.slice(1));
          this.buf = [];
          continue;
        }
        this.expected = HEADER_SIZE + length + CRC_SIZE;
      }
      if (this.buf.length === this.expected) {
        const bytes = Uint8Array.from(this.buf);
        this.buf = [];
        this.expected = -1;
        const d = decodePacket(bytes);
        events.push(d.ok ? { kind: "packet", packet: d.value, bytes } : { kind: "bad-packet", bytes, error: d.error });
      }
    }
    flushNoise();
    // Only a byte restarts the inter-character timer; an empty chunk is not a byte.
    if (chunk.length > 0) this.lastByteAt = now;
    return events;
  }

  /** Gives up the partial packet if the inter-character time-out has passed by `now`. */
  expire(now: number): StreamEvent[] {
    const deadline = this.deadline;
    if (deadline === undefined || now <= deadline) return [];
    const bytes = Uint8Array.from(this.buf);
    this.buf = [];
    this.expected = -1;
    return [
      {
        kind: "bad-packet",
        bytes,
        error: new DecodeError(
          "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT",
          `no byte for more than ${this.opts.interCharTimeoutMs} ms after ${bytes.length} byte(s)`,
          {
            bytes,
            offset: bytes.length,
            path: "packet",
          },
        ),
      },
    ];
  }
}
