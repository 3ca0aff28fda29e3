import { CNIP_PORT } from "../../link/cnip/cnip-header";
import type { OsgpCarriage } from "../../link/lon/osgp-over-lon";
import { buildPlcNetwork, DEFAULT_PLC_NETWORK } from "../../simulator/cnip-gateway";
import { CnipGatewayPort } from "../../simulator/cnip-gateway-port";
import { ReferenceMeter } from "../../simulator/meter";
import { defaultOmak } from "../../simulator/plc-keys";
import type { DatagramEndpoint, PeerAddress } from "../../transport/datagram-endpoint";
import {
  DatagramNetwork,
  IN_PROCESS_GATEWAY_ADDRESS,
  IN_PROCESS_HARNESS_ADDRESS,
} from "../../transport/in-process-datagrams";
import { openUdpEndpoint, resolveIpv4 } from "../../transport/udp-endpoint";
import type { Pixit } from "../../conformance/pixit";

/**
 * Where a PLC session's datagrams go: a socket of the harness and the CN/IP gateway's address.
 * On a bench, a UDP socket (bound as plc.bind says) connected to the gateway of the target or
 * PIXIT; for the built-in simulator, an endpoint of an in-process network on which the simulated
 * gateway, with its meters, listens at 192.0.2.2:1628.
 */
export interface PlcBench {
  open(): Promise<{ readonly endpoint: DatagramEndpoint; readonly gateway: PeerAddress }>;
  close(): Promise<void>;
}

export function udpPlcBench(host: string, port: number, pixit: Pixit): PlcBench {
  return {
    async open() {
      const gateway = { address: await resolveIpv4(host), port };
      const endpoint = await openUdpEndpoint({
        bindAddress: pixit.plc.bind.address,
        bindPort: pixit.plc.bind.port,
        peer: gateway,
      });
      return { endpoint, gateway };
    },
    close: async () => undefined,
  };
}

/**
 * The built-in simulator's PLC network in process: `meter` is node 1/11, the one the harness
 * tests, carrying OSGP as the PIXIT's plc.carriage says; the other meters of the default network are its siblings with
 * the same profile and defects, there to answer group and broadcast requests as a real segment would.
 */
export function simulatedPlcBench(
  meter: ReferenceMeter,
  siblings: () => ReferenceMeter,
  carriage: OsgpCarriage,
): PlcBench {
  const network = new DatagramNetwork();
  const meters = [meter, ...Array.from({ length: DEFAULT_PLC_NETWORK.meterCount - 1 }, siblings)];
  const { gateway } = buildPlcNetwork(meters, defaultOmak(), { carriage });
  const port = new CnipGatewayPort(network.bind(IN_PROCESS_GATEWAY_ADDRESS, CNIP_PORT), gateway);
  return {
    open: async () => ({
      endpoint: network.bind(IN_PROCESS_HARNESS_ADDRESS),
      gateway: { address: IN_PROCESS_GATEWAY_ADDRESS, port: CNIP_PORT },
    }),
    close: () => port.close(),
  };
}
