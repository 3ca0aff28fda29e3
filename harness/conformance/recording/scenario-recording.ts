import { concatBytes } from "../../bytes/byte-arrays";
import type { OsgpError, TransportError } from "../../errors";
import type { Redactor } from "../../security/redactor";
import type { ConnectionLog } from "../../transport/recording-transport";
import type { ConnectionEvent, RecordedError } from "./recording-format";
import type { RecordingSink } from "./recording-file";
import type { KeyForms } from "./recording-keys";
import { now, wallNow } from "../../transport/timers";

/**
 * One scenario's part of a bench recording: its start line, then each connection's events. Times
 * count from the scenario's start (when this recorder was made, with the scenario's world).
 */
export interface ScenarioName {
  readonly id: string;
  readonly name: string;
}

export class ScenarioRecorder {
  private readonly t0: number;
  private readonly wallStart: string;
  private readonly connections: ConnectionRecorder[] = [];
  private begun = false;
  private failedOnce = false;

  constructor(
    private readonly sink: RecordingSink,
    private readonly target: string,
    private readonly keys: KeyForms,
    /** Scrubs error text, which may quote what was sent. */
    private readonly redactor: Redactor,
    /** Read at the first connection: the world learns its scenario only after it is made. */
    private readonly scenario: () => ScenarioName,
    private readonly clock: () => number = now,
  ) {
    this.t0 = clock();
    this.wallStart = new Date(wallNow()).toISOString();
  }

  /** Why the recording could not be written, once it could not. */
  get failure(): string | null {
    return this.sink.failure;
  }

  /** Time since the scenario began, in ms to 0.01. */
  now(): number {
    return Math.round((this.clock() - this.t0) * 100) / 100;
  }

  /** A new connection, numbered from 1, and its opening event. */
  open(opened: {
    readonly description: string;
    readonly local?: string;
    readonly gateway?: string;
  }): ConnectionRecorder {
    const c = this.connection();
    c.write({ dir: "open", t: this.now(), ...opened });
    return c;
  }

  /** A connection that did not open. */
  refused(error: OsgpError): void {
    this.connection().write({ dir: "refused", t: this.now(), error: this.recorded(error) });
  }

  /** The scenario FAILed: `message` is the verdict's, of which the first line is kept. */
  failed(message: string): void {
    if (this.failedOnce) return;
    this.failedOnce = true;
    const s = this.scenario();
    this.begin(s);
    this.sink.write({
      kind: "failed",
      target: this.target,
      scenario: s.id,
      failed: this.redactor.scrub(message.split("\n")[0] ?? ""),
    });
  }

  recorded(e: OsgpError): RecordedError {
    return { code: e.code, detail: this.redactor.scrub(e.detail) };
  }

  private begin(s: ScenarioName): void {
    if (this.begun) return;
    this.begun = true;
    this.sink.write({ kind: "scenario", target: this.target, scenario: s.id, name: s.name, wallStart: this.wallStart });
  }

  private connection(): ConnectionRecorder {
    const s = this.scenario();
    this.begin(s);
    const n = this.connections.length + 1;
    const c = new ConnectionRecorder(
      this,
      (event) => this.sink.write({ kind: "event", target: this.target, scenario: s.id, connection: n, event }),
      this.keys,
    );
    this.connections.push(c);
    return c;
  }

  /** The scenario is over: whatever a connection the harness left open still holds is written. */
  end(): void {
    for (const c of this.connections) c.end();
  }
}

type Held = { readonly event: ConnectionEvent & { readonly dir: "tx" | "rx" }; readonly bytes: Uint8Array };

/**
 * One connection's events, each written as it happens, but for one case: bytes whose end may be
 * the start of a key (a device's echo of a password split across reads) are held until the next
 * chunk shows whether it is, so that no part of a key is ever written in the clear. A chunk of the
 * other direction, a datagram, or the end of the connection settles it.
 */
export class ConnectionRecorder implements ConnectionLog {
  private held: Held[] = [];

  constructor(
    private readonly scenario: ScenarioRecorder,
    private readonly sink: (event: ConnectionEvent) => void,
    private readonly keys: KeyForms,
  ) {}

  now(): number {
    return this.scenario.now();
  }

  write(event: ConnectionEvent): void {
    this.sink(event);
  }

  tx(bytes: Uint8Array, t: number, done: number, peer: string | null, error: TransportError | null): void {
    const extra = {
      ...(peer === null ? {} : { peer }),
      ...(error === null ? {} : { error: this.scenario.recorded(error) }),
    };
    this.hold({ event: { dir: "tx", t, done, bytes: { bytes, keys: [] }, ...extra }, bytes }, peer !== null);
  }

  rx(bytes: Uint8Array, t: number, peer: string | null): void {
    this.hold(
      { event: { dir: "rx", t, bytes: { bytes, keys: [] }, ...(peer === null ? {} : { peer }) }, bytes },
      peer !== null,
    );
  }

  baud(rate: number, t: number): void {
    this.release(true);
    this.write({ dir: "baud", t, rate });
  }

  lost(error: TransportError, t: number): void {
    this.release(true);
    this.write({ dir: "lost", t, error: this.scenario.recorded(error) });
  }

  end(): void {
    this.release(true);
  }

  private hold(h: Held, whole: boolean): void {
    if (this.held.length > 0 && this.held[0]?.event.dir !== h.event.dir) this.release(true);
    this.held.push(h);
    this.release(whole);
  }

  private release(all: boolean): void {
    if (this.held.length === 0) return;
    const joined = concatBytes(...this.held.map((h) => h.bytes));
    const masked = this.keys.mask(joined);
    const settled = all ? joined.length : this.keys.openTail(joined);
    let at = 0;
    let n = 0;
    for (const h of this.held) {
      const end = at + h.bytes.length;
      if (end > settled) break;
      this.write({ ...h.event, bytes: { bytes: masked.bytes.subarray(at, end), keys: masked.keys.slice(at, end) } });
      at = end;
      n++;
    }
    this.held.splice(0, n);
  }
}
