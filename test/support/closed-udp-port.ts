import { createSocket } from "node:dgram";

/**
 * A UDP port on `address` with nobody listening: bound once,
 * noted, closed (a datagram to it draws ICMP port unreachable).
 */
export async function closedUdpPort(address = "127.0.0.1"): Promise<number> {
  const s = createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, address, resolve));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
