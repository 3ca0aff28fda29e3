import { bytesEqual } from "../../bytes/byte-arrays";
import { toHex } from "../../bytes/hex";
import { EncodeError, LinkError, type DecodeError } from "../../errors";
import type { SansIoMachine } from "../sans-io-machine";
import {
  CNIP_DATA_PACKET,
  CNIP_PACKET_TYPES,
  CNIP_PROTOCOL_LON,
  CNIP_STATUS_REQUEST,
  CNIP_STATUS_RESPONSE,
  cnipDataPacket,
  decodeCnipPacket,
  describeCnipPacket,
  encodeCnipPacket,
  type CnipPacket,
} from "../cnip/cnip-header";
import { hex2 } from "./field-range";
import type { GroupAckAddress, LonAddress, SubnetNodeAddress } from "./lon-address";
import { encodeApdu, type LonApdu } from "./lon-apdu";
import { decodeLonPdu, describeLonPdu, encodeLonPdu, MAX_TN, type LonBody, type LonPdu } from "./lon-pdu";
import { decodeServicePin, NM_CODES } from "./network-management";
import { checkOsgpMessageSize, wrapOsgpApdu } from "./osgp-over-lon";
import { checkPlcLinkConfig, DEFAULT_PLC_LINK_CONFIG, type PlcLinkConfig } from "./plc-link-config";

/**
 * The client end of the PLC link, without I/O: the harness talks to meters through a CN/IP
 * (ISO/IEC 14908-4) gateway, one UDP datagram per CN/IP packet, one 14908-1 PDU per data packet.
 * Fed whole datagrams, requests and the time, it answers with the datagrams to send and what
 * happened. One transaction is outstanding at a time, as in the reference stack, whose session
 * layer this follows (LonMarkTech/lon-stack-dx-lmi: lcs_tsa.c SendNewMsg, XmitTimerExpiration,
 * SNReceiveResponse; lcs_tcs.c NewTrans, TransDone).
 *
 * A request is an SPDU REQUEST; its transaction number (tn) is what pairs the answer with it (9.1),
 * so an answer is taken only when every field says it is ours: tn, domain, our address, and a source
 * that fits the destination. Everything else is reported with the reason it was not taken; nothing
 * received ever throws.
 *
 * Unicast ends at the first answer. A group request collects one answer per member until `size`
 * members answered; a broadcast collects one per responder until the transmit timer runs out with
 * at least one in hand. Like the stack, each new answer restarts the timer, so a straggler gets a
 * full period after the last answer rather than after the request.
 */
export type PlcDestination =
  | { readonly kind: "subnet-node"; readonly subnet: number; readonly node: number }
  /** `subnet` is a routing hint; 0 reaches the node on any subnet. */
  | { readonly kind: "unique-id"; readonly subnet: number; readonly uniqueId: Uint8Array }
  /** `subnet` 0 reaches the whole domain. */
  | { readonly kind: "broadcast"; readonly subnet: number }
  /** `size`: how many members are expected to answer (1..64). */
  | { readonly kind: "group"; readonly group: number; readonly size: number };

export interface PlcResponder {
  readonly subnet: number;
  readonly node: number;
  /** The member number a group member answered as; null for any other destination. */
  readonly member: number | null;
}

export type PlcClientEvent =
  /** A datagram to send now. `pdu` is null for a CN/IP status request; attempt 0 is the first, 1.. the retries. */
  | {
      readonly kind: "tx";
      readonly datagram: Uint8Array;
      readonly packet: CnipPacket;
      readonly pdu: LonPdu | null;
      readonly tn: number | null;
      readonly attempt: number;
    }
  /** Every datagram received, before it is classified, so that a trace is complete; null where it did not decode. */
  | {
      readonly kind: "rx";
      readonly datagram: Uint8Array;
      readonly packet: CnipPacket | null;
      readonly pdu: LonPdu | null;
    }
  /** An answer taken for the outstanding transaction; `final` when it ends it (unicast). */
  | {
      readonly kind: "response";
      readonly tn: number;
      readonly final: boolean;
      readonly apdu: LonApdu;
      readonly from: PlcResponder;
      /** The attempt on the wire when the answer came. */
      readonly attempt: number;
      readonly pdu: LonPdu;
      readonly datagram: Uint8Array;
    }
  /**
   * A group or broadcast transaction ended with at least one answer. `missingMembers`: for a group,
   * the member numbers below `size` that did not answer (members are numbered from 0); else empty.
   */
  | {
      readonly kind: "completed";
      readonly tn: number;
      readonly responders: number;
      readonly missingMembers: readonly number[];
    }
  /** No answer after every attempt. tn is null for a status request. */
  | { readonly kind: "failed"; readonly tn: number | null; readonly error: LinkError }
  | {
      readonly kind: "gateway-status";
      readonly packet: CnipPacket;
      readonly datagram: Uint8Array;
      readonly attempt: number;
    }
  /** A node's Service Pin message; it answers nothing and may come at any time. */
  | {
      readonly kind: "service-pin";
      readonly uniqueId: Uint8Array;
      readonly programId: Uint8Array;
      readonly from: LonAddress;
    }
  | { readonly kind: "ignored"; readonly datagram: Uint8Array; readonly reason: string; readonly error?: DecodeError };

/** The stack's MAX_GROUP_NUMBER: members are numbered 0..63. */
export const MAX_GROUP_MEMBER = 63;
/** The stack sends broadcasts with delta backlog 15 unless told otherwise. */
const BROADCAST_BACKLOG = 15;

interface LonTransaction {
  readonly kind: "lon";
  readonly tn: number;
  readonly to: PlcDestination;
  readonly apdu: LonApdu;
  /** Who has answered: the member number in a group, subnet * 128 + node for a broadcast. */
  readonly answered: Set<number>;
  attempt: number;
  deadline: number;
  lastDatagram: Uint8Array;
}

interface StatusQuery {
  readonly kind: "status";
  attempt: number;
  deadline: number;
  lastDatagram: Uint8Array;
}

type Outstanding = LonTransaction | StatusQuery;

export class PlcClientLink implements SansIoMachine<PlcClientEvent> {
  private readonly config: PlcLinkConfig;
  private outstanding: Outstanding | null = null;
  private nextTn: number;
  /** The transaction that ended last: its late answers are named as such, and repeatLast sends it again. */
  private ended: LonTransaction | null = null;
  /** CN/IP sequence number of the next datagram; the first is 1. */
  private sequence = 1;

  constructor(config: PlcLinkConfig = DEFAULT_PLC_LINK_CONFIG) {
    this.config = checkPlcLinkConfig(config);
    this.nextTn = config.firstTn;
  }

  /** A transaction or status request is waiting for its answer. */
  get busy(): boolean {
    return this.outstanding !== null;
  }

  /** When the transmit timer of the outstanding request runs out. */
  nextDeadline(): number | undefined {
    return this.outstanding?.deadline;
  }

  /** Starts one SPDU REQUEST transaction. A bad APDU or destination throws EncodeError and changes nothing. */
  request(apdu: LonApdu, to: PlcDestination, now: number): PlcClientEvent[] {
    this.refuseIfBusy(encodeApdu(apdu));
    checkDestination(to);
    const t: LonTransaction = {
      kind: "lon",
      tn: this.nextTn,
      to,
      apdu,
      answered: new Set(),
      attempt: 0,
      deadline: now + this.config.responseTimeoutMs,
      lastDatagram: new Uint8Array(0),
    };
    const out = this.transmit(t);
    this.outstanding = t;
    return out;
  }

  /**
   * An OSGP APDU (with sequence number and digest when secured) as a
   * request; over the PLC size limit it throws OSGP_ERR_PLC_MESSAGE_SIZE.
   */
  requestOsgp(osgpMessage: Uint8Array, to: PlcDestination, now: number): PlcClientEvent[] {
    checkOsgpMessageSize(osgpMessage, this.config.messageLimit);
    return this.request(wrapOsgpApdu(osgpMessage, this.config.carriage), to, now);
  }

  /**
   * The transaction that ended last, sent again under its own transaction number: to the meter this
   * is a retry whose first answer was lost, which it must answer again without executing the
   * request twice (the receive-side duplicate detection of 14908-1).
   */
  repeatLast(now: number): PlcClientEvent[] {
    const last = this.ended;
    if (last === null)
      throw new LinkError("OSGP_ERR_SESSION_STATE", "no 14908-1 transaction has ended yet, so there is none to repeat");
    this.refuseIfBusy(encodeApdu(last.apdu));
    const t: LonTransaction = {
      ...last,
      answered: new Set(),
      attempt: 0,
      deadline: now + this.config.responseTimeoutMs,
      lastDatagram: new Uint8Array(0),
    };
    const out = this.transmit(t);
    this.outstanding = t;
    return out;
  }

  /** Asks the gateway itself for its status; any CN/IP status response answers it. */
  statusRequest(now: number): PlcClientEvent[] {
    this.refuseIfBusy(undefined);
    const q: StatusQuery = {
      kind: "status",
      attempt: 0,
      deadline: now + this.config.responseTimeoutMs,
      lastDatagram: new Uint8Array(0),
    };
    const out = this.transmit(q);
    this.outstanding = q;
    return out;
  }

  /** One call, one datagram. */
  receive(datagram: Uint8Array, now: number): PlcClientEvent[] {
    const rx = (packet: CnipPacket | null, pdu: LonPdu | null): PlcClientEvent => ({
      kind: "rx",
      datagram,
      packet,
      pdu,
    });
    const c = decodeCnipPacket(datagram);
    if (!c.ok)
      return [
        rx(null, null),
        ignored(
          datagram,
          `${c.error.code === "OSGP_ERR_TRUNCATED" ? "truncated" : "bad"} CN/IP header: ${c.error.detail}`,
          c.error,
        ),
      ];
    const packet = c.value;
    if (packet.packetType === CNIP_STATUS_RESPONSE) return [rx(packet, null), ...this.statusAnswer(packet, datagram)];
    const notLon = whyNotLonData(packet);
    if (notLon !== null) return [rx(packet, null), ignored(datagram, notLon)];
    const l = decodeLonPdu(packet.payload);
    if (!l.ok)
      return [
        rx(packet, null),
        ignored(datagram, `bad 14908-1 PDU (${l.error.path ?? "lon"}): ${l.error.detail}`, l.error),
      ];
    return [rx(packet, l.value), ...this.lonPdu(l.value, datagram, now)];
  }

  tick(now: number): PlcClientEvent[] {
    const o = this.outstanding;
    if (o === null || now < o.deadline) return [];
    if (o.kind === "lon" && o.to.kind === "broadcast" && o.answered.size > 0) return [this.complete(o)];
    if (o.attempt >= this.config.retries)
      return [o.kind === "lon" && o.answered.size > 0 ? this.complete(o) : this.fail(o)];
    o.attempt++;
    o.deadline = now + this.config.responseTimeoutMs;
    return this.transmit(o);
  }

  private refuseIfBusy(bytes: Uint8Array | undefined): void {
    const o = this.outstanding;
    if (o === null) return;
    const what =
      o.kind === "status" ? "a CN/IP status request" : `transaction ${o.tn} to ${describePlcDestination(o.to)}`;
    throw new LinkError(
      "OSGP_ERR_LINK_BUSY",
      `${what} is still outstanding (attempt ${o.attempt + 1})`,
      bytes === undefined ? {} : { bytes },
    );
  }

  /**
   * Encodes every datagram of the attempt before numbering any, so an encoder's refusal leaves the sequence untouched.
   */
  private transmit(o: Outstanding): PlcClientEvent[] {
    const items =
      o.kind === "status"
        ? [{ packetType: CNIP_STATUS_REQUEST, payload: new Uint8Array(0), pdu: null }]
        : this.pdusFor(o).map((pdu) => ({ packetType: CNIP_DATA_PACKET, payload: encodeLonPdu(pdu), pdu }));
    const sent = items.map((item, i) => {
      // Timestamp 0 is what the reference stack sends until its clock is synchronised; the harness never claims one.
      const packet: CnipPacket = {
        ...cnipDataPacket({
          payload: item.payload,
          sessionId: this.config.cnipSessionId,
          sequence: (this.sequence + i) % 2 ** 32,
          timestamp: 0,
        }),
        packetType: item.packetType,
      };
      return { packet, pdu: item.pdu, datagram: encodeCnipPacket(packet) };
    });
    // The field is 32 bits; a counter on the wire wraps rather than stops.
    this.sequence = (this.sequence + sent.length) % 2 ** 32;
    for (const s of sent) o.lastDatagram = s.datagram;
    const tn = o.kind === "lon" ? o.tn : null;
    return sent.map((s) => ({
      kind: "tx",
      datagram: s.datagram,
      packet: s.packet,
      pdu: s.pdu,
      tn,
      attempt: o.attempt,
    }));
  }

  /**
   * The PDUs of one attempt. A group retry tells the members who already answered (M_LIST) so
   * they stay quiet: one REM/MSG when the list fits in 2 bytes, else a REMINDER (list only) and the
   * REQUEST again, as the stack does.
   */
  private pdusFor(t: LonTransaction): LonPdu[] {
    const { local, domain, retries, altPathAttempts } = this.config;
    // The stack moves the last attempts to the alternate path, in case the primary one is what fails.
    const altPath = t.attempt >= retries + 1 - altPathAttempts;
    const base = { priority: false, altPath, address: addressFor(local, t.to), domain };
    const request: LonPdu = {
      ...base,
      deltaBacklog: this.backlog(t),
      body: { pdu: "spdu", type: "request", auth: false, tn: t.tn, apdu: t.apdu },
    };
    if (t.to.kind !== "group" || t.attempt === 0) return [request];
    const memberList = memberListOf(t.answered);
    if (memberList.length <= 2)
      return [{ ...request, body: { pdu: "spdu", type: "rem-msg", auth: false, tn: t.tn, memberList, apdu: t.apdu } }];
    return [
      { ...base, deltaBacklog: 0, body: { pdu: "spdu", type: "reminder", auth: false, tn: t.tn, memberList } },
      request,
    ];
  }

  /**
   * Delta backlog: how many packets this one will cause (the stack's
   * rule: one answer, 15 for a broadcast, the members still to answer).
   */
  private backlog(t: LonTransaction): number {
    switch (t.to.kind) {
      case "subnet-node":
      case "unique-id":
        return 1;
      case "broadcast":
        return BROADCAST_BACKLOG;
      case "group":
        return t.to.size - t.answered.size;
    }
  }

  private lonPdu(pdu: LonPdu, datagram: Uint8Array, now: number): PlcClientEvent[] {
    const b = pdu.body;
    if (b.pdu === "apdu" && b.apdu.kind === "management" && b.apdu.code === NM_CODES.servicePin) {
      const s = decodeServicePin(b.apdu);
      if (!s.ok) return [ignored(datagram, `bad Service Pin message: ${s.error.detail}`, s.error)];
      return [{ kind: "service-pin", uniqueId: s.value.uniqueId, programId: s.value.programId, from: pdu.address }];
    }
    if (b.pdu !== "spdu" || b.type !== "response") return [ignored(datagram, `${bodyName(b)}, not a response`)];
    const { domain, local } = this.config;
    if (!bytesEqual(pdu.domain, domain))
      return [ignored(datagram, `${domainName(pdu.domain)}, ours is ${domain.length === 0 ? "none" : toHex(domain)}`)];
    const a = pdu.address;
    if (
      (a.format !== "subnet-node" && a.format !== "group-ack") ||
      a.dstSubnet !== local.subnet ||
      a.dstNode !== local.node
    ) {
      return [ignored(datagram, `not addressed to us (${local.subnet}/${local.node}): ${destinationName(a)}`)];
    }
    const t = this.outstanding;
    if (t === null || t.kind !== "lon") {
      const none =
        t === null ? "no request outstanding" : "no 14908-1 request outstanding, only a CN/IP status request";
      return [
        ignored(
          datagram,
          b.tn === this.ended?.tn
            ? `transaction number ${b.tn} answers an earlier transaction, which has ended; ${none}`
            : none,
        ),
      ];
    }
    if (b.tn !== t.tn) {
      const earlier = b.tn === this.ended?.tn ? " answers an earlier transaction, which has ended;" : ",";
      return [ignored(datagram, `transaction number ${b.tn}${earlier} the request's is ${t.tn}`)];
    }
    const source = matchSource(t.to, a);
    if (typeof source === "string") return [ignored(datagram, source)];
    if (t.answered.has(source.key))
      return [ignored(datagram, `duplicate response from ${responderName(source.from)} to tn ${t.tn}`)];
    t.answered.add(source.key);
    const final = t.to.kind === "subnet-node" || t.to.kind === "unique-id";
    const response: PlcClientEvent = {
      kind: "response",
      tn: t.tn,
      final,
      apdu: b.apdu,
      from: source.from,
      attempt: t.attempt,
      pdu,
      datagram,
    };
    if (final) {
      this.end(t);
      return [response];
    }
    if (t.to.kind === "group" && t.answered.size >= t.to.size) return [response, this.complete(t)];
    t.deadline = now + this.config.responseTimeoutMs;
    return [response];
  }

  private statusAnswer(packet: CnipPacket, datagram: Uint8Array): PlcClientEvent[] {
    const o = this.outstanding;
    if (o === null || o.kind !== "status")
      return [ignored(datagram, "CN/IP status response with no status request outstanding")];
    this.end(o);
    return [{ kind: "gateway-status", packet, datagram, attempt: o.attempt }];
  }

  private complete(t: LonTransaction): PlcClientEvent {
    this.end(t);
    const to = t.to;
    const missingMembers =
      to.kind === "group" ? Array.from({ length: to.size }, (_, m) => m).filter((m) => !t.answered.has(m)) : [];
    return { kind: "completed", tn: t.tn, responders: t.answered.size, missingMembers };
  }

  private fail(o: Outstanding): PlcClientEvent {
    this.end(o);
    const each = `${o.attempt + 1} attempt(s), ${this.config.responseTimeoutMs} ms each`;
    const detail =
      o.kind === "status"
        ? `the CN/IP gateway sent no status response after ${each}`
        : `no response from ${describePlcDestination(o.to)} to tn ${o.tn} after ${each}`;
    return {
      kind: "failed",
      tn: o.kind === "lon" ? o.tn : null,
      error: new LinkError("OSGP_ERR_PLC_NO_RESPONSE", detail, { bytes: o.lastDatagram }),
    };
  }

  /**
   * The stack's TransDone: the next transaction takes the next number, wrapping 15 -> 1 (0 only ever after a reset).
   */
  private end(o: Outstanding): void {
    this.outstanding = null;
    if (o.kind === "status") return;
    this.ended = o;
    this.nextTn = o.tn === MAX_TN ? 1 : o.tn + 1;
  }
}

/** "1/11", "group 5 (3 expected to answer)": the destination as error messages and traces name it. */
export function describePlcDestination(to: PlcDestination): string {
  switch (to.kind) {
    case "subnet-node":
      return `${to.subnet}/${to.node}`;
    case "unique-id":
      return `unique id ${toHex(to.uniqueId)} (subnet ${to.subnet})`;
    case "broadcast":
      return to.subnet === 0 ? "the whole domain (broadcast)" : `subnet ${to.subnet} (broadcast)`;
    case "group":
      return `group ${to.group} (${to.size} expected to answer)`;
  }
}

/** One trace line for a tx or rx event: the CN/IP header, then the 14908-1 PDU when there is one. */
export function describePlcDatagram(e: {
  readonly datagram: Uint8Array;
  readonly packet: CnipPacket | null;
  readonly pdu: LonPdu | null;
}): string {
  if (e.packet === null) return `not a CN/IP packet, ${e.datagram.length} bytes`;
  const cnip = describeCnipPacket(e.packet);
  if (e.pdu !== null) return `${cnip}: ${describeLonPdu(e.pdu)}`;
  return e.packet.packetType === CNIP_DATA_PACKET ? `${cnip}: payload not read as a 14908-1 PDU` : cnip;
}

function checkDestination(to: PlcDestination): void {
  // The stack refuses a request to a group of unknown size: it could never tell when all have answered.
  if (to.kind === "group" && (!Number.isInteger(to.size) || to.size < 1 || to.size > MAX_GROUP_MEMBER + 1)) {
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `a group of ${to.size} answering members; 1..${MAX_GROUP_MEMBER + 1} allowed`,
      { path: "plc.to.size" },
    );
  }
}

function addressFor(local: PlcLinkConfig["local"], to: PlcDestination): LonAddress {
  const src = { srcSubnet: local.subnet, srcNode: local.node };
  switch (to.kind) {
    case "subnet-node":
      return { format: "subnet-node", ...src, dstSubnet: to.subnet, dstNode: to.node };
    case "unique-id":
      return { format: "unique-id", ...src, dstSubnet: to.subnet, uniqueId: to.uniqueId };
    case "broadcast":
      return { format: "broadcast", ...src, dstSubnet: to.subnet };
    case "group":
      return { format: "group", ...src, dstGroup: to.group };
  }
}

/**
 * M_LIST: bit i (LSB first, byte i / 8) set for each member i
 * that answered, up to the highest one; empty when none has.
 */
function memberListOf(answered: ReadonlySet<number>): Uint8Array {
  const highest = Math.max(-1, ...answered);
  const list = new Uint8Array(highest < 0 ? 0 : (highest >> 3) + 1);
  for (const m of answered) list[m >> 3] = (list[m >> 3] as number) | (1 << (m & 7));
  return list;
}

/** Whether the answer's source fits where the request went; the reason when not. */
function matchSource(
  to: PlcDestination,
  a: SubnetNodeAddress | GroupAckAddress,
): { key: number; from: PlcResponder } | string {
  const from = `${a.srcSubnet}/${a.srcNode}`;
  if (to.kind === "group") {
    if (a.format !== "group-ack")
      return `from ${from} as a single node, the request went to group ${to.group} and members answer as such`;
    if (a.group !== to.group)
      return `from ${from} as member ${a.member} of group ${a.group}, the request went to group ${to.group}`;
    if (a.member > MAX_GROUP_MEMBER)
      return `from ${from} as member ${a.member} of group ${a.group}, outside 0..${MAX_GROUP_MEMBER}`;
    return { key: a.member, from: { subnet: a.srcSubnet, node: a.srcNode, member: a.member } };
  }
  if (a.format !== "subnet-node")
    return `from ${from} as member ${a.member} of group ${a.group}, the request went to ${describePlcDestination(to)}`;
  if (to.kind === "subnet-node" && (a.srcSubnet !== to.subnet || a.srcNode !== to.node))
    return `from ${from}, the request went to ${to.subnet}/${to.node}`;
  if (to.kind === "broadcast" && to.subnet !== 0 && a.srcSubnet !== to.subnet)
    return `from ${from}, the request went to subnet ${to.subnet}`;
  return { key: a.srcSubnet * 128 + a.srcNode, from: { subnet: a.srcSubnet, node: a.srcNode, member: null } };
}

function whyNotLonData(p: CnipPacket): string | null {
  if (p.packetType !== CNIP_DATA_PACKET)
    return `CN/IP ${CNIP_PACKET_TYPES[p.packetType] ?? "packet"} (type 0x${hex2(p.packetType)}), not a data packet`;
  if (p.protocol !== CNIP_PROTOCOL_LON) return `CN/IP protocol ${p.protocol}, not ISO/IEC 14908-1 (0)`;
  // The EIA-852 digest trails the payload; taking it for APDU bytes would corrupt the answer.
  if (p.security) return "CN/IP packet with the security flag, whose EIA-852 digest the harness does not check";
  return null;
}

function ignored(datagram: Uint8Array, reason: string, error?: DecodeError): PlcClientEvent {
  return error === undefined ? { kind: "ignored", datagram, reason } : { kind: "ignored", datagram, reason, error };
}

function bodyName(b: LonBody): string {
  switch (b.pdu) {
    case "apdu":
      return "an APDU with no transport or session header";
    case "authpdu":
      return `AuthPDU ${b.type}`;
    default:
      return `${b.pdu.toUpperCase()} ${b.type}`;
  }
}

function domainName(d: Uint8Array): string {
  return d.length === 0 ? "no domain" : `domain ${toHex(d)}`;
}

function destinationName(a: LonAddress): string {
  switch (a.format) {
    case "subnet-node":
      return `to ${a.dstSubnet}/${a.dstNode}`;
    case "group-ack":
      return `to ${a.dstSubnet}/${a.dstNode} (from member ${a.member} of group ${a.group})`;
    case "broadcast":
      return a.dstSubnet === 0 ? "broadcast to the whole domain" : `broadcast to subnet ${a.dstSubnet}`;
    case "group":
      return `to group ${a.dstGroup}`;
    case "unique-id":
      return `to unique id ${toHex(a.uniqueId)}`;
  }
}

function responderName(r: PlcResponder): string {
  return r.member === null ? `${r.subnet}/${r.node}` : `member ${r.member} (${r.subnet}/${r.node})`;
}
