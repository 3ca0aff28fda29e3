import { ConfigError } from "../errors";
import type { BenchAddress } from "./link-contract";

/** `PATH` of `optical:PATH` or `mep:PATH`: any non-empty path (a serial device, a pty). */
export function serialAddress(rest: string): BenchAddress | null {
  return rest === "" ? null : { kind: "serial", path: rest };
}

/** `HOST[:PORT]` of `plc:HOST[:PORT]`; a port outside 1..65535 is a usage error, not another link's form. */
export function udpAddress(rest: string, defaultPort: number): BenchAddress | null {
  const m = /^([^:]+)(?::(\d+))?$/.exec(rest);
  if (m === null) return null;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (port < 1 || port > 0xffff)
    throw new ConfigError("OSGP_ERR_TARGET", `target "plc:${rest}": UDP port ${port} is outside 1..65535`);
  return { kind: "udp", host: m[1] as string, port };
}

export function serialPath(a: BenchAddress): string {
  if (a.kind !== "serial")
    throw new ConfigError("OSGP_ERR_TARGET", `a serial link was given a network address (${a.host}:${a.port})`);
  return a.path;
}

export function udpPeer(a: BenchAddress): { readonly host: string; readonly port: number } {
  if (a.kind !== "udp") throw new ConfigError("OSGP_ERR_TARGET", `a datagram link was given a serial path (${a.path})`);
  return a;
}
