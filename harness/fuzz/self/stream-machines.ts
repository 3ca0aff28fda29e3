import { C1218Link } from "../../link/c1218/link-state-machine";
import { PacketReassembler } from "../../link/c1218/packet-reassembler";
import { PlcClientLink } from "../../link/lon/plc-client-link";
import { DEFAULT_MEP_LINK_CONFIG, DEFAULT_MEP_SERVER_CONFIG } from "../../link/mep/mep-link-config";
import { MepClientLink } from "../../link/mep/mep-client-link";
import { MepReassembler } from "../../link/mep/mep-reassembler";
import { MepServerLink } from "../../link/mep/mep-server-link";
import { C1218_TABLE_CODEC, encodeTableRequest } from "../../protocol/table-requests";
import { BT01 } from "../../protocol/tables/bt01-manufacturer-identification";

/**
 * The stream decoders (reassemblers and link machines) as the self-fuzz builds them: a fresh one
 * per case, sometimes with a request outstanding so that the bytes that arrive are matched against
 * it. Discovery finds every such class; one without an entry here is reported as not covered.
 */
export interface StreamMachine {
  feed(chunk: Uint8Array, now: number): unknown[];
  tick(now: number): unknown[];
}

type Builder = (busy: boolean, now: number) => StreamMachine;

const FULL_READ_BT01 = encodeTableRequest({ service: "full-read", tableId: BT01 }, C1218_TABLE_CODEC);

const C1218_CONFIG = { identity: 0, ackTimeoutMs: 2000, interCharTimeoutMs: 500, retries: 3 };

export const STREAM_BUILDERS: Readonly<Record<string, Builder>> = {
  "link/c1218/packet-reassembler#PacketReassembler": () => {
    const r = new PacketReassembler({ interCharTimeoutMs: 500, maxDataLength: 56 });
    return { feed: (c, now) => r.push(c, now), tick: (now) => r.expire(now) };
  },
  "link/c1218/link-state-machine#C1218Link": (busy, now) => {
    const l = new C1218Link(C1218_CONFIG, { packetSize: 64, packetCount: 2 });
    if (busy) l.send(FULL_READ_BT01, now);
    return { feed: (c, t) => l.receive(c, t), tick: (t) => l.tick(t) };
  },
  "link/mep/mep-reassembler#MepReassembler": () => {
    const r = new MepReassembler({ interByteTimeoutMs: 50 });
    return { feed: (c, now) => r.push(c, now), tick: (now) => r.expire(now) };
  },
  "link/mep/mep-client-link#MepClientLink": (busy, now) => {
    const l = new MepClientLink(DEFAULT_MEP_LINK_CONFIG);
    if (busy) l.send(FULL_READ_BT01, now);
    return { feed: (c, t) => l.receive(c, t), tick: (t) => l.tick(t) };
  },
  "link/mep/mep-server-link#MepServerLink": (busy, now) => {
    const l = new MepServerLink(DEFAULT_MEP_SERVER_CONFIG);
    if (busy) l.respond(new Uint8Array(300).fill(0x5a), now);
    return { feed: (c, t) => l.receive(c, t), tick: (t) => l.tick(t) };
  },
  "link/lon/plc-client-link#PlcClientLink": (busy, now) => {
    const l = new PlcClientLink();
    if (busy) l.requestOsgp(FULL_READ_BT01, { kind: "subnet-node", subnet: 1, node: 11 }, now);
    return { feed: (c, t) => l.receive(c, t), tick: (t) => l.tick(t) };
  },
};
