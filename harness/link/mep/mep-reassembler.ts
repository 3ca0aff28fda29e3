import { DecodeError } from "../../errors";
import { LENGTH_SIZE, lengthFieldOf, MAX_PAYLOAD } from "./mep-frame";

/**
 * Turns MEP bytes as they arrive, in chunks of any size, into frames. Partial input is the normal
 * case. Pure: the caller passes the time of each chunk and calls `expire` once `deadline` passes
 * with no new byte.
 *
 * MEP has no start byte and no CRC: every byte between frames is read as the start of a length
 * field. A length above the maximum is reported and the stream resynchronised by dropping its
 * first byte only, since the second may be the real start of a frame. A frame whose bytes stop
 * for longer than the inter-byte time-out is given up, so a length that lies cannot swallow the
 * messages that follow it.
 */
export type MepStreamEvent =
  | { readonly kind: "frame"; readonly payload: Uint8Array; readonly bytes: Uint8Array }
  | { readonly kind: "alert"; readonly bytes: Uint8Array }
  /**
   * A length above the maximum (`bytes` = the length field; its second byte is scanned again), or
   * a partial frame cut by the inter-byte time-out (`bytes` = everything received of it).
   */
  | { readonly kind: "bad-frame"; readonly bytes: Uint8Array; readonly error: DecodeError };

export interface MepReassemblerOptions {
  /** Longest silence allowed between two bytes of one frame. */
  readonly interByteTimeoutMs: number;
  /** Largest length field accepted. */
  readonly maxPayload?: number;
}

export class MepReassembler {
  private buf: number[] = [];
  private expected = -1;
  private lastByteAt = 0;
  private readonly maxPayload: number;

  constructor(private readonly opts: MepReassemblerOptions) {
    this.maxPayload = opts.maxPayload ?? MAX_PAYLOAD;
  }

  /** When the partial frame in hand must be given up, or undefined when none is in hand. */
  get deadline(): number | undefined {
    return this.buf.length > 0 ? this.lastByteAt + this.opts.interByteTimeoutMs : undefined;
  }

  get inFrame(): boolean {
    return this.buf.length > 0;
  }

  /** True while a frame whose (acceptable, non-zero) length field has arrived is still coming in. */
  get lengthReceived(): boolean {
    return this.expected >= 0;
  }

  push(chunk: Uint8Array, now: number): MepStreamEvent[] {
    const events: MepStreamEvent[] = [];
    if (chunk.length > 0) events.push(...this.expire(now));
    const pending: number[] = Array.from(chunk);
    // The second byte of a rejected length field is scanned again: a frame may start there.
    for (let i = 0; i < pending.length; i++) {
      this.buf.push(pending[i] as number);
      if (this.buf.length === LENGTH_SIZE) {
        const length = lengthFieldOf(this.buf);
        const bytes = Uint8Array.from(this.buf);
        if (length === 0) {
          this.buf = [];
          events.push({ kind: "alert", bytes });
          continue;
        }
        if (length > this.maxPayload) {
          events.push({
            kind: "bad-frame",
            bytes,
            error: new DecodeError("OSGP_ERR_FRAME_LENGTH", `length ${length} exceeds ${this.maxPayload}`, {
              bytes,
              offset: 0,
              path: "mep.length",
            }),
          });
          pending.splice(i + 1, 0, ...this.buf.slice(1));
          this.buf = [];
          continue;
        }
        this.expected = LENGTH_SIZE + length;
      }
      if (this.buf.length === this.expected) {
        const bytes = Uint8Array.from(this.buf);
        this.buf = [];
        this.expected = -1;
        events.push({ kind: "frame", payload: bytes.slice(LENGTH_SIZE), bytes });
      }
    }
    // Only a byte restarts the inter-byte timer; an empty chunk is not a byte.
    if (chunk.length > 0) this.lastByteAt = now;
    return events;
  }

  /** Gives up the partial frame if the inter-byte time-out has passed by `now`. */
  expire(now: number): MepStreamEvent[] {
    const deadline = this.deadline;
    if (deadline === undefined || now <= deadline) return [];
    const bytes = Uint8Array.from(this.buf);
    this.buf = [];
    this.expected = -1;
    return [
      {
        kind: "bad-frame",
        bytes,
        error: new DecodeError(
          "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT",
          `no byte for more than ${this.opts.interByteTimeoutMs} ms after ${bytes.length} byte(s)`,
          {
            bytes,
            offset: bytes.length,
            path: bytes.length < LENGTH_SIZE ? "mep.length" : "mep.payload",
          },
        ),
      },
    ];
  }
}
