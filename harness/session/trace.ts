import type { Redactor } from "../security/redactor";
import { now, wallNow } from "../transport/timers";

/**
 * The record of every byte that crossed the link in a session, in order: time, direction, hex and
 * what it meant. Secrets are masked when an entry is recorded, in the hex and in the text (a note
 * quoting an error, a summary decoding a table), so no unredacted copy exists to leak later.
 * Entries are plain data: reports attach them as text and JSON.
 */
export type TraceDirection = "tx" | "rx" | "note";

export interface TraceEntry {
  readonly index: number;
  /** Wall-clock time, ISO 8601 UTC, for the lab's records. */
  readonly time: string;
  /** Monotonic milliseconds since the trace started, for timing analysis. */
  readonly elapsedMs: number;
  readonly direction: TraceDirection;
  /** "packet", "ack", "nak", "noise", "bad-packet", "wake-up", "note". */
  readonly kind: string;
  /** Lower-case, space-separated; "**" where a secret was. Empty for notes. */
  readonly hex: string;
  readonly summary: string;
  readonly redacted: boolean;
}

export interface TraceClock {
  wallMs(): number;
  monoMs(): number;
}

const SYSTEM_CLOCK: TraceClock = { wallMs: wallNow, monoMs: now };

export class Trace {
  private readonly list: TraceEntry[] = [];
  private readonly startMono: number;
  private lastTraffic: number | null = null;

  constructor(
    private readonly redactor: Redactor,
    private readonly clock: TraceClock = SYSTEM_CLOCK,
  ) {
    this.startMono = clock.monoMs();
  }

  get length(): number {
    return this.list.length;
  }

  /** Wall-clock ms of the last bytes recorded either way (null: none yet): a device's idle time-out counts from it. */
  get lastTrafficAt(): number | null {
    return this.lastTraffic;
  }

  record(direction: "tx" | "rx", kind: string, bytes: Uint8Array, summary: string): TraceEntry {
    this.lastTraffic = this.clock.wallMs();
    const isPacket = kind === "packet" || kind === "bad-packet";
    // A packet that carries a secret also hides its CRC, which would otherwise let a short
    // password be recovered by search.
    const { hex, redacted } = this.redactor.hex(bytes, (hidden) => {
      if (isPacket) hidden.fill(true, Math.max(0, bytes.length - 2));
    });
    return this.push({ direction, kind, hex, summary: this.redactor.scrub(summary), redacted });
  }

  note(summary: string): TraceEntry {
    return this.push({
      direction: "note",
      kind: "note",
      hex: "",
      summary: this.redactor.scrub(summary),
      redacted: false,
    });
  }

  /** Adds meaning learnt later, e.g. the decoded message that a packet completed. */
  amend(index: number, summary: string): void {
    const e = this.list[index];
    if (e !== undefined) this.list[index] = { ...e, summary: `${e.summary} | ${this.redactor.scrub(summary)}` };
  }

  entries(from = 0): readonly TraceEntry[] {
    return this.list.slice(from);
  }

  private push(e: Omit<TraceEntry, "index" | "time" | "elapsedMs">): TraceEntry {
    const entry: TraceEntry = {
      index: this.list.length,
      time: new Date(this.clock.wallMs()).toISOString(),
      elapsedMs: Math.round((this.clock.monoMs() - this.startMono) * 10) / 10,
      ...e,
    };
    this.list.push(entry);
    return entry;
  }
}

const ARROWS: Record<TraceDirection, string> = { tx: "->", rx: "<-", note: "--" };

/** The text form attached to reports: one line per entry, hex then meaning. */
export function formatTrace(entries: readonly TraceEntry[]): string {
  return entries
    .map((e) => {
      const head = `${String(e.index).padStart(4)} ${e.time} +${e.elapsedMs.toFixed(1).padStart(9)} ms ${ARROWS[e.direction]}`;
      return e.direction === "note"
        ? `${head} ${e.summary}`
        : `${head} ${e.hex}\n${" ".repeat(head.length + 1)}${e.summary}`;
    })
    .join("\n");
}
