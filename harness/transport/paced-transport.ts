import { TransportError } from "../errors";
import type { ByteTransport, TransportListener } from "./byte-transport";
import { LineQueue } from "./line-pacing";

/**
 * A port that keeps time like a real line at `baudRate` (8N1), for a bench whose wire is a pty
 * (`simulate --line-rate`). Both directions are paced: a byte written reaches the port only once
 * its line time is over, and a byte read reaches the listener only once it would have arrived, so
 * a request costs its length on the line as on a probe, not only the answer. Writes are queued and
 * go out in order; a write resolves when its last byte is out. A new baud rate (C12.18 negotiate)
 * waits until every byte written at the old one is out, then applies to both directions.
 *
 * close() lets every byte written before it go out at the line rate, then closes the port; bytes
 * still arriving are dropped. A port that goes away drops what is queued either way: its pending
 * writes fail, as they would on the unpaced port.
 */
export interface PacingTimers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SYSTEM_TIMERS: PacingTimers = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export function pacedTransport(
  inner: ByteTransport,
  baudRate: number,
  timers: PacingTimers = SYSTEM_TIMERS,
): ByteTransport {
  return new PacedTransport(inner, baudRate, timers);
}

class PacedTransport implements ByteTransport {
  readonly description: string;
  private listener: TransportListener | null = null;
  private readonly tx: Pacer;
  private readonly rx: Pacer;
  /** Bytes queued for writing, and bytes the inner port has taken: a write resolves when its last byte is taken. */
  private queued = 0;
  private written = 0;
  private writes: Promise<void> = Promise.resolve();
  private waiters: { upTo: number; resolve: () => void; reject: (e: TransportError) => void }[] = [];
  private ended: TransportError | null = null;
  private closedHeard = false;

  constructor(
    private readonly inner: ByteTransport,
    baudRate: number,
    timers: PacingTimers,
  ) {
    this.description = `${inner.description}, paced at ${baudRate} baud`;
    this.tx = new Pacer(new LineQueue(baudRate), timers, (bytes) => this.toPort(bytes));
    this.rx = new Pacer(new LineQueue(baudRate), timers, (bytes) => this.listener?.data(bytes));
    inner.setListener({
      data: (chunk) => this.rx.push(chunk),
      closed: (error) =>
        this.end(error ?? new TransportError("OSGP_ERR_PORT_CLOSED", `${this.description} closed`), error),
    });
  }

  setListener(listener: TransportListener): void {
    this.listener = listener;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.ended !== null)
      return Promise.reject(new TransportError("OSGP_ERR_PORT_CLOSED", `${this.description} is closed`, { bytes }));
    this.queued += bytes.length;
    const upTo = this.queued;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
    this.tx.push(bytes);
    this.settle();
    return done;
  }

  /**
   * The pacing is the line, so the inner port's own speed is left alone: a pty carries bytes at no
   * speed of its own, and setting one (serialport flushes both directions) would throw away what the
   * client sends at the new rate right after acknowledging the negotiate response, as C12.18 lets it.
   */
  async setBaudRate(rate: number): Promise<void> {
    await this.drained();
    this.tx.queue.setBaudRate(rate);
    this.rx.queue.setBaudRate(rate);
  }

  async close(): Promise<void> {
    // A failed write leaves nothing to flush, but the port itself is still to be closed.
    if (this.ended === null) await this.drained().catch(() => undefined);
    this.ended ??= new TransportError("OSGP_ERR_PORT_CLOSED", `${this.description} is closed`);
    this.rx.stop();
    await this.inner.close();
  }

  private drained(): Promise<void> {
    return this.write(new Uint8Array(0));
  }

  /**
   * Bytes go to the port the moment the line has carried them, without waiting for the port to
   * confirm the bytes before (a serial port confirms after a drain, a thread-pool round trip or
   * two): waiting would hold every byte back by the confirmations before it, so the line would run
   * slower than its rate and stutter. The port keeps its writes in order; confirmations are counted
   * in order.
   */
  private toPort(bytes: Uint8Array): void {
    const taken = this.inner.write(bytes);
    // Handled below, in order; until then a failure must not count as unhandled.
    taken.catch(() => undefined);
    this.writes = this.writes
      .then(() => taken)
      .then(
        () => {
          this.written += bytes.length;
          this.settle();
        },
        (e: TransportError) => this.fail(e),
      );
  }

  private settle(): void {
    const ready = this.waiters.filter((w) => w.upTo <= this.written);
    this.waiters = this.waiters.filter((w) => w.upTo > this.written);
    for (const w of ready) w.resolve();
  }

  /** After a failed write the order of the bytes on the line is lost: later writes fail at once. */
  private fail(error: TransportError): void {
    this.ended ??= error;
    this.tx.stop();
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w.reject(error);
  }

  private end(failure: TransportError, error: TransportError | null): void {
    if (this.closedHeard) return;
    this.closedHeard = true;
    this.ended ??= failure;
    this.rx.stop();
    this.fail(failure);
    this.listener?.closed(error);
  }
}

/** One direction: bytes go in when handed over and come out when the line has carried them. */
class Pacer {
  private timer: unknown = null;
  private stopped = false;

  constructor(
    readonly queue: LineQueue,
    private readonly timers: PacingTimers,
    private readonly deliver: (bytes: Uint8Array) => void,
  ) {}

  push(bytes: Uint8Array): void {
    if (this.stopped) return;
    this.queue.push(bytes, this.timers.now());
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.queue.drop();
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const out = this.queue.release(this.timers.now());
    if (out.length > 0) this.deliver(out);
    const next = this.queue.nextReleaseAt();
    if (next !== null && !this.stopped)
      this.timer = this.timers.setTimeout(() => this.pump(), Math.max(0, next - this.timers.now()));
  }
}
