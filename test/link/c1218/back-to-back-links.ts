import {
  C1218Link,
  type LinkConfig,
  type LinkEvent,
  type PacketLimits,
} from "../../../harness/link/c1218/link-state-machine";

/**
 * Two C1218Link instances wired back to back through a wire that can drop, duplicate or alter
 * each transmission, with a clock advanced by hand. Bytes are delivered one transmission at a
 * time, in order, with no time passing: what a half-duplex optical link does at infinite speed.
 */
export type Side = "a" | "b";
export type TxEvent = Extract<LinkEvent, { kind: "tx" }>;
/** What the wire does with one transmission: the bytes to deliver (none = dropped, several = repeated). */
export type Wire = (from: Side, tx: TxEvent, index: number) => Uint8Array[];

export const deliverAll: Wire = (_from, tx) => [tx.bytes];

export class BackToBack {
  now = 0;
  readonly links: Record<Side, C1218Link>;
  readonly events: Record<Side, LinkEvent[]> = { a: [], b: [] };
  private readonly queue: { to: Side; bytes: Uint8Array }[] = [];
  private readonly txCount: Record<Side, number> = { a: 0, b: 0 };

  constructor(
    config: LinkConfig,
    limits: PacketLimits,
    private readonly wire: Wire = deliverAll,
  ) {
    this.links = { a: new C1218Link(config, limits), b: new C1218Link(config, limits) };
  }

  send(from: Side, message: Uint8Array): void {
    this.absorb(from, this.links[from].send(message, this.now));
    this.drain();
  }

  /** Runs the clock from deadline to deadline until neither side waits on time. */
  settle(maxSteps = 100): void {
    for (let i = 0; i < maxSteps; i++) {
      const deadlines = [this.links.a.nextDeadline(), this.links.b.nextDeadline()].filter(
        (d): d is number => d !== undefined,
      );
      if (deadlines.length === 0) return;
      // +1: the reassembler gives up only once its deadline has passed.
      this.now = Math.max(this.now, Math.min(...deadlines)) + 1;
      this.absorb("a", this.links.a.tick(this.now));
      this.absorb("b", this.links.b.tick(this.now));
      this.drain();
    }
    throw new Error(`links still waiting after ${maxSteps} deadlines`);
  }

  of<K extends LinkEvent["kind"]>(side: Side, kind: K): Extract<LinkEvent, { kind: K }>[] {
    return this.events[side].filter((e): e is Extract<LinkEvent, { kind: K }> => e.kind === kind);
  }

  private absorb(side: Side, events: LinkEvent[]): void {
    const other: Side = side === "a" ? "b" : "a";
    for (const ev of events) {
      this.events[side].push(ev);
      if (ev.kind === "tx")
        for (const bytes of this.wire(side, ev, this.txCount[side]++)) this.queue.push({ to: other, bytes });
    }
  }

  private drain(): void {
    for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
      this.absorb(item.to, this.links[item.to].receive(item.bytes, this.now));
    }
  }
}
