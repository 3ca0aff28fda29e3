import fc from "fast-check";
import type { LonAddress } from "../../../harness/link/lon/lon-address";
import type { LonApdu } from "../../../harness/link/lon/lon-apdu";
import type { AuthPduType, LonBody, LonPdu } from "../../../harness/link/lon/lon-pdu";

/**
 * Values of every shape the 14908-1 codec models, built as the decoder returns them (optional flags
 * absent rather than undefined), so that decode(encode(v)) can be compared with deepEqual.
 */
const byte = fc.integer({ min: 0, max: 255 });
const node = fc.integer({ min: 0, max: 127 });
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const flag = fc.boolean();

const clear = <K extends string>(key: K) => fc.boolean().map((b) => (b ? ({ [key]: true } as Record<K, true>) : {}));

export const arbAddress: fc.Arbitrary<LonAddress> = fc.oneof(
  fc.tuple(byte, node, byte, clear("srcNodeBit7Clear")).map(([srcSubnet, srcNode, dstSubnet, c]) => ({
    format: "broadcast" as const,
    srcSubnet,
    srcNode,
    dstSubnet,
    ...c,
  })),
  fc
    .tuple(byte, node, byte, clear("srcNodeBit7Clear"))
    .map(([srcSubnet, srcNode, dstGroup, c]) => ({ format: "group" as const, srcSubnet, srcNode, dstGroup, ...c })),
  fc.tuple(byte, node, byte, node, clear("dstNodeBit7Clear")).map(([srcSubnet, srcNode, dstSubnet, dstNode, c]) => ({
    format: "subnet-node" as const,
    srcSubnet,
    srcNode,
    dstSubnet,
    dstNode,
    ...c,
  })),
  fc
    .tuple(byte, node, byte, node, byte, byte, clear("dstNodeBit7Clear"))
    .map(([srcSubnet, srcNode, dstSubnet, dstNode, group, member, c]) => ({
      format: "group-ack" as const,
      srcSubnet,
      srcNode,
      dstSubnet,
      dstNode,
      group,
      member,
      ...c,
    })),
  fc
    .tuple(byte, node, byte, bytes(6, 6), clear("srcNodeBit7Clear"))
    .map(([srcSubnet, srcNode, dstSubnet, uniqueId, c]) => ({
      format: "unique-id" as const,
      srcSubnet,
      srcNode,
      dstSubnet,
      uniqueId,
      ...c,
    })),
);

export const arbApdu: fc.Arbitrary<LonApdu> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0x00, max: 0x3f }), bytes(0, 40))
    .map(([code, data]) => ({ kind: "message" as const, code, data })),
  fc
    .tuple(fc.integer({ min: 0x40, max: 0x4f }), bytes(0, 40))
    .map(([code, data]) => ({ kind: "foreign" as const, code, data })),
  fc
    .tuple(fc.integer({ min: 0x50, max: 0x5f }), bytes(0, 40))
    .map(([code, data]) => ({ kind: "diagnostic" as const, code, data })),
  // 0x7f, the Service Pin message, carries at least 14 bytes.
  fc
    .tuple(fc.integer({ min: 0x60, max: 0x7e }), bytes(0, 40))
    .map(([code, data]) => ({ kind: "management" as const, code, data })),
  bytes(14, 40).map((data) => ({ kind: "management" as const, code: 0x7f, data })),
  fc
    .tuple(fc.integer({ min: 0, max: 0x3fff }), fc.constantFrom(0 as const, 1 as const), bytes(0, 40))
    .map(([code, direction, data]) => ({ kind: "nv" as const, code, direction, data })),
);

const tn = fc.integer({ min: 0, max: 15 });

export const arbBody: fc.Arbitrary<LonBody> = fc.oneof(
  fc
    .tuple(fc.constantFrom("ackd" as const, "unackd-rpt" as const), flag, tn, arbApdu)
    .map(([type, auth, t, apdu]) => ({ pdu: "tpdu" as const, type, auth, tn: t, apdu })),
  fc.tuple(flag, tn).map(([auth, t]) => ({ pdu: "tpdu" as const, type: "ack" as const, auth, tn: t })),
  fc
    .tuple(fc.constantFrom("tpdu" as const, "spdu" as const), flag, tn, bytes(0, 12))
    .map(([pdu, auth, t, memberList]) => ({ pdu, type: "reminder" as const, auth, tn: t, memberList })),
  fc
    .tuple(fc.constantFrom("tpdu" as const, "spdu" as const), flag, tn, bytes(0, 12), arbApdu)
    .map(([pdu, auth, t, memberList, apdu]) => ({ pdu, type: "rem-msg" as const, auth, tn: t, memberList, apdu })),
  fc
    .tuple(fc.constantFrom("request" as const, "response" as const), flag, tn, arbApdu)
    .map(([type, auth, t, apdu]) => ({ pdu: "spdu" as const, type, auth, tn: t, apdu })),
  fc
    .tuple(
      fc.constantFrom<AuthPduType>("challenge", "challenge-oma", "reply", "reply-oma"),
      fc.integer({ min: 0, max: 3 }),
      tn,
      bytes(8, 8),
      fc.option(byte, { nil: undefined }),
    )
    .map(([type, fmt, t, value, group]) => ({
      pdu: "authpdu" as const,
      type,
      fmt,
      tn: t,
      value,
      ...(group === undefined ? {} : { group }),
    })),
  arbApdu.map((apdu) => ({ pdu: "apdu" as const, apdu })),
);

export const arbPdu: fc.Arbitrary<LonPdu> = fc
  .tuple(
    flag,
    flag,
    fc.integer({ min: 0, max: 63 }),
    arbAddress,
    fc.constantFrom(0, 1, 3, 6).chain((n) => bytes(n, n)),
    arbBody,
  )
  .map(([priority, altPath, deltaBacklog, address, domain, body]) => ({
    priority,
    altPath,
    deltaBacklog,
    address,
    domain,
    body,
  }));
