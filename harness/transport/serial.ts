import { TransportError } from "../errors";
import type { ByteTransport, TransportListener } from "./byte-transport";

/**
 * A real serial port (an optical probe, or one end of a socat pty pair) through `serialport`.
 * The port class is injected so that tests can use SerialPortMock; the default is the real one.
 *
 * Failure modes, each a TransportError within a bounded time:
 *  - missing port, busy port, no permission: OSGP_ERR_PORT_OPEN when opening (or after openTimeoutMs)
 *  - unplugged while in use: the listener hears OSGP_ERR_PORT_CLOSED
 *  - a write that does not complete within writeTimeoutMs: OSGP_ERR_PORT_WRITE
 * A device that stays silent is not the port's business: the link's time-outs report it.
 */
export interface SerialSettings {
  readonly path: string;
  readonly baudRate: number;
  readonly dataBits: 7 | 8;
  readonly parity: "none" | "even" | "odd";
  readonly stopBits: 1 | 2;
  readonly openTimeoutMs: number;
  readonly writeTimeoutMs: number;
}

/** The part of SerialPort (and SerialPortMock) this transport uses. */
export interface SerialPortLike {
  open(callback: (err: Error | null) => void): void;
  write(data: Buffer, callback: (err: Error | null | undefined) => void): boolean;
  drain(callback: (err: Error | null) => void): void;
  update(options: { baudRate: number }, callback: (err: Error | null) => void): void;
  close(callback: (err: Error | null) => void): void;
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "close", listener: (err?: Error & { disconnected?: boolean }) => void): unknown;
  on(event: "error", listener: (err: Error) => void): unknown;
  readonly isOpen: boolean;
}

export type SerialPortFactory = (options: {
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: "none" | "even" | "odd";
  stopBits: 1 | 2;
  autoOpen: false;
}) => SerialPortLike;

/**
 * The real port, loaded when a port is opened: finding serialport's native binding costs every
 * process that loads the harness, and most never open a port (a run against the simulator).
 */
async function realPort(): Promise<SerialPortFactory> {
  const { SerialPort } = await import("serialport");
  return (options) => new SerialPort(options) as unknown as SerialPortLike;
}

export async function openSerialTransport(
  settings: SerialSettings,
  injected?: SerialPortFactory,
): Promise<ByteTransport> {
  const factory = injected ?? (await realPort());
  const description = `serial ${settings.path} ${settings.baudRate} ${settings.dataBits}${settings.parity[0]?.toUpperCase()}${settings.stopBits}`;
  let port: SerialPortLike;
  try {
    port = factory({ ...settingsWithoutTimeouts(settings), autoOpen: false });
  } catch (e) {
    throw new TransportError("OSGP_ERR_PORT_OPEN", `cannot open ${description}: ${messageOf(e)}`, { cause: e });
  }
  await withTimeout(
    new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve()))),
    settings.openTimeoutMs,
    (e) => new TransportError("OSGP_ERR_PORT_OPEN", `cannot open ${description}: ${messageOf(e)}`, { cause: e }),
  );
  return new SerialTransport(port, description, settings.writeTimeoutMs, settings.baudRate);
}

class SerialTransport implements ByteTransport {
  private listener: TransportListener | null = null;
  private closing = false;
  private ended = false;
  private baudRate: number;
  /** When the bytes of the last write have left the line at the present speed (monotonic ms). */
  private lineFreeAt = 0;

  constructor(
    private readonly port: SerialPortLike,
    readonly description: string,
    private readonly writeTimeoutMs: number,
    baudRate: number,
  ) {
    this.baudRate = baudRate;
    port.on("data", (chunk) => this.listener?.data(new Uint8Array(chunk)));
    port.on("close", (err) => {
      if (err?.disconnected === true)
        this.end(
          new TransportError("OSGP_ERR_PORT_CLOSED", `${description} was unplugged or hung up: ${err.message}`, {
            cause: err,
          }),
        );
      else this.end(this.closing ? null : new TransportError("OSGP_ERR_PORT_CLOSED", `${description} closed`));
    });
    port.on("error", (err) =>
      this.end(new TransportError("OSGP_ERR_PORT_CLOSED", `${description} failed: ${err.message}`, { cause: err })),
    );
  }

  setListener(listener: TransportListener): void {
    this.listener = listener;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.ended) throw new TransportError("OSGP_ERR_PORT_CLOSED", `${this.description} is closed`, { bytes });
    const failure = (e: unknown) => {
      // A hung-up line may fail the write before the poller reports the hang-up: either way the
      // listener learns that the port is gone.
      if (/\b(EIO|ENXIO|EBADF|ENODEV)\b/.test(messageOf(e)))
        this.end(
          new TransportError("OSGP_ERR_PORT_CLOSED", `${this.description} was unplugged or hung up: ${messageOf(e)}`, {
            cause: e,
          }),
        );
      return new TransportError("OSGP_ERR_PORT_WRITE", `write to ${this.description} failed: ${messageOf(e)}`, {
        bytes,
        cause: e,
      });
    };
    this.lineFreeAt = Math.max(this.lineFreeAt, performance.now()) + (bytes.length * 10 * 1000) / this.baudRate;
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        this.port.write(Buffer.from(bytes), (err) => {
          if (err) reject(err);
          else this.port.drain((e) => (e ? reject(e) : resolve()));
        });
      }),
      this.writeTimeoutMs,
      failure,
    );
  }

  /**
   * serialport changes the speed with tcflush(TCIOFLUSH), which throws away whatever is still
   * buffered, in either direction: the ACK just written would be lost. So an unchanged speed is not
   * set again, and a new one waits until the last bytes written have had their time on the line.
   */
  async setBaudRate(rate: number): Promise<void> {
    if (rate === this.baudRate) return;
    const wait = this.lineFreeAt - performance.now() + LINE_SETTLE_MS;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.baudRate = rate;
    await new Promise<void>((resolve, reject) =>
      this.port.update({ baudRate: rate }, (err) =>
        err
          ? reject(
              new TransportError(
                "OSGP_ERR_PORT_WRITE",
                `cannot switch ${this.description} to ${rate} baud: ${err.message}`,
                { cause: err },
              ),
            )
          : resolve(),
      ),
    );
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.closing = true;
    // As with a speed change: closing may flush what is still on its way, and a lost last ACK makes
    // the device resend its last response into the next session.
    const wait = this.lineFreeAt - performance.now() + LINE_SETTLE_MS;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
    this.end(null);
  }

  private end(error: TransportError | null): void {
    if (this.ended) return;
    this.ended = true;
    this.listener?.closed(error);
  }
}

/** Margin after the last byte's line time before the speed may change (UART FIFO, USB adapters). */
const LINE_SETTLE_MS = 5;

function settingsWithoutTimeouts(s: SerialSettings) {
  return { path: s.path, baudRate: s.baudRate, dataBits: s.dataBits, parity: s.parity, stopBits: s.stopBits };
}

async function withTimeout<T>(work: Promise<T>, ms: number, toError: (e: unknown) => TransportError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the operating system within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (e) {
    throw toError(e);
  } finally {
    clearTimeout(timer);
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
