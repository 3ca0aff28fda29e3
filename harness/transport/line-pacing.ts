/**
 * The arithmetic of a serial line, without timers: each byte takes 10 bit times (8N1: start, eight
 * data bits, stop) and a byte leaves the line only once its stop bit is through, so byte k of a
 * queue that the line took up at `start` is out at start + (k + 1) x byte time. Bytes go in the
 * order they were queued; the line is busy until the last one is out. A new rate applies to the
 * bytes queued after it: a UART's bytes already in flight keep the speed they were clocked at.
 */
export function byteTimeMs(baudRate: number): number {
  return (10 * 1000) / baudRate;
}

interface Run {
  readonly bytes: Uint8Array;
  /** When the line took this run up (ms, the caller's clock). */
  readonly start: number;
  readonly byteMs: number;
  /** How many of its bytes have been released. */
  released: number;
}

export class LineQueue {
  private readonly runs: Run[] = [];
  private byteMs: number;
  /** When the last queued byte is out (ms). */
  private freeAt = -Infinity;

  constructor(baudRate: number) {
    this.byteMs = byteTimeMs(checkedRate(baudRate));
  }

  setBaudRate(rate: number): void {
    this.byteMs = byteTimeMs(checkedRate(rate));
  }

  /** Queues bytes handed to the line at `now`; returns when their last byte is out. */
  push(bytes: Uint8Array, now: number): number {
    if (bytes.length === 0) return Math.max(now, this.freeAt);
    const start = Math.max(now, this.freeAt);
    this.runs.push({ bytes, start, byteMs: this.byteMs, released: 0 });
    this.freeAt = start + bytes.length * this.byteMs;
    return this.freeAt;
  }

  /** The bytes out by `now` and not released before, in order (empty when none). */
  release(now: number): Uint8Array {
    const out: number[] = [];
    while (this.runs.length > 0) {
      const run = this.runs[0] as Run;
      const due = Math.min(run.bytes.length, Math.floor((now - run.start) / run.byteMs + EPSILON));
      for (; run.released < due; run.released++) out.push(run.bytes[run.released] as number);
      if (run.released < run.bytes.length) break;
      this.runs.shift();
    }
    return Uint8Array.from(out);
  }

  /** When the next byte is out, or null when nothing waits. */
  nextReleaseAt(): number | null {
    const run = this.runs[0];
    return run === undefined ? null : run.start + (run.released + 1) * run.byteMs;
  }

  get pending(): number {
    return this.runs.reduce((n, r) => n + r.bytes.length - r.released, 0);
  }

  /** Forgets every byte not yet out (the port went away). */
  drop(): void {
    this.runs.length = 0;
  }
}

/** Floating-point slack: a byte due at exactly `now` is out, whatever the rounding of k x byte time. */
const EPSILON = 1e-9;

function checkedRate(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0)
    throw new RangeError(`a line rate is a positive number of baud, not ${rate}`);
  return rate;
}
