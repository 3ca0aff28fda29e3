import type { TransportError } from "../errors";

/**
 * A datagram socket, as the PLC bench needs it: each send is one datagram to one peer, each
 * delivery one whole datagram from one peer. UDP sockets (udp-endpoint.ts), the in-process network
 * of the built-in simulator (in-process-datagrams.ts) and the pcap capture around either
 * (datagram-capture.ts) implement it, so the harness and the simulator's gateway run unchanged
 * over any of them.
 */
export interface PeerAddress {
  /** Dotted-quad IPv4 address. */
  readonly address: string;
  readonly port: number;
}

export interface DatagramListener {
  datagram(bytes: Uint8Array, from: PeerAddress): void;
  /** `error` is null when the close was asked for. */
  closed(error: TransportError | null): void;
}

export interface DatagramEndpoint {
  /** For reports and errors: "udp 127.0.0.1:40122". */
  readonly description: string;
  /** Where this endpoint is bound (the source address of what it sends). */
  readonly local: PeerAddress;
  send(bytes: Uint8Array, to: PeerAddress): Promise<void>;
  /** Exactly one listener; set it before any datagram can arrive. */
  setListener(listener: DatagramListener): void;
  close(): Promise<void>;
}

export function formatPeer(p: PeerAddress): string {
  return `${p.address}:${p.port}`;
}

export function samePeer(a: PeerAddress, b: PeerAddress): boolean {
  return a.address === b.address && a.port === b.port;
}
