import type { ByteTransport, TransportListener } from "./byte-transport";
import { formatPeer, samePeer, type DatagramEndpoint, type PeerAddress } from "./datagram-endpoint";

/**
 * A datagram endpoint seen as the ByteTransport a link machine runs on, talking to one peer (the
 * CN/IP gateway): each write is one datagram, each data() call one whole datagram. Datagrams from
 * any other address are not the gateway's and never reach the link (a connected UDP socket drops
 * them already; the in-process network does not, so this does).
 */
export function peerTransport(endpoint: DatagramEndpoint, peer: PeerAddress): ByteTransport {
  return {
    description: `${endpoint.description}, gateway ${formatPeer(peer)}`,
    write: (bytes) => endpoint.send(bytes, peer),
    setListener(listener: TransportListener): void {
      endpoint.setListener({
        datagram(bytes, from) {
          if (samePeer(from, peer)) listener.data(bytes);
        },
        closed: (error) => listener.closed(error),
      });
    },
    // A datagram link has no line speed.
    setBaudRate: async () => undefined,
    close: () => endpoint.close(),
  };
}
