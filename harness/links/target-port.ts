import { ConfigError } from "../errors";
import type { ByteTransport } from "../transport/byte-transport";
import type { DatagramEndpoint, PeerAddress } from "../transport/datagram-endpoint";

/**
 * How a target is reached: a byte pipe opened per session (a serial port, a pty, the simulator's
 * in-process port) or a datagram socket to a gateway. A link knows which of the two it uses.
 */
export interface BytePort {
  readonly kind: "bytes";
  connect(): Promise<ByteTransport>;
  close(): Promise<void>;
}

export interface DatagramPort {
  readonly kind: "datagrams";
  open(): Promise<{ readonly endpoint: DatagramEndpoint; readonly gateway: PeerAddress }>;
  close(): Promise<void>;
}

export type TargetPort = BytePort | DatagramPort;

/** The byte pipe of a port; a datagram port here is a link implemented against the wrong kind of port. */
export function bytePort(port: TargetPort, what: string): BytePort {
  if (port.kind !== "bytes")
    throw new ConfigError(
      "OSGP_ERR_TARGET",
      `${what} needs a byte link (a serial port or the simulator's port), not a datagram socket`,
    );
  return port;
}

export function datagramPort(port: TargetPort, what: string): DatagramPort {
  if (port.kind !== "datagrams")
    throw new ConfigError("OSGP_ERR_TARGET", `${what} needs a datagram link (a CN/IP gateway), not a byte pipe`);
  return port;
}
