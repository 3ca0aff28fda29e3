import { TransportError } from "../errors";
import { formatPeer, type DatagramEndpoint, type DatagramListener, type PeerAddress } from "./datagram-endpoint";
import { noteActivity } from "./timers";

/**
 * A network in memory for the built-in simulator's PLC target: endpoints bound to addresses, and
 * datagrams delivered on a later turn of the event loop (never synchronously, so neither side
 * re-enters the other). A datagram to an address nobody holds is dropped, as UDP drops it.
 * The default addresses come from TEST-NET-1 (RFC 5737), so a pcap of an in-process run can never
 * be mistaken for traffic of a real bench.
 */
export const IN_PROCESS_HARNESS_ADDRESS = "192.0.2.1";
export const IN_PROCESS_GATEWAY_ADDRESS = "192.0.2.2";

const FIRST_DYNAMIC_PORT = 49152;
const LAST_PORT = 65535;

export class DatagramNetwork {
  private readonly bound = new Map<string, InProcessEndpoint>();
  private nextPort = FIRST_DYNAMIC_PORT;

  /** Port 0 takes a free port from the dynamic range (49152..65535), going round it as the kernel does. */
  bind(address: string, port = 0): DatagramEndpoint {
    const p = port === 0 ? this.freePort(address) : port;
    const key = formatPeer({ address, port: p });
    if (this.bound.has(key))
      throw new TransportError("OSGP_ERR_UDP_SOCKET", `${key} is already bound in the in-process network`);
    const endpoint = new InProcessEndpoint({ address, port: p }, this);
    this.bound.set(key, endpoint);
    return endpoint;
  }

  private freePort(address: string): number {
    for (let tries = 0; tries <= LAST_PORT - FIRST_DYNAMIC_PORT; tries++) {
      const p = this.nextPort;
      this.nextPort = p === LAST_PORT ? FIRST_DYNAMIC_PORT : p + 1;
      if (!this.bound.has(formatPeer({ address, port: p }))) return p;
    }
    throw new TransportError(
      "OSGP_ERR_UDP_SOCKET",
      `every dynamic port of ${address} is bound in the in-process network`,
    );
  }

  /** @internal by InProcessEndpoint */
  route(bytes: Uint8Array, from: PeerAddress, to: PeerAddress): void {
    const copy = bytes.slice();
    noteActivity();
    setImmediate(() => this.bound.get(formatPeer(to))?.deliver(copy, from));
  }

  /** @internal by InProcessEndpoint */
  release(local: PeerAddress): void {
    this.bound.delete(formatPeer(local));
  }
}

class InProcessEndpoint implements DatagramEndpoint {
  readonly description: string;
  private listener: DatagramListener | null = null;
  private open = true;

  constructor(
    readonly local: PeerAddress,
    private readonly network: DatagramNetwork,
  ) {
    this.description = `in-process udp ${formatPeer(local)}`;
  }

  async send(bytes: Uint8Array, to: PeerAddress): Promise<void> {
    if (!this.open) throw new TransportError("OSGP_ERR_PORT_CLOSED", `${this.description} is closed`, { bytes });
    this.network.route(bytes, this.local, to);
  }

  setListener(listener: DatagramListener): void {
    this.listener = listener;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.network.release(this.local);
    this.listener?.closed(null);
  }

  deliver(bytes: Uint8Array, from: PeerAddress): void {
    if (this.open) this.listener?.datagram(bytes, from);
  }
}
