import { createSocket, type Socket } from "node:dgram";
import { lookup } from "node:dns/promises";
import { TransportError } from "../errors";
import {
  formatPeer,
  samePeer,
  type DatagramEndpoint,
  type DatagramListener,
  type PeerAddress,
} from "./datagram-endpoint";

/**
 * A UDP socket (node:dgram, IPv4). With a `peer`, the socket is connected to it: the kernel then
 * drops datagrams from any other address, and an ICMP "port unreachable" from the peer's host (the
 * gateway is not running there) reaches us as ECONNREFUSED, which ends the endpoint with
 * OSGP_ERR_UDP_SOCKET instead of leaving every request to time out. The simulator's gateway binds
 * without a peer and answers whoever writes to it.
 */
export interface UdpEndpointOptions {
  /** Local address to bind; "0.0.0.0" for every interface. */
  readonly bindAddress: string;
  /** 0 = any free port. */
  readonly bindPort: number;
  readonly peer?: PeerAddress;
}

export async function openUdpEndpoint(o: UdpEndpointOptions): Promise<DatagramEndpoint> {
  const socket = createSocket({ type: "udp4", reuseAddr: false });
  const where = `udp ${o.bindAddress}:${o.bindPort}${o.peer === undefined ? "" : ` to ${formatPeer(o.peer)}`}`;
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(o.bindPort, o.bindAddress, () => {
        socket.off("error", reject);
        resolve();
      });
    });
    if (o.peer !== undefined) {
      const peer = o.peer;
      await new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.connect(peer.port, peer.address, () => {
          socket.off("error", reject);
          resolve();
        });
      });
    }
  } catch (e) {
    socket.close();
    throw new TransportError("OSGP_ERR_UDP_SOCKET", `cannot open ${where}: ${(e as Error).message}`, { cause: e });
  }
  return new UdpEndpoint(socket, o.peer ?? null);
}

/** A host name or address as the dotted quad that pcap records and the socket need. */
export async function resolveIpv4(host: string): Promise<string> {
  try {
    return (await lookup(host, { family: 4 })).address;
  } catch (e) {
    throw new TransportError(
      "OSGP_ERR_UDP_SOCKET",
      `cannot resolve ${host} to an IPv4 address: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

class UdpEndpoint implements DatagramEndpoint {
  readonly description: string;
  readonly local: PeerAddress;
  private listener: DatagramListener | null = null;
  private open = true;

  constructor(
    private readonly socket: Socket,
    private readonly peer: PeerAddress | null,
  ) {
    const a = socket.address();
    this.local = { address: a.address, port: a.port };
    this.description = `udp ${formatPeer(this.local)}${peer === null ? "" : ` to ${formatPeer(peer)}`}`;
    socket.on("message", (msg, rinfo) => {
      if (this.open) this.listener?.datagram(new Uint8Array(msg), { address: rinfo.address, port: rinfo.port });
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      const why =
        e.code === "ECONNREFUSED"
          ? `${peer === null ? "the peer" : formatPeer(peer)} refused the datagram (ICMP port unreachable: is the gateway running?)`
          : e.message;
      this.end(new TransportError("OSGP_ERR_UDP_SOCKET", `${this.description}: ${why}`, { cause: e }));
    });
  }

  send(bytes: Uint8Array, to: PeerAddress): Promise<void> {
    if (!this.open)
      return Promise.reject(new TransportError("OSGP_ERR_PORT_CLOSED", `${this.description} is closed`, { bytes }));
    if (this.peer !== null && !samePeer(this.peer, to)) {
      return Promise.reject(
        new TransportError(
          "OSGP_ERR_UDP_SOCKET",
          `${this.description} is connected and cannot send to ${formatPeer(to)}`,
          { bytes },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const done = (e: Error | null) =>
        e === null
          ? resolve()
          : reject(new TransportError("OSGP_ERR_PORT_WRITE", `${this.description}: ${e.message}`, { bytes, cause: e }));
      if (this.peer !== null) this.socket.send(bytes, done);
      else this.socket.send(bytes, to.port, to.address, done);
    });
  }

  setListener(listener: DatagramListener): void {
    this.listener = listener;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.end(null);
  }

  private end(error: TransportError | null): void {
    if (!this.open) return;
    this.open = false;
    this.socket.close();
    this.listener?.closed(error);
  }
}
