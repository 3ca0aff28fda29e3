import type { TransportError } from "../errors";
import type { SansIoMachine } from "../link/sans-io-machine";
import type { ByteTransport } from "./byte-transport";
import { now, setTimer, type Timer } from "./timers";
import type { TimerSide } from "./virtual-time";

/** A timer this late means the process itself stalled, not that the peer went quiet. */
const STALL_MS = 10;
/** Long enough for the reads queued during a stall (the serial port's thread-pool reads) to complete. */
const STALL_GRACE_MS = 5;

export interface RunnerHandlers<E> {
  events(events: E[]): void;
  /** The port went away (null: we closed it), or a write failed. */
  closed(error: TransportError | null): void;
}

/**
 * Drives a SansIoMachine over a ByteTransport: feeds it the bytes that arrive, calls `tick` when
 * its next deadline passes, and writes bytes in order. This is the only place where a link meets
 * timers and the port, for the harness and for the simulator alike.
 */
export class MachineRunner<E> {
  private timer: Timer | null = null;
  private writes: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly transport: ByteTransport,
    private readonly machine: SansIoMachine<E>,
    private readonly handlers: RunnerHandlers<E>,
    /** Whose deadlines these are: the simulator's ports say "device" (see ./timers.ts). */
    private readonly side: TimerSide = "harness",
  ) {
    transport.setListener({
      data: (chunk) => {
        if (!this.stopped) this.dispatch(this.machine.receive(chunk, now()));
      },
      closed: (error) => this.halt(error),
    });
  }

  /** Runs an action on the machine (such as sending a message) and handles what it produced. */
  act(action: (now: number) => E[]): void {
    this.dispatch(action(now()));
  }

  /** Queues bytes; writes happen one after another, in the order asked. */
  write(bytes: Uint8Array): void {
    this.writes = this.writes
      .then(() => (this.stopped ? undefined : this.transport.write(bytes)))
      .catch((e: TransportError) => this.halt(e));
  }

  /** Resolves when every queued write has gone to the port. */
  flush(): Promise<void> {
    return this.writes;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  private dispatch(events: E[]): void {
    if (events.length > 0) this.handlers.events(events);
    this.schedule();
  }

  private schedule(): void {
    this.timer?.cancel();
    this.timer = null;
    const at = this.machine.nextDeadline();
    if (at === undefined || this.stopped) return;
    // +1 ms: timers may fire a hair early, and a deadline is only "passed" strictly after it.
    this.timer = setTimer(
      () => {
        this.timer = null;
        if (now() - at <= STALL_MS) this.tick();
        else this.tickAfterPendingReads();
      },
      Math.max(0, at - now()) + 1,
      { side: this.side },
    );
  }

  private tick(): void {
    if (!this.stopped) this.dispatch(this.machine.tick(now()));
  }

  /**
   * This process was not scheduled for a while (a loaded machine): the event loop runs due timers
   * before it reads the port, so bytes the peer sent in time may still wait to be read. Reading
   * them first keeps our own pause from passing for the peer's silence: bytes that come are
   * dispatched, which reschedules from the machine's new deadline and cancels this tick.
   */
  private tickAfterPendingReads(): void {
    this.timer = setTimer(
      () => {
        this.timer = null;
        this.tick();
      },
      STALL_GRACE_MS,
      { side: this.side },
    );
  }

  private halt(error: TransportError | null): void {
    if (this.stopped) return;
    this.stop();
    this.handlers.closed(error);
  }
}
