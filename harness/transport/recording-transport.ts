import { TransportError } from "../errors";
import type { ByteTransport, TransportListener } from "./byte-transport";
import { formatPeer, type DatagramEndpoint, type DatagramListener, type PeerAddress } from "./datagram-endpoint";

/**
 * Where a recorded connection's events go (conformance/recording/scenario-recording.ts writes them
 * to the bench recording). Times are the log's own clock, read before and after each write: `t` when the
 * harness handed bytes over, `done` when the port had taken them (a serial port: drained), so that
 * a replay keeps the time a write takes on the line, which the MEP response-time checks count from.
 */
export interface ConnectionLog {
  now(): number;
  tx(bytes: Uint8Array, t: number, done: number, peer: string | null, error: TransportError | null): void;
  rx(bytes: Uint8Array, t: number, peer: string | null): void;
  baud(rate: number, t: number): void;
  lost(error: TransportError, t: number): void;
  /** The harness closed the connection. */
  end(): void;
}

/**
 * Every byte through `inner`, both ways, in the order it passed;
 * received bytes are logged before the harness sees them.
 */
export function recordingTransport(inner: ByteTransport, log: ConnectionLog): ByteTransport {
  return {
    description: inner.description,
    async write(bytes: Uint8Array): Promise<void> {
      const copy = bytes.slice();
      const t = log.now();
      try {
        await inner.write(bytes);
      } catch (e) {
        log.tx(copy, t, log.now(), null, asTransportError(e));
        throw e;
      }
      log.tx(copy, t, log.now(), null, null);
    },
    setListener(listener: TransportListener): void {
      inner.setListener({
        data(chunk) {
          log.rx(chunk.slice(), log.now(), null);
          listener.data(chunk);
        },
        closed(error) {
          if (error !== null) log.lost(error, log.now());
          listener.closed(error);
        },
      });
    },
    async setBaudRate(rate: number): Promise<void> {
      log.baud(rate, log.now());
      await inner.setBaudRate(rate);
    },
    async close(): Promise<void> {
      try {
        await inner.close();
      } finally {
        log.end();
      }
    },
  };
}

/** The same for a datagram endpoint: each datagram one event, with the peer it went to or came from. */
export function recordingEndpoint(inner: DatagramEndpoint, log: ConnectionLog): DatagramEndpoint {
  return {
    description: inner.description,
    local: inner.local,
    async send(bytes: Uint8Array, to: PeerAddress): Promise<void> {
      const copy = bytes.slice();
      const t = log.now();
      try {
        await inner.send(bytes, to);
      } catch (e) {
        log.tx(copy, t, log.now(), formatPeer(to), asTransportError(e));
        throw e;
      }
      log.tx(copy, t, log.now(), formatPeer(to), null);
    },
    setListener(listener: DatagramListener): void {
      inner.setListener({
        datagram(bytes, from) {
          log.rx(bytes.slice(), log.now(), formatPeer(from));
          listener.datagram(bytes, from);
        },
        closed(error) {
          if (error !== null) log.lost(error, log.now());
          listener.closed(error);
        },
      });
    },
    async close(): Promise<void> {
      try {
        await inner.close();
      } finally {
        log.end();
      }
    },
  };
}

function asTransportError(e: unknown): TransportError {
  return e instanceof TransportError
    ? e
    : new TransportError("OSGP_ERR_PORT_WRITE", e instanceof Error ? e.message : String(e));
}
