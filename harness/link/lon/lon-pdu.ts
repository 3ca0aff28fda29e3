import { ByteWriter, type ByteReader } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { toHex } from "../../bytes/hex";
import { EncodeError } from "../../errors";
import { requireLength, requireUint } from "./field-range";
import { addressFormatCode, describeAddress, readAddress, writeAddress, type LonAddress } from "./lon-address";
import { describeApdu, readApdu, writeApdu, type LonApdu } from "./lon-apdu";

/**
 * One ISO/IEC 14908-1 (LonTalk, CEA-709.1) PDU as a CN/IP gateway tunnels it: the link byte, the
 * NPDU, and the enclosed TPDU/SPDU/AuthPDU/APDU, without the on-wire CRC-16 (CN/IP carries none).
 * Layout from Wireshark's packet-lon.c; where the dissector is silent
 * or inconsistent, the IzoT reference stack (LonMarkTech/lon-stack-dx-lmi, MIT) decides, and the
 * comment says so.
 *
 *   byte 0   priority (7) | alternate path (6) | delta backlog (0..5)
 *   byte 1   version (6..7, 0) | PDU format (4..5) | address format (2..3) | domain length code (0..1)
 *   address  3, 4, 6 or 9 bytes (lon-address.ts)
 *   domain   0, 1, 3 or 6 bytes (length codes 0..3)
 *   TPDU/SPDU header  auth (7) | type (4..6) | transaction number (0..3), then by type:
 *            ACKD, UnACKD_RPT (TPDU), REQUEST, RESPONSE (SPDU): APDU
 *            ACK (TPDU): nothing
 *            REMINDER: member-list length, member list
 *            REM/MSG:  member-list length, member list, APDU
 *   AuthPDU header    fmt (6..7) | type (4..5) | transaction number (0..3), then an 8-byte random
 *            number (challenge) or encrypted value (reply) and, for a group message, a group byte
 *   APDU     lon-apdu.ts
 *
 * Not modelled: the two-byte "enhanced mode" transaction header that IzoT's LtLayer4 mentions (the
 * dissector does not know it either), and the message authentication itself (only the bits).
 */
export interface LonPdu {
  readonly priority: boolean;
  readonly altPath: boolean;
  /** 0..63: how many more packets the sender expects this one to cause. */
  readonly deltaBacklog: number;
  readonly address: LonAddress;
  /** 0, 1, 3 or 6 bytes; empty = no domain id (the flex domain of an unconfigured node). */
  readonly domain: Uint8Array;
  readonly body: LonBody;
}

export type TpduType = "ackd" | "unackd-rpt" | "ack" | "reminder" | "rem-msg";
export type SpduType = "request" | "response" | "reminder" | "rem-msg";
/**
 * packet-lon.c names 0 CHALLENGE and 2 REPLY. The IzoT stack (lcs_tsa.c PDUMsgType) adds 1 and 3 for
 * the challenge and reply of Open Media Authentication, the authentication OSGP builds on; the
 * dissector flags those two as "Unexpected AuthPDU type", though their bytes are laid out the same.
 */
export type AuthPduType = "challenge" | "challenge-oma" | "reply" | "reply-oma";

export type LonBody =
  | {
      readonly pdu: "tpdu";
      readonly type: "ackd" | "unackd-rpt";
      readonly auth: boolean;
      readonly tn: number;
      readonly apdu: LonApdu;
    }
  | { readonly pdu: "tpdu"; readonly type: "ack"; readonly auth: boolean; readonly tn: number }
  | {
      readonly pdu: "tpdu" | "spdu";
      readonly type: "reminder";
      readonly auth: boolean;
      readonly tn: number;
      readonly memberList: Uint8Array;
    }
  | {
      readonly pdu: "tpdu" | "spdu";
      readonly type: "rem-msg";
      readonly auth: boolean;
      readonly tn: number;
      readonly memberList: Uint8Array;
      readonly apdu: LonApdu;
    }
  | {
      readonly pdu: "spdu";
      readonly type: "request" | "response";
      readonly auth: boolean;
      readonly tn: number;
      readonly apdu: LonApdu;
    }
  | {
      readonly pdu: "authpdu";
      readonly type: AuthPduType;
      /** Bits 6..7: the address format of the message being authenticated (the dissector's "FMT"). */
      readonly fmt: number;
      readonly tn: number;
      /** 8 bytes: the challenge's random number or the reply's encrypted value. */
      readonly value: Uint8Array;
      /** Present for a challenge/reply about a group message (the stack sends it when fmt = 1). */
      readonly group?: number;
    }
  | { readonly pdu: "apdu"; readonly apdu: LonApdu };

export const DOMAIN_LENGTHS: readonly number[] = [0, 1, 3, 6];
export const AUTH_VALUE_SIZE = 8;
/** The highest transaction number the 4-bit field holds. */
export const MAX_TN = 15;

const PDU_FORMAT = { tpdu: 0, spdu: 1, authpdu: 2, apdu: 3 } as const;
const TPDU_TYPES: readonly (TpduType | undefined)[] = [
  "ackd",
  "unackd-rpt",
  "ack",
  undefined,
  "reminder",
  "rem-msg",
  undefined,
  undefined,
];
const SPDU_TYPES: readonly (SpduType | undefined)[] = [
  "request",
  undefined,
  "response",
  undefined,
  "reminder",
  "rem-msg",
  undefined,
  undefined,
];
const AUTH_TYPES: readonly AuthPduType[] = ["challenge", "challenge-oma", "reply", "reply-oma"];

export function encodeLonPdu(p: LonPdu): Uint8Array {
  const w = new ByteWriter("");
  requireUint(p.deltaBacklog, 0x3f, "lon.deltaBacklog");
  w.u8((p.priority ? 0x80 : 0) | (p.altPath ? 0x40 : 0) | p.deltaBacklog, "lon.ppdu");
  const domainCode = DOMAIN_LENGTHS.indexOf(requireLength(p.domain, DOMAIN_LENGTHS, "lon.domain").length);
  w.u8((PDU_FORMAT[p.body.pdu] << 4) | (addressFormatCode(p.address) << 2) | domainCode, "lon.npdu");
  writeAddress(w, p.address, "lon.address");
  w.bytes(p.domain, "lon.domain");
  writeBody(w, p.body);
  return w.toBytes();
}

/** Every malformed input is a DecodeError naming the field and its offset; nothing is read past the end. */
export function decodeLonPdu(bytes: Uint8Array): Decoded<LonPdu> {
  return decodeWith(bytes, "lon", (r) => {
    const ppdu = r.u8("ppdu");
    const npduAt = r.offset;
    const npdu = r.u8("npdu");
    if (npdu >> 6 !== 0)
      r.fail("OSGP_ERR_FIELD_RANGE", "npdu.version", `protocol version ${npdu >> 6}; 14908-1 defines only 0`, npduAt);
    const address = readAddress(r, (npdu >> 2) & 3, "address");
    const domain = r.bytes(DOMAIN_LENGTHS[npdu & 3] as number, "domain");
    const body = readBody(r, (npdu >> 4) & 3);
    return {
      priority: (ppdu & 0x80) !== 0,
      altPath: (ppdu & 0x40) !== 0,
      deltaBacklog: ppdu & 0x3f,
      address,
      domain,
      body,
    };
  });
}

/** "SPDU request tn=3 from 1/5 to 1/17 domain 0x12: APDU code 0x3f, 8 bytes": one trace line. */
export function describeLonPdu(p: LonPdu): string {
  const flags = `${p.priority ? " priority" : ""}${p.altPath ? " alt-path" : ""}${p.deltaBacklog > 0 ? ` backlog=${p.deltaBacklog}` : ""}`;
  const domain = p.domain.length === 0 ? "no domain" : `domain 0x${toHex(p.domain, "")}`;
  const where = `${describeAddress(p.address)} ${domain}`;
  const b = p.body;
  switch (b.pdu) {
    case "apdu":
      return `APDU${flags} ${where}: ${describeApdu(b.apdu)}`;
    case "authpdu":
      return `AuthPDU ${b.type} tn=${b.tn}${flags} ${where}: value ${toHex(b.value)}${b.group === undefined ? "" : ` group ${b.group}`}`;
    default: {
      const head = `${b.pdu.toUpperCase()} ${b.type} tn=${b.tn}${b.auth ? " auth" : ""}${flags} ${where}`;
      const members =
        "memberList" in b ? `member list ${b.memberList.length === 0 ? "empty" : toHex(b.memberList)}` : "";
      if ("apdu" in b) return `${head}: ${members === "" ? "" : `${members}; `}${describeApdu(b.apdu)}`;
      return members === "" ? head : `${head}: ${members}`;
    }
  }
}

function writeBody(w: ByteWriter, b: LonBody): void {
  if (b.pdu === "apdu") {
    writeApdu(w, b.apdu, "lon.apdu");
    return;
  }
  const path = `lon.${b.pdu}`;
  requireUint(b.tn, MAX_TN, `${path}.tn`);
  if (b.pdu === "authpdu") {
    requireUint(b.fmt, 3, `${path}.fmt`);
    w.u8((b.fmt << 6) | (AUTH_TYPES.indexOf(b.type) << 4) | b.tn, `${path}.header`);
    w.bytes(requireLength(b.value, [AUTH_VALUE_SIZE], `${path}.value`), `${path}.value`);
    if (b.group !== undefined) w.u8(b.group, `${path}.group`);
    return;
  }
  const table: readonly (string | undefined)[] = b.pdu === "tpdu" ? TPDU_TYPES : SPDU_TYPES;
  const type = table.indexOf(b.type);
  if (type < 0)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${b.type} is not a ${b.pdu.toUpperCase()} type`, {
      path: `${path}.type`,
    });
  w.u8((b.auth ? 0x80 : 0) | (type << 4) | b.tn, `${path}.header`);
  if ("memberList" in b) {
    // The length is one byte: a longer list would wrap into a wrong length.
    if (b.memberList.length > 0xff)
      throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${b.memberList.length} member-list bytes exceed 255`, {
        path: `${path}.memberList`,
      });
    w.u8(b.memberList.length, `${path}.memberListLength`);
    w.bytes(b.memberList, `${path}.memberList`);
  }
  if ("apdu" in b) writeApdu(w, b.apdu, "lon.apdu");
}

function readBody(r: ByteReader, pduFormat: number): LonBody {
  if (pduFormat === PDU_FORMAT.apdu) return { pdu: "apdu", apdu: readApdu(r, "apdu") };
  const pdu = pduFormat === PDU_FORMAT.tpdu ? "tpdu" : pduFormat === PDU_FORMAT.spdu ? "spdu" : "authpdu";
  const at = r.offset;
  const header = r.u8(`${pdu}.header`);
  const tn = header & 0x0f;
  if (pdu === "authpdu") {
    const type = AUTH_TYPES[(header >> 4) & 3] as AuthPduType;
    const value = r.bytes(AUTH_VALUE_SIZE, "authpdu.value");
    // packet-lon.c always steps over 9 bytes; the stack sends the ninth only for a group message.
    const group = r.remaining > 0 ? { group: r.u8("authpdu.group") } : {};
    return { pdu, type, fmt: header >> 6, tn, value, ...group };
  }
  const auth = (header & 0x80) !== 0;
  const typeCode = (header >> 4) & 7;
  const type = (pdu === "tpdu" ? TPDU_TYPES : SPDU_TYPES)[typeCode];
  if (type === undefined)
    r.fail("OSGP_ERR_UNKNOWN_CODE", `${pdu}.type`, `${pdu.toUpperCase()} type ${typeCode} is not defined`, at);
  switch (type) {
    case "ack":
      return { pdu: "tpdu", type, auth, tn };
    case "reminder":
      return { pdu, type, auth, tn, memberList: readMemberList(r, pdu) };
    case "rem-msg": {
      const memberList = readMemberList(r, pdu);
      return { pdu, type, auth, tn, memberList, apdu: readApdu(r, "apdu") };
    }
    case "ackd":
    case "unackd-rpt":
      return { pdu: "tpdu", type, auth, tn, apdu: readApdu(r, "apdu") };
    default:
      return { pdu: "spdu", type, auth, tn, apdu: readApdu(r, "apdu") };
  }
}

function readMemberList(r: ByteReader, pdu: string): Uint8Array {
  const length = r.u8(`${pdu}.memberListLength`);
  return r.bytes(length, `${pdu}.memberList`);
}
