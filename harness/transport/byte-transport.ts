import type { TransportError } from "../errors";

/**
 * The one seam between the harness and the outside world: a duplex byte pipe. Sessions and the
 * simulator's ports work against this interface, so the same code runs over a pty, a real serial
 * port, or an in-process pipe.
 */
export interface ByteTransport {
  /** For reports and errors: "serial /dev/ttyUSB0 9600 8N1", "in-process simulator". */
  readonly description: string;
  write(bytes: Uint8Array): Promise<void>;
  /** Exactly one listener; set it before any byte can arrive. */
  setListener(listener: TransportListener): void;
  /** Switch the line speed (after a C12.18 negotiate); a pipe without a speed ignores it. */
  setBaudRate(rate: number): Promise<void>;
  close(): Promise<void>;
}

export interface TransportListener {
  data(chunk: Uint8Array): void;
  /** `error` is null when the close was asked for, else why the port went away (unplugged, ...). */
  closed(error: TransportError | null): void;
}
