import type { TransportError } from "../../harness/errors";
import type { DatagramEndpoint, DatagramListener, PeerAddress } from "../../harness/transport/datagram-endpoint";

/**
 * A listener that keeps what an endpoint receives and lets a test wait for it. Waiting is bounded
 * by the test's own timeout option, so a datagram that never comes fails the test instead of
 * hanging the run.
 */
export interface Received {
  readonly bytes: Uint8Array;
  readonly from: PeerAddress;
}

export class Inbox implements DatagramListener {
  readonly received: Received[] = [];
  readonly closes: (TransportError | null)[] = [];
  private waiters: (() => void)[] = [];

  static on(endpoint: DatagramEndpoint): Inbox {
    const inbox = new Inbox();
    endpoint.setListener(inbox);
    return inbox;
  }

  datagram(bytes: Uint8Array, from: PeerAddress): void {
    this.received.push({ bytes, from });
    this.wake();
  }

  closed(error: TransportError | null): void {
    this.closes.push(error);
    this.wake();
  }

  /** Resolves once `count` datagrams in all have arrived. */
  async datagrams(count: number): Promise<Received[]> {
    while (this.received.length < count) await new Promise<void>((r) => this.waiters.push(r));
    return this.received.slice(0, count);
  }

  /** Resolves at the first close report. */
  async closing(): Promise<TransportError | null> {
    while (this.closes.length === 0) await new Promise<void>((r) => this.waiters.push(r));
    return this.closes[0] as TransportError | null;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** One full turn of the event loop: what an in-process network delivers "later" has arrived after it. */
export const nextTurn = () => new Promise<void>((r) => setImmediate(r));
