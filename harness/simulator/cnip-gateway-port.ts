import type { TransportError } from "../errors";
import type { DatagramEndpoint } from "../transport/datagram-endpoint";
import type { CnipGateway, GatewayEvent } from "./cnip-gateway";
import { now, setTimer, type Timer } from "../transport/timers";

/**
 * Binds a CnipGateway to a datagram endpoint (UDP, or the in-process network): the only place the
 * simulated gateway meets a socket and timers. Datagrams go in with the time; `send` events go out
 * in the order made; the gateway's next deadline is kept on one timer, as MachineRunner does for
 * a byte link.
 */
export interface CnipGatewayPortOptions {
  readonly log?: (line: string) => void;
  /** The endpoint went away on its own (error), or closed (null). Not called after close(). */
  readonly onClosed?: (error: TransportError | null) => void;
  readonly now?: () => number;
}

export class CnipGatewayPort {
  private timer: Timer | null = null;
  private sends: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly now: () => number;

  constructor(
    private readonly endpoint: DatagramEndpoint,
    private readonly gateway: CnipGateway,
    private readonly opts: CnipGatewayPortOptions = {},
  ) {
    this.now = opts.now ?? now;
    endpoint.setListener({
      datagram: (bytes, from) => {
        if (!this.stopped) this.dispatch(this.gateway.receive(bytes, from, this.now()));
      },
      closed: (error) => this.halt(error),
    });
  }

  pressServicePin(meterIndex: number): void {
    this.dispatch(this.gateway.pressServicePin(meterIndex, this.now()));
  }

  /** Resolves when every send asked so far has been handed to the endpoint. */
  flush(): Promise<void> {
    return this.sends;
  }

  close(): Promise<void> {
    this.stop();
    return this.endpoint.close();
  }

  private dispatch(events: GatewayEvent[]): void {
    for (const e of events) {
      if (e.kind === "log") {
        this.opts.log?.(e.line);
        continue;
      }
      // One unreachable peer must not silence the gateway for the others: log, and go on.
      this.sends = this.sends
        .then(() => (this.stopped ? undefined : this.endpoint.send(e.bytes, e.to)))
        .catch((err: unknown) =>
          this.opts.log?.(`cnip gateway: send failed: ${err instanceof Error ? err.message : String(err)}`),
        );
    }
    this.schedule();
  }

  private schedule(): void {
    this.timer?.cancel();
    this.timer = null;
    const at = this.gateway.nextDeadline();
    if (at === undefined || this.stopped) return;
    // +1 ms: timers may fire a hair early, and a deadline is only "passed" strictly after it.
    this.timer = setTimer(
      () => {
        this.timer = null;
        if (!this.stopped) this.dispatch(this.gateway.tick(this.now()));
      },
      Math.max(0, at - this.now()) + 1,
      { side: "device" },
    );
  }

  private stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  private halt(error: TransportError | null): void {
    if (this.stopped) return;
    this.stop();
    if (error !== null) this.opts.log?.(`cnip gateway: endpoint closed: ${error.message}`);
    this.opts.onClosed?.(error);
  }
}
