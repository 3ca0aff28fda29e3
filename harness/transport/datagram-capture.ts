import type { DatagramEndpoint, DatagramListener, PeerAddress } from "./datagram-endpoint";

/**
 * Every datagram an endpoint sends or receives, with the wall-clock time it passed and both
 * addresses, handed to a sink (the pcap writer of a PLC run). Recorded before the protocol sees
 * it, so a packet the harness ignores or cannot decode is in the capture all the same.
 */
export interface CapturedDatagram {
  /** Milliseconds since 1970 (Date.now()), what pcap timestamps count. */
  readonly timestampMs: number;
  readonly from: PeerAddress;
  readonly to: PeerAddress;
  readonly bytes: Uint8Array;
}

export function captureDatagrams(
  inner: DatagramEndpoint,
  sink: (d: CapturedDatagram) => void,
  clock: () => number = Date.now,
): DatagramEndpoint {
  return {
    description: inner.description,
    local: inner.local,
    async send(bytes: Uint8Array, to: PeerAddress): Promise<void> {
      await inner.send(bytes, to);
      sink({ timestampMs: clock(), from: inner.local, to, bytes: bytes.slice() });
    },
    setListener(listener: DatagramListener): void {
      inner.setListener({
        datagram(bytes, from) {
          sink({ timestampMs: clock(), from, to: inner.local, bytes: bytes.slice() });
          listener.datagram(bytes, from);
        },
        closed: (error) => listener.closed(error),
      });
    },
    close: () => inner.close(),
  };
}
