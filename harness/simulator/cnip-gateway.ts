import { concatBytes } from "../bytes/byte-arrays";
import { ConfigError } from "../errors";
import {
  CNIP_DATA_PACKET,
  CNIP_PROTOCOL_LON,
  CNIP_STATUS_REQUEST,
  CNIP_STATUS_RESPONSE,
  cnipDataPacket,
  decodeCnipPacket,
  encodeCnipPacket,
} from "../link/cnip/cnip-header";
import { decodeLonPdu, encodeLonPdu, type LonPdu } from "../link/lon/lon-pdu";
import { DEFAULT_CARRIAGE, type OsgpCarriage } from "../link/lon/osgp-over-lon";
import type { Secret } from "../security/secret";
import { formatPeer, samePeer, type PeerAddress } from "../transport/datagram-endpoint";
import type { ReferenceMeter } from "./meter";
import { Impairment, NO_IMPAIRMENT, type ImpairmentOptions } from "./plc-impairment";
import { PLC_MAX_RESPONSE_APDU, PlcMeterNode, type OsgpFrameServer } from "./plc-meter-node";
import { DEFAULT_PLC_SECURITY, plcSecuredServer, type PlcSecurityOptions } from "./plc-security";
import { securedTestFault, type TestFault } from "./test-faults";

/**
 * A CN/IP (ISO/IEC 14908-4) gateway with meters on its PLC channel, sans-IO: datagrams and the time
 * in, datagrams to send and log lines out. It answers a status request itself; it puts the 14908-1
 * PDU of a data packet on the channel, where every node hears it (each keeps what is addressed to
 * it), and tunnels what the nodes send back to the UDP peer that last spoke for the destination's
 * subnet/node. The channel is impaired both ways (plc-impairment.ts), with one seeded stream for
 * every decision, taken in the order the gateway makes them.
 *
 * Not modelled: configuration-server traffic (device registration, channel membership...) and
 * EIA-852 authentication; such packets are logged and dropped.
 */
export type GatewayEvent =
  | { readonly kind: "send"; readonly bytes: Uint8Array; readonly to: PeerAddress }
  | { readonly kind: "log"; readonly line: string };

export interface CnipGatewayConfig {
  readonly nodes: readonly PlcMeterNode[];
  readonly impairment?: ImpairmentOptions;
}

/** The gateway's CN/IP session id: "OSGP" in ASCII, fixed for the gateway's life. */
export const GATEWAY_SESSION_ID = 0x4f534750;

/** A PDU on its way across the channel: to every node, or from a node to UDP peers. */
type InFlight = { readonly at: number; readonly order: number } & (
  { readonly toNodes: LonPdu } | { readonly toPeers: LonPdu; readonly peers: readonly PeerAddress[] }
);

export class CnipGateway {
  private readonly impairment: Impairment;
  private readonly inFlight: InFlight[] = [];
  /** Per LON source subnet/node, the UDP peer that last sent a packet from it. */
  private readonly routes = new Map<string, PeerAddress>();
  /** Every peer that has sent the gateway a valid CN/IP packet: where a service pin goes. */
  private readonly peers: PeerAddress[] = [];
  /** CN/IP sequence number of the next packet the gateway sends; the first is 1, the field wraps at 2^32. */
  private sequence = 1;
  private order = 0;

  constructor(private readonly config: CnipGatewayConfig) {
    this.impairment = new Impairment(config.impairment ?? NO_IMPAIRMENT);
  }

  get nodes(): readonly PlcMeterNode[] {
    return this.config.nodes;
  }

  receive(datagram: Uint8Array, from: PeerAddress, now: number): GatewayEvent[] {
    const out: GatewayEvent[] = [];
    const drop = (why: string) =>
      out.push({
        kind: "log",
        line: `cnip gateway: dropped ${datagram.length} bytes from ${formatPeer(from)}: ${why}`,
      });
    const c = decodeCnipPacket(datagram);
    if (!c.ok) {
      drop(c.error.message);
      return out;
    }
    const p = c.value;
    if (p.packetType === CNIP_STATUS_REQUEST) {
      this.remember(from);
      // The status response's layout is not public (packet-cnip.c shows the header only): empty payload.
      out.push(this.send(CNIP_STATUS_RESPONSE, new Uint8Array(0), from));
      return out;
    }
    if (p.packetType !== CNIP_DATA_PACKET) drop(`CN/IP packet type 0x${p.packetType.toString(16)} is not modelled`);
    else if (p.protocol !== CNIP_PROTOCOL_LON) drop(`CN/IP protocol ${p.protocol} is not ISO/IEC 14908-1`);
    else if (p.security) drop("EIA-852 authentication is not modelled");
    else {
      const l = decodeLonPdu(p.payload);
      if (!l.ok) drop(l.error.message);
      else {
        this.remember(from);
        this.routes.set(lonKey(l.value.address.srcSubnet, l.value.address.srcNode), from);
        this.schedule(now, (at, order) => ({ at, order, toNodes: l.value }));
      }
    }
    return out.concat(this.run(now));
  }

  tick(now: number): GatewayEvent[] {
    return this.run(now);
  }

  nextDeadline(): number | undefined {
    return this.inFlight[0]?.at;
  }

  /** The meter's service pin: its Service Pin message crosses the channel to every peer seen so far. */
  pressServicePin(meterIndex: number, now: number): GatewayEvent[] {
    const node = this.config.nodes[meterIndex];
    if (node === undefined)
      throw new ConfigError(
        "OSGP_ERR_USAGE",
        `no meter ${meterIndex}; the gateway has meters 0..${this.config.nodes.length - 1}`,
      );
    const peers = this.peers.slice();
    this.schedule(now, (at, order) => ({ at, order, toPeers: node.servicePin(), peers }));
    return this.run(now);
  }

  private remember(peer: PeerAddress): void {
    if (!this.peers.some((p) => samePeer(p, peer))) this.peers.push(peer);
  }

  /** One crossing of the channel: the impairment says how many copies arrive, and when. */
  private schedule(now: number, make: (at: number, order: number) => InFlight): void {
    for (const delay of this.impairment.decide()) {
      this.inFlight.push(make(now + delay, this.order++));
    }
    this.inFlight.sort((a, b) => a.at - b.at || a.order - b.order);
  }

  /** Everything due by `now`, including what it causes with no delay. */
  private run(now: number): GatewayEvent[] {
    const out: GatewayEvent[] = [];
    for (let next = this.inFlight[0]; next !== undefined && next.at <= now; next = this.inFlight[0]) {
      this.inFlight.shift();
      if ("toPeers" in next) {
        const payload = encodeLonPdu(next.toPeers);
        for (const peer of next.peers) out.push(this.send(CNIP_DATA_PACKET, payload, peer));
        continue;
      }
      for (const node of this.config.nodes) {
        for (const response of node.receive(next.toNodes, now)) this.answer(response, now, out);
      }
    }
    return out;
  }

  private answer(response: LonPdu, now: number, out: GatewayEvent[]): void {
    const a = response.address;
    const peer =
      a.format === "subnet-node" || a.format === "group-ack"
        ? this.routes.get(lonKey(a.dstSubnet, a.dstNode))
        : undefined;
    if (peer === undefined) {
      out.push({
        kind: "log",
        line: `cnip gateway: no UDP peer has spoken for the destination of a response from ${a.srcSubnet}/${a.srcNode}; dropped`,
      });
      return;
    }
    this.schedule(now, (at, order) => ({ at, order, toPeers: response, peers: [peer] }));
  }

  private send(packetType: number, payload: Uint8Array, to: PeerAddress): GatewayEvent {
    // Timestamp 0: what the reference stack sends until its clock is synchronised; the simulator claims none.
    const packet = {
      ...cnipDataPacket({ payload, sessionId: GATEWAY_SESSION_ID, sequence: this.sequence, timestamp: 0 }),
      packetType,
    };
    this.sequence = (this.sequence + 1) % 2 ** 32;
    return { kind: "send", bytes: encodeCnipPacket(packet), to };
  }
}

function lonKey(subnet: number, node: number): string {
  return `${subnet}/${node}`;
}

// ---------------------------------------------------------------------------------------------
// The built-in simulator's PLC network.

/**
 * `count` meters (default 3) on subnet 1 as nodes 11, 12, 13..., unique ids 4f 53 47 50 00 01,
 * ... 00 02, ... ("OSGP" and the meter's number from 1), one program id 4f 53 47 50 53 49 4d 01
 * ("OSGPSIM" and 01), domain 01 (one byte), all in group 1 as members 0..count-1, receive timer
 * 8 s. The harness's default PLC PIXITs (subnet 1, domain 01) reach them as they are.
 */
export const DEFAULT_PLC_NETWORK = {
  subnet: 1,
  firstNode: 11,
  uniqueIdPrefix: Uint8Array.of(0x4f, 0x53, 0x47, 0x50),
  programId: Uint8Array.of(0x4f, 0x53, 0x47, 0x50, 0x53, 0x49, 0x4d, 0x01),
  domain: Uint8Array.of(0x01),
  group: 1,
  receiveTimerMs: 8000,
  meterCount: 3,
} as const;

/** Members are 0..63, so a group holds at most 64 meters. */
export const MAX_PLC_METERS = 64;

export interface PlcNetworkOptions {
  readonly impairment?: ImpairmentOptions;
  /** How OSGP rides in 14908-1 APDUs; the harness's plc.carriage must say the same. */
  readonly carriage?: OsgpCarriage;
  readonly security?: PlcSecurityOptions;
  /** Lines from the nodes and their secured servers (the gateway's own come as events). */
  readonly log?: (line: string) => void;
  /** Faults of the harness's own tests (test-faults.ts), on every OSGP request to every node. */
  readonly testFaults?: ReadonlySet<TestFault>;
}

export interface PlcNetwork {
  readonly gateway: CnipGateway;
  /** meters[i] sits behind nodes[i]; meters[0] is the one the harness tests. */
  readonly meters: readonly ReferenceMeter[];
  readonly nodes: readonly PlcMeterNode[];
}

/**
 * The given meters (each its own ReferenceMeter, so each has its own secured state) behind one
 * gateway, in order: meters[0] becomes node 11.
 */
export function buildPlcNetwork(
  meters: readonly ReferenceMeter[],
  omak: Secret,
  options: PlcNetworkOptions = {},
): PlcNetwork {
  const count = meters.length;
  if (count < 1 || count > MAX_PLC_METERS)
    throw new ConfigError("OSGP_ERR_USAGE", `${count} meters; the PLC network holds 1..${MAX_PLC_METERS}`);
  const n = DEFAULT_PLC_NETWORK;
  const log = options.log;
  const nodes = meters.map((meter, i) => {
    const node = n.firstNode + i;
    const serverLog = log === undefined ? undefined : (line: string) => log(`plc node ${n.subnet}/${node}: ${line}`);
    return new PlcMeterNode({
      subnet: n.subnet,
      node,
      uniqueId: concatBytes(n.uniqueIdPrefix, Uint8Array.of((i + 1) >> 8, (i + 1) & 0xff)),
      programId: n.programId,
      domain: n.domain,
      groups: [{ group: n.group, member: i }],
      receiveTimerMs: n.receiveTimerMs,
      meter,
      server: withTestFaults(
        plcSecuredServer(meter, omak, options.security ?? DEFAULT_PLC_SECURITY, serverLog),
        options.testFaults,
        serverLog,
      ),
      maxResponseApdu: PLC_MAX_RESPONSE_APDU,
      carriage: options.carriage ?? DEFAULT_CARRIAGE,
      log,
    });
  });
  const gateway = new CnipGateway({ nodes, impairment: options.impairment });
  return { gateway, meters, nodes };
}

function withTestFaults(
  server: OsgpFrameServer,
  faults: ReadonlySet<TestFault> | undefined,
  log: ((line: string) => void) | undefined,
): OsgpFrameServer {
  if (faults === undefined || faults.size === 0) return server;
  return {
    handle(frame, maxResponseApdu) {
      const response = server.handle(frame, maxResponseApdu);
      const answer = response === null ? null : securedTestFault(faults, frame, response);
      if (answer !== response)
        log?.(answer === null ? "a request, not answered (test fault)" : "a request, answered wrongly (test fault)");
      return answer;
    },
  };
}
