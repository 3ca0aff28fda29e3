import { TransportError } from "../errors";
import type { ByteTransport, TransportListener } from "./byte-transport";
import { noteActivity } from "./timers";

/**
 * Two connected ends of an in-memory pipe: what one end writes, the other receives on a later
 * turn of the event loop (never synchronously, so that neither side re-enters the other).
 * The harness talks to the built-in simulator through this, with the very frames a serial port
 * would carry.
 */
export function createInProcessPair(description = "in-process simulator"): [ByteTransport, ByteTransport] {
  const a = new PipeEnd(description);
  const b = new PipeEnd(`${description} (device side)`);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

class PipeEnd implements ByteTransport {
  peer: PipeEnd | null = null;
  private listener: TransportListener | null = null;
  private open = true;

  constructor(readonly description: string) {}

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.open) throw new TransportError("OSGP_ERR_PORT_CLOSED", `${this.description} is closed`, { bytes });
    const peer = this.peer;
    const copy = bytes.slice();
    noteActivity();
    setImmediate(() => peer?.deliver(copy));
  }

  setListener(listener: TransportListener): void {
    this.listener = listener;
  }

  async setBaudRate(): Promise<void> {}

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.listener?.closed(null);
    const peer = this.peer;
    noteActivity();
    setImmediate(() => peer?.hangUp());
  }

  private deliver(bytes: Uint8Array): void {
    if (this.open) this.listener?.data(bytes);
  }

  /** The other end closed: to this end that is a lost line, as an unplugged cable would be. */
  private hangUp(): void {
    if (!this.open) return;
    this.open = false;
    this.listener?.closed(new TransportError("OSGP_ERR_PORT_CLOSED", `the other end of ${this.description} closed`));
  }
}
