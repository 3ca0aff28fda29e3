import { concatBytes } from "../../../harness/bytes/byte-arrays";

/**
 * Datagrams as a CN/IP gateway would deliver them, assembled byte by byte from the header layouts
 * (packet-cnip.c, packet-lon.c) so that tests of the PLC link never lean on the codecs' encoders.
 */
const HEADER = 20;

export function cnip(lon: Uint8Array, o: { packetType?: number; flags?: number; sequence?: number } = {}): Uint8Array {
  const length = HEADER + lon.length;
  return concatBytes(
    Uint8Array.of(length >> 8, length & 0xff), // length, header included
    Uint8Array.of(0x01), // version 1
    Uint8Array.of(o.packetType ?? 0x01), // data packet unless told
    Uint8Array.of(0x00), // no extension header
    Uint8Array.of(o.flags ?? 0x00), // security (bit 5) | protocol (bits 0..4)
    Uint8Array.of(0x00, 0x00), // vendor code
    u32(0), // session id
    u32(o.sequence ?? 100), // the gateway's own sequence number
    u32(0), // timestamp
    lon,
  );
}

/** The 14908-1 PDU of a datagram without an extension header (every datagram the link sends). */
export function lonOf(datagram: Uint8Array): Uint8Array {
  return datagram.subarray(HEADER);
}

export function sequenceOf(datagram: Uint8Array): number {
  return (
    (datagram[12] as number) * 2 ** 24 +
    (datagram[13] as number) * 2 ** 16 +
    (datagram[14] as number) * 2 ** 8 +
    (datagram[15] as number)
  );
}

interface Answer {
  readonly tn: number;
  readonly from: readonly [number, number];
  /** Default 1/1, the link's default address. */
  readonly to?: readonly [number, number];
  /** Default 01. */
  readonly domain?: readonly number[];
  /** Default the one-byte OSGP "ok". */
  readonly apdu?: Uint8Array;
}

/** An SPDU (RESPONSE unless `spduType` says otherwise) in format 2a: source and destination subnet/node. */
export function unicastResponse(a: Answer & { spduType?: number; dstNodeBit7?: 0 | 0x80 }): Uint8Array {
  const [toSubnet, toNode] = a.to ?? [1, 1];
  const domain = a.domain ?? [0x01];
  return cnip(
    concatBytes(
      Uint8Array.of(0x00), // priority 0, alternate path 0, delta backlog 0
      Uint8Array.of(0b00_01_10_00 | domainCode(domain)), // SPDU, address format 2, domain length code
      Uint8Array.of(a.from[0], 0x80 | a.from[1]), // source subnet, node with bit 7 set: 2a
      Uint8Array.of(toSubnet, (a.dstNodeBit7 ?? 0x80) | toNode),
      Uint8Array.from(domain),
      Uint8Array.of(((a.spduType ?? 2) << 4) | a.tn), // not authenticated, type (2 = RESPONSE), tn
      a.apdu ?? Uint8Array.of(0x00),
    ),
  );
}

/** An SPDU RESPONSE from a group member: format 2b, source node bit 7 clear, then group and member. */
export function groupAckResponse(a: Answer & { group: number; member: number }): Uint8Array {
  const [toSubnet, toNode] = a.to ?? [1, 1];
  const domain = a.domain ?? [0x01];
  return cnip(
    concatBytes(
      Uint8Array.of(0x00),
      Uint8Array.of(0b00_01_10_00 | domainCode(domain)),
      Uint8Array.of(a.from[0], a.from[1]), // source node with bit 7 clear: 2b
      Uint8Array.of(toSubnet, 0x80 | toNode),
      Uint8Array.of(a.group, a.member),
      Uint8Array.from(domain),
      Uint8Array.of(0b0_010_0000 | a.tn), // RESPONSE, tn
      a.apdu ?? Uint8Array.of(0x00),
    ),
  );
}

function domainCode(domain: readonly number[]): number {
  return [0, 1, 3, 6].indexOf(domain.length);
}

function u32(v: number): Uint8Array {
  return Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}
