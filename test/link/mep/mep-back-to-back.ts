import { MepClientLink, type MepClientEvent } from "../../../harness/link/mep/mep-client-link";
import {
  DEFAULT_MEP_LINK_CONFIG,
  DEFAULT_MEP_SERVER_CONFIG,
  type MepLinkConfig,
  type MepServerConfig,
} from "../../../harness/link/mep/mep-link-config";
import { MepServerLink, type MepServerEvent } from "../../../harness/link/mep/mep-server-link";

/**
 * A MEP client and server wired back to back through a wire that may drop any transmission,
 * with a clock turned by hand. Bytes arrive when they are written (an infinitely fast line, so the
 * server hears at once that each segment is out), and the only gaps the client sees are the ones
 * the server leaves, such as between segments.
 * Every deadline is met exactly at its time, so tests can check the documented times.
 */
export type Side = "client" | "server";
/** Whether one transmission reaches the other side; `index` counts that side's transmissions. */
export type Wire = (from: Side, bytes: Uint8Array, index: number) => boolean;
/** The server's answer to the n-th request it receives: a payload after a delay, or silence. */
export type Answer = (request: Uint8Array, index: number) => { payload: Uint8Array; delayMs?: number } | null;

export interface BackToBackOptions {
  readonly client?: MepLinkConfig;
  readonly server?: MepServerConfig;
  readonly answer: Answer;
  readonly wire?: Wire;
}

export class MepBackToBack {
  now = 0;
  readonly client: MepClientLink;
  readonly server: MepServerLink;
  readonly clientEvents: { at: number; event: MepClientEvent }[] = [];
  readonly serverEvents: { at: number; event: MepServerEvent }[] = [];
  /** Every chunk the client received, with its time, for checking the gaps it saw. */
  readonly clientArrivals: { at: number; bytes: Uint8Array }[] = [];
  private readonly actions: { at: number; run: () => void }[] = [];
  private readonly queue: { to: Side; bytes: Uint8Array }[] = [];
  private readonly txCount: Record<Side, number> = { client: 0, server: 0 };
  private requests = 0;

  constructor(private readonly opts: BackToBackOptions) {
    this.client = new MepClientLink(opts.client ?? DEFAULT_MEP_LINK_CONFIG);
    this.server = new MepServerLink(opts.server ?? DEFAULT_MEP_SERVER_CONFIG);
  }

  send(payload: Uint8Array): void {
    this.absorbClient(this.client.send(payload, this.now));
    this.drain();
  }

  /** Runs `action` when the clock reaches `at`, or at once when it has. */
  at(at: number, action: () => void): void {
    if (at <= this.now) action();
    else this.actions.push({ at, run: action });
  }

  /** The server queues one alert now. */
  alert(): void {
    this.absorbServer(this.server.alert(this.now));
    this.drain();
  }

  /** Puts raw bytes on the line towards `to`, now. */
  inject(to: Side, bytes: Uint8Array): void {
    this.queue.push({ to, bytes });
    this.drain();
  }

  /** Turns the clock from deadline to deadline until nothing waits on time, or until `until`. */
  run(until = Infinity, maxSteps = 10_000): void {
    for (let i = 0; i < maxSteps; i++) {
      const due = [this.client.nextDeadline(), this.server.nextDeadline(), ...this.actions.map((a) => a.at)].filter(
        (d): d is number => d !== undefined,
      );
      if (due.length === 0) return;
      const next = Math.min(...due);
      // A reassembler gives up only once its deadline has passed: the next millisecond.
      const at = next > this.now ? next : this.now + 1;
      if (at > until) return;
      this.now = at;
      for (const a of this.actions.filter((x) => x.at <= this.now)) {
        this.actions.splice(this.actions.indexOf(a), 1);
        a.run();
      }
      this.absorbClient(this.client.tick(this.now));
      this.absorbServer(this.server.tick(this.now));
      this.drain();
    }
    throw new Error(`still waiting after ${maxSteps} steps`);
  }

  clientOf<K extends MepClientEvent["kind"]>(kind: K): { at: number; event: Extract<MepClientEvent, { kind: K }> }[] {
    return this.clientEvents.filter(
      (e): e is { at: number; event: Extract<MepClientEvent, { kind: K }> } => e.event.kind === kind,
    );
  }

  serverOf<K extends MepServerEvent["kind"]>(kind: K): { at: number; event: Extract<MepServerEvent, { kind: K }> }[] {
    return this.serverEvents.filter(
      (e): e is { at: number; event: Extract<MepServerEvent, { kind: K }> } => e.event.kind === kind,
    );
  }

  private absorbClient(events: MepClientEvent[]): void {
    for (const event of events) {
      this.clientEvents.push({ at: this.now, event });
      if (event.kind === "tx" && (this.opts.wire?.("client", event.bytes, this.txCount.client++) ?? true))
        this.queue.push({ to: "server", bytes: event.bytes });
    }
  }

  private absorbServer(events: MepServerEvent[]): void {
    let segmentWritten = false;
    for (const event of events) {
      this.serverEvents.push({ at: this.now, event });
      if (event.kind === "tx" && (this.opts.wire?.("server", event.bytes, this.txCount.server++) ?? true))
        this.queue.push({ to: "client", bytes: event.bytes });
      segmentWritten ||= event.kind === "tx" && event.what === "response";
      if (event.kind === "request") {
        const answer = this.opts.answer(event.payload, this.requests++);
        if (answer !== null)
          this.at(this.now + (answer.delayMs ?? 0), () =>
            this.absorbServer(this.server.respond(answer.payload, this.now)),
          );
      }
    }
    // On this line a segment is out the moment it is written (lost or not).
    if (segmentWritten) this.absorbServer(this.server.sent(this.now));
  }

  private drain(): void {
    for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
      if (item.to === "client") {
        this.clientArrivals.push({ at: this.now, bytes: item.bytes });
        this.absorbClient(this.client.receive(item.bytes, this.now));
      } else {
        this.absorbServer(this.server.receive(item.bytes, this.now));
      }
    }
  }
}
