import type { ByteReader, ByteWriter } from "../../bytes/cursor";
import { toHex } from "../../bytes/hex";
import { requireLength, requireUint } from "./field-range";

/**
 * The address part of an ISO/IEC 14908-1 NPDU, laid out as Wireshark's packet-lon.c reads it.
 * NPDU bits 2..3 give the format; format 2 is split by bit 7 of the source-node
 * byte: 1 = 2a (unicast subnet/node), 0 = 2b (acknowledgement of a group message).
 *
 *   0 broadcast   srcSubnet | srcNode | dstSubnet                                   3 bytes
 *   1 group       srcSubnet | srcNode | dstGroup                                    3 bytes
 *   2a unicast    srcSubnet | 1 srcNode | dstSubnet | dstNode                       4 bytes
 *   2b group ack  srcSubnet | 0 srcNode | dstSubnet | dstNode | group | member      6 bytes
 *   3 unique id   srcSubnet | srcNode | dstSubnet | unique node id (6 bytes)       9 bytes
 *
 * Nodes are 7 bits (the dissector masks 0x7f). Bit 7 of a node byte is the stack's "selField": the
 * IzoT reference stack (LonMarkTech/lon-stack-dx-lmi, lcs_network.c NWSend) writes 1 in every source
 * node except 2b's and in both destination nodes of format 2. A peer that writes 0 where the stack
 * writes 1 is kept visible (`srcNodeBit7Clear` / `dstNodeBit7Clear`) instead of being normalised
 * away, so a decoded PDU re-encodes to the bytes it came from.
 *
 * 2b's third byte: the dissector labels it "Destination group" (lon.dstgrp); the IzoT stack's
 * MulticastAckAddress puts the destination subnet there (the ack goes back to the sender's
 * subnet/node, and group/member say who acknowledges). We name it for what the stack writes.
 */
export type LonAddress = BroadcastAddress | GroupAddress | SubnetNodeAddress | GroupAckAddress | UniqueIdAddress;

interface SourceFields {
  readonly srcSubnet: number;
  /** 0..127. */
  readonly srcNode: number;
}

export interface BroadcastAddress extends SourceFields {
  readonly format: "broadcast";
  /** 0 = every subnet of the domain. */
  readonly dstSubnet: number;
  readonly srcNodeBit7Clear?: true;
}

export interface GroupAddress extends SourceFields {
  readonly format: "group";
  readonly dstGroup: number;
  readonly srcNodeBit7Clear?: true;
}

export interface SubnetNodeAddress extends SourceFields {
  readonly format: "subnet-node";
  readonly dstSubnet: number;
  /** 0..127. */
  readonly dstNode: number;
  readonly dstNodeBit7Clear?: true;
}

export interface GroupAckAddress extends SourceFields {
  readonly format: "group-ack";
  readonly dstSubnet: number;
  /** 0..127. */
  readonly dstNode: number;
  readonly group: number;
  readonly member: number;
  readonly dstNodeBit7Clear?: true;
}

export interface UniqueIdAddress extends SourceFields {
  readonly format: "unique-id";
  /** Routing hint only; 0 reaches the node on any subnet. */
  readonly dstSubnet: number;
  /** The 48-bit Neuron ID, 6 bytes in wire order. */
  readonly uniqueId: Uint8Array;
  readonly srcNodeBit7Clear?: true;
}

export const UNIQUE_ID_SIZE = 6;

/** NPDU bits 2..3. */
export function addressFormatCode(a: LonAddress): number {
  switch (a.format) {
    case "broadcast":
      return 0;
    case "group":
      return 1;
    case "subnet-node":
    case "group-ack":
      return 2;
    case "unique-id":
      return 3;
  }
}

export function writeAddress(w: ByteWriter, a: LonAddress, path: string): void {
  w.u8(a.srcSubnet, `${path}.srcSubnet`);
  const srcNode = requireUint(a.srcNode, 0x7f, `${path}.srcNode`);
  switch (a.format) {
    case "broadcast":
      w.u8(nodeByte(srcNode, a.srcNodeBit7Clear), `${path}.srcNode`);
      w.u8(a.dstSubnet, `${path}.dstSubnet`);
      return;
    case "group":
      w.u8(nodeByte(srcNode, a.srcNodeBit7Clear), `${path}.srcNode`);
      w.u8(a.dstGroup, `${path}.dstGroup`);
      return;
    case "subnet-node":
      w.u8(0x80 | srcNode, `${path}.srcNode`);
      w.u8(a.dstSubnet, `${path}.dstSubnet`);
      w.u8(nodeByte(requireUint(a.dstNode, 0x7f, `${path}.dstNode`), a.dstNodeBit7Clear), `${path}.dstNode`);
      return;
    case "group-ack":
      w.u8(srcNode, `${path}.srcNode`);
      w.u8(a.dstSubnet, `${path}.dstSubnet`);
      w.u8(nodeByte(requireUint(a.dstNode, 0x7f, `${path}.dstNode`), a.dstNodeBit7Clear), `${path}.dstNode`);
      w.u8(a.group, `${path}.group`);
      w.u8(a.member, `${path}.member`);
      return;
    case "unique-id":
      w.u8(nodeByte(srcNode, a.srcNodeBit7Clear), `${path}.srcNode`);
      w.u8(a.dstSubnet, `${path}.dstSubnet`);
      w.bytes(requireLength(a.uniqueId, [UNIQUE_ID_SIZE], `${path}.uniqueId`), `${path}.uniqueId`);
      return;
  }
}

export function readAddress(r: ByteReader, formatCode: number, path: string): LonAddress {
  const srcSubnet = r.u8(`${path}.srcSubnet`);
  const srcByte = r.u8(`${path}.srcNode`);
  const srcNode = srcByte & 0x7f;
  const srcClear = (srcByte & 0x80) === 0 ? { srcNodeBit7Clear: true as const } : {};
  switch (formatCode) {
    case 0:
      return { format: "broadcast", srcSubnet, srcNode, dstSubnet: r.u8(`${path}.dstSubnet`), ...srcClear };
    case 1:
      return { format: "group", srcSubnet, srcNode, dstGroup: r.u8(`${path}.dstGroup`), ...srcClear };
    case 2: {
      const dstSubnet = r.u8(`${path}.dstSubnet`);
      const dstByte = r.u8(`${path}.dstNode`);
      const dstClear = (dstByte & 0x80) === 0 ? { dstNodeBit7Clear: true as const } : {};
      if ((srcByte & 0x80) !== 0)
        return { format: "subnet-node", srcSubnet, srcNode, dstSubnet, dstNode: dstByte & 0x7f, ...dstClear };
      const group = r.u8(`${path}.group`);
      const member = r.u8(`${path}.member`);
      return {
        format: "group-ack",
        srcSubnet,
        srcNode,
        dstSubnet,
        dstNode: dstByte & 0x7f,
        group,
        member,
        ...dstClear,
      };
    }
    default:
      return {
        format: "unique-id",
        srcSubnet,
        srcNode,
        dstSubnet: r.u8(`${path}.dstSubnet`),
        uniqueId: r.bytes(UNIQUE_ID_SIZE, `${path}.uniqueId`),
        ...srcClear,
      };
  }
}

/** "from 1/5 to 1/17", "from 1/5 to group 9", "from 1/5 to id 05 01 02 03 04 05": the address half of a trace line. */
export function describeAddress(a: LonAddress): string {
  const from = `from ${a.srcSubnet}/${a.srcNode}`;
  switch (a.format) {
    case "broadcast":
      return `${from} to ${a.dstSubnet === 0 ? "all subnets" : `subnet ${a.dstSubnet}`} (broadcast)`;
    case "group":
      return `${from} to group ${a.dstGroup}`;
    case "subnet-node":
      return `${from} to ${a.dstSubnet}/${a.dstNode}`;
    case "group-ack":
      return `${from} to ${a.dstSubnet}/${a.dstNode} (ack from group ${a.group} member ${a.member})`;
    case "unique-id":
      return `${from} to id ${toHex(a.uniqueId)}`;
  }
}

function nodeByte(node: number, bit7Clear: true | undefined): number {
  return bit7Clear === true ? node : 0x80 | node;
}
