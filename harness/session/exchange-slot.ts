import { SessionError, type OsgpError } from "../errors";

/** What a session keeps of the exchange in flight: at least how to fail it, and what to undo then (a timer). */
export interface InFlight {
  reject(error: OsgpError): void;
  dispose?(): void;
}

/**
 * The one exchange in flight of a session, as every link's session drives it (9.1: the response
 * to a request is the next message from the device): a second exchange while one is in flight is
 * refused, an exchange on a closed session fails with why it closed, and closing fails the one in
 * flight. The session settles it from its link's events (take, then resolve) or fails it.
 */
export class ExchangeSlot<P extends InFlight> {
  private current: P | null = null;
  private closedWith: OsgpError | null = null;

  /** `what` names an exchange in errors: "a MEP exchange". */
  constructor(private readonly what: string) {}

  get pending(): P | null {
    return this.current;
  }

  get isClosed(): boolean {
    return this.closedWith !== null;
  }

  /** Why the session closed, or null while it is open. */
  get closedError(): OsgpError | null {
    return this.closedWith;
  }

  /** Starts an exchange; `send` hands the request to the link, and what it throws fails the exchange. */
  start<T>(
    make: (resolve: (value: T) => void, reject: (error: OsgpError) => void) => P,
    send: () => void,
    bytes: Uint8Array,
  ): Promise<T> {
    if (this.closedWith !== null) return Promise.reject(this.closedWith);
    if (this.current !== null)
      return Promise.reject(
        new SessionError("OSGP_ERR_SESSION_STATE", `${this.what} is already in progress`, { bytes }),
      );
    return new Promise<T>((resolve, reject) => {
      this.current = make(resolve, reject);
      try {
        send();
      } catch (e) {
        this.take();
        reject(e as OsgpError);
      }
    });
  }

  /** The exchange in flight, out of the slot, for the caller to resolve. */
  take(): P | null {
    const p = this.current;
    this.current = null;
    p?.dispose?.();
    return p;
  }

  fail(error: OsgpError): void {
    this.take()?.reject(error);
  }

  /**
   * The session is closed (asked for, or the port went away): this exchange
   * and every later one fail with `error`, or with the first reason given.
   */
  shut(error: OsgpError): void {
    this.closedWith ??= error;
    this.fail(this.closedWith);
  }
}
