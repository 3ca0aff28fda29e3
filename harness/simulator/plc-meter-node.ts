import { bytesEqual } from "../bytes/byte-arrays";
import { decodeWith } from "../bytes/decoded";
import { ConfigError } from "../errors";
import { UNIQUE_ID_SIZE, type LonAddress } from "../link/lon/lon-address";
import { readApdu, type LonApdu } from "../link/lon/lon-apdu";
import { DOMAIN_LENGTHS, MAX_TN, type LonPdu } from "../link/lon/lon-pdu";
import {
  decodeQueryIdRequest,
  decodeRespondToQuery,
  encodeNmResult,
  encodeQueryIdResponse,
  MEMORY_MODES,
  NM_CODES,
  PROGRAM_ID_SIZE,
  servicePinPdu,
} from "../link/lon/network-management";
import {
  MAX_MESSAGE_CODE,
  PLC_MESSAGE_LIMIT,
  unwrapOsgpApdu,
  wrapOsgpApdu,
  type OsgpCarriage,
} from "../link/lon/osgp-over-lon";
import { DIGEST_LENGTH } from "../security/oma-digest";
import type { DefectSet } from "./defects";
import type { ReferenceMeter } from "./meter";

/**
 * One meter's ISO/IEC 14908-1 node on the PLC channel, sans-IO: a PDU and the time in, the PDUs to
 * send back out. The rules follow the IzoT reference stack (LonMarkTech/lon-stack-dx-lmi, MIT):
 * lcs_network.c NWReceive (which packets are for the node), lcs_tsa.c ReceiveNewMsg, ReceiveRem and
 * SNSendResponse (duplicate detection, group retries, the response's address), lcs_netmgmt.c
 * HandleNMQueryId and the NM_RESPOND_TO_QUERY case (the two NM requests of network formation).
 *
 * Modelled: SPDU REQUEST, REMINDER and REM/MSG. Not modelled, so not answered: TPDUs (ACKD,
 * UNACK_RPT), bare APDUs, 14908-1 authentication (a request with the auth bit set would be
 * challenged; here it is dropped), network diagnostics and network variables. The node is always
 * configured and in one domain.
 */
export interface GroupMembership {
  readonly group: number;
  /** 0..63: this node's bit in a group retry's member list. */
  readonly member: number;
}

/**
 * One protected OSGP request frame in, the protected response frame out (null: none): the SecuredApduServer's shape.
 */
export interface OsgpFrameServer {
  handle(frame: Uint8Array, maxResponseApdu: number): Uint8Array | null;
}

export interface PlcNodeConfig {
  readonly subnet: number;
  /** 1..127. */
  readonly node: number;
  readonly uniqueId: Uint8Array;
  readonly programId: Uint8Array;
  /** 0, 1, 3 or 6 bytes. */
  readonly domain: Uint8Array;
  readonly groups: readonly GroupMembership[];
  /** How long a request's transaction number, APDU and response are kept to recognise its retries. */
  readonly receiveTimerMs: number;
  /** The node reads its defects from the meter. */
  readonly meter: ReferenceMeter;
  readonly server: OsgpFrameServer;
  /** Handed to the server, so that the meter refuses (rno) a read whose response would not fit. */
  readonly maxResponseApdu: number;
  /** How OSGP rides in the node's 14908-1 APDUs (the harness's plc.carriage). */
  readonly carriage: OsgpCarriage;
  readonly log?: (line: string) => void;
}

/** A response frame is the response APDU and the 8-byte digest; the whole must fit clause 9.2's limit. */
export const PLC_MAX_RESPONSE_APDU = PLC_MESSAGE_LIMIT - DIGEST_LENGTH;

/** What a receive record keeps (lcs_tsa.c ReceiveRecord, the fields duplicate detection needs). */
interface ReceiveRecord {
  readonly tn: number;
  readonly apdu: LonApdu;
  /** Absent: the request is answered with nothing (Query ID not selected), retries too. */
  readonly response: LonPdu | undefined;
  readonly receivedAt: number;
  /** The requester said (member bit set) it has this node's response: its retries get nothing more. */
  done: boolean;
}

/** Why a PDU is this node's: the group it came through, and whether it came in a foreign (flex) domain. */
interface Selection {
  readonly flex: boolean;
  readonly group: GroupMembership | undefined;
}

export class PlcMeterNode {
  private readonly records = new Map<string, ReceiveRecord>();
  private readonly defects: DefectSet;
  /** Respond to Query: whether Query ID "selected" is answered. */
  private selected = false;

  constructor(readonly config: PlcNodeConfig) {
    validate(config);
    this.defects = config.meter.defects;
  }

  get address(): string {
    return `${this.config.subnet}/${this.config.node}`;
  }

  servicePin(): LonPdu {
    return servicePinPdu({ uniqueId: this.config.uniqueId, programId: this.config.programId });
  }

  receive(pdu: LonPdu, now: number): LonPdu[] {
    const selection = this.selects(pdu);
    if (selection === undefined) return [];
    const b = pdu.body;
    if (b.pdu !== "spdu" || b.type === "response") return [];
    if (b.auth) {
      this.log(`tn=${b.tn}: 14908-1 authentication is not modelled; request dropped`);
      return [];
    }
    this.expire(now);
    const key = recordKey(pdu, selection);
    const record = this.records.get(key);
    const matches = record !== undefined && record.tn === b.tn && ("apdu" in b ? sameApdu(record.apdu, b.apdu) : true);
    if (!("memberList" in b)) {
      if (matches && !this.defects.has("plc-no-duplicate-detection"))
        return record.done || record.response === undefined ? [] : [record.response];
      return this.execute(key, pdu, b.tn, b.apdu, selection, now);
    }
    // REMINDER and REM/MSG retry a group request; a group-addressed one finds only the group's record.
    const member = selection.group?.member;
    const acknowledged = matches && member !== undefined && memberBit(b.memberList, member);
    if (acknowledged) record.done = true;
    // A bare REMINDER with this node's bit clear announces the retry that follows it; that retry is answered.
    if (b.type === "reminder" || acknowledged) return [];
    if (matches && !this.defects.has("plc-no-duplicate-detection"))
      return record.done || record.response === undefined ? [] : [record.response];
    return this.execute(key, pdu, b.tn, b.apdu, selection, now);
  }

  /** NWReceive's filter: own domain (or any domain for this node's unique id), then the address. */
  private selects(pdu: LonPdu): Selection | undefined {
    const c = this.config;
    const a = pdu.address;
    const ownDomain = bytesEqual(pdu.domain, c.domain);
    if (a.format === "unique-id") {
      if (!bytesEqual(a.uniqueId, c.uniqueId)) return undefined;
      if (!ownDomain) return { flex: true, group: undefined };
    } else if (!ownDomain) {
      return undefined;
    }
    // The node's own packets come back through repeaters; the stack drops them.
    if (a.srcSubnet === c.subnet && a.srcNode === c.node) return undefined;
    switch (a.format) {
      case "unique-id":
        return { flex: false, group: undefined };
      case "broadcast":
        return a.dstSubnet === 0 || a.dstSubnet === c.subnet ? { flex: false, group: undefined } : undefined;
      case "group": {
        const group = c.groups.find((g) => g.group === a.dstGroup);
        return group === undefined ? undefined : { flex: false, group };
      }
      case "subnet-node":
        return a.dstSubnet === c.subnet && a.dstNode === c.node ? { flex: false, group: undefined } : undefined;
      case "group-ack":
        // Acknowledgements of a group message the node would have sent; it sends none.
        return undefined;
    }
  }

  private execute(
    key: string,
    request: LonPdu,
    tn: number,
    apdu: LonApdu,
    selection: Selection,
    now: number,
  ): LonPdu[] {
    const answer = this.answer(apdu);
    const response = answer === undefined ? undefined : this.responsePdu(request, tn, answer, selection);
    this.records.set(key, { tn, apdu, response, receivedAt: now, done: false });
    return response === undefined ? [] : [response];
  }

  private answer(apdu: LonApdu): LonApdu | undefined {
    switch (apdu.kind) {
      case "management":
        return this.networkManagement(apdu);
      case "message":
      case "foreign":
        return this.osgp(apdu);
      default:
        this.log(`${apdu.kind} APDU 0x${apdu.code.toString(16)} is not modelled; not answered`);
        return undefined;
    }
  }

  private networkManagement(apdu: LonApdu): LonApdu | undefined {
    if (apdu.code === NM_CODES.queryId) {
      const q = decodeQueryIdRequest(apdu);
      if (!q.ok) return encodeNmResult(apdu.code, false);
      // A simulated node is configured, so "unconfigured" and "selected and unconfigured" never match.
      const selected = this.selected || this.defects.has("plc-query-id-ignores-selection");
      if (q.value.selector !== "selected" || !selected) return undefined;
      const m = q.value.memoryMatch;
      if (m !== undefined) {
        // The stack fails modes other than absolute, read-only and config relative. The node's
        // memory is not modelled, so no comparison can match: no answer.
        return m.mode > MEMORY_MODES.configRelative ? encodeNmResult(apdu.code, false) : undefined;
      }
      return encodeQueryIdResponse({ ok: true, uniqueId: this.config.uniqueId, programId: this.config.programId });
    }
    if (apdu.code === NM_CODES.respondToQuery) {
      const r = decodeRespondToQuery(apdu);
      if (r.ok) this.selected = r.value.on;
      return encodeNmResult(apdu.code, r.ok);
    }
    return encodeNmResult(apdu.code, false);
  }

  private osgp(apdu: LonApdu): LonApdu | undefined {
    const request = unwrapOsgpApdu(apdu, this.config.carriage);
    if (!request.ok) {
      this.log(`not an OSGP request: ${request.error.detail}; not answered`);
      return undefined;
    }
    const limit = this.defects.has("plc-oversize-response") ? Number.MAX_SAFE_INTEGER : this.config.maxResponseApdu;
    let frame: Uint8Array | null;
    try {
      frame = this.config.server.handle(request.value, limit);
    } catch (err) {
      this.log(`internal fault: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return undefined;
    }
    if (frame === null) return undefined;
    if (this.config.carriage.carriage === "message") return wrapOsgpApdu(frame, this.config.carriage);
    // Under apdu-code the frame's bytes are the APDU's bytes. An RC4-encrypted response may start
    // with any byte, which wrapOsgpApdu would refuse from 0x50 up; read them as a receiver will,
    // whatever kind their first byte makes them, so that the bytes on the wire are the frame exactly.
    const carried = decodeWith(frame, "osgp.response", (r) => readApdu(r, "apdu"));
    if (!carried.ok) {
      this.log(`the ${frame.length}-byte response frame cannot be carried as a 14908-1 APDU: ${carried.error.message}`);
      return undefined;
    }
    return carried.value;
  }

  /** SNSendResponse: the request's tn, 2b to the requester for a group request, else 2a. */
  private responsePdu(request: LonPdu, tn: number, apdu: LonApdu, selection: Selection): LonPdu {
    const c = this.config;
    const to = request.address;
    const g = selection.group;
    // Answered in a foreign domain, the stack sends from 0/0 in that domain (lcs_network.c NWSend).
    const [subnet, node] = selection.flex ? [0, 0] : [c.subnet, c.node];
    const address: LonAddress =
      g !== undefined
        ? {
            format: "group-ack",
            srcSubnet: subnet,
            srcNode: node,
            dstSubnet: to.srcSubnet,
            dstNode: to.srcNode,
            group: g.group,
            member: g.member,
          }
        : { format: "subnet-node", srcSubnet: subnet, srcNode: node, dstSubnet: to.srcSubnet, dstNode: to.srcNode };
    const responseTn = this.defects.has("plc-wrong-transaction-number") ? (tn + 1) & MAX_TN : tn;
    return {
      priority: request.priority,
      altPath: request.altPath,
      deltaBacklog: 0,
      address,
      domain: selection.flex ? request.domain : c.domain,
      body: { pdu: "spdu", type: "response", auth: false, tn: responseTn, apdu },
    };
  }

  private expire(now: number): void {
    for (const [key, r] of this.records) if (now - r.receivedAt >= this.config.receiveTimerMs) this.records.delete(key);
  }

  private log(line: string): void {
    this.config.log?.(`plc node ${this.address}: ${line}`);
  }
}

/**
 * lcs_tsa.c RetrieveRR: one record per requester and priority, kept apart by how the request was
 * addressed (a group retry finds only the group request's record).
 */
function recordKey(pdu: LonPdu, s: Selection): string {
  const a = pdu.address;
  const via =
    a.format === "group"
      ? ` group ${a.dstGroup}`
      : a.format === "broadcast"
        ? ` broadcast ${a.dstSubnet}`
        : ` ${a.format}`;
  return `${pdu.priority ? "priority" : "normal"} ${a.srcSubnet}/${a.srcNode}${s.flex ? " flex" : ""}${via}`;
}

function memberBit(memberList: Uint8Array, member: number): boolean {
  return (((memberList[member >> 3] ?? 0) >> (member & 7)) & 1) === 1;
}

function sameApdu(a: LonApdu, b: LonApdu): boolean {
  if (a.kind !== b.kind || a.code !== b.code || !bytesEqual(a.data, b.data)) return false;
  return a.kind !== "nv" || b.kind !== "nv" || a.direction === b.direction;
}

function validate(c: PlcNodeConfig): void {
  const fail = (what: string) => {
    throw new ConfigError("OSGP_ERR_USAGE", `PLC node ${c.subnet}/${c.node}: ${what}`);
  };
  const byte = (x: number) => Number.isInteger(x) && x >= 0 && x <= 0xff;
  if (!byte(c.subnet) || c.subnet === 0) fail("the subnet must be 1..255");
  if (!Number.isInteger(c.node) || c.node < 1 || c.node > 127) fail("the node must be 1..127");
  if (c.uniqueId.length !== UNIQUE_ID_SIZE) fail(`the unique id must be ${UNIQUE_ID_SIZE} bytes`);
  if (c.programId.length !== PROGRAM_ID_SIZE) fail(`the program id must be ${PROGRAM_ID_SIZE} bytes`);
  if (!DOMAIN_LENGTHS.includes(c.domain.length)) fail(`the domain must be ${DOMAIN_LENGTHS.join(", ")} bytes`);
  for (const g of c.groups)
    if (!byte(g.group) || !Number.isInteger(g.member) || g.member < 0 || g.member > 63)
      fail(`group ${g.group} member ${g.member}: groups are 0..255, members 0..63`);
  if (
    c.carriage.carriage === "message" &&
    !(Number.isInteger(c.carriage.code) && c.carriage.code >= 0 && c.carriage.code <= MAX_MESSAGE_CODE)
  )
    fail(`the message code must be 0..${MAX_MESSAGE_CODE}`);
  if (!(c.receiveTimerMs >= 0) || !(c.maxResponseApdu >= 1))
    fail("the receive timer must be >= 0 ms and the response limit >= 1 byte");
}
