import { concatBytes } from "../bytes/byte-arrays";
import { EncodeError } from "../errors";

/**
 * A classic libpcap capture of UDP datagrams, so a PLC run's CN/IP traffic opens in Wireshark or
 * tshark (`-d udp.port==1628,cnip`). Pure: the caller writes pcapHeader() once, then one
 * pcapRecord() per datagram, to a file of its choosing.
 *
 * File header (24 bytes): magic a1b2c3d4 (microsecond timestamps), version 2.4, thiszone 0,
 * sigfigs 0, snaplen 65535, link type 1 (Ethernet). The fields are written little-endian; a reader
 * tells the order from the magic's byte order.
 * Record: ts_sec, ts_usec, incl_len, orig_len (4 bytes each), then the frame:
 *   Ethernet II  dst MAC, src MAC, ethertype 0x0800                 14 bytes
 *   IPv4         45 00 total-length id flags/fragment ttl 17 checksum src dst   20 bytes
 *   UDP          src port, dst port, length, checksum                8 bytes
 *   payload
 * The IPv4 header checksum and the UDP checksum (over the RFC 768 pseudo-header) are computed, so
 * Wireshark's checksum validation passes if a lab turns it on.
 */
export const PCAP_MAGIC = 0xa1b2c3d4;
export const PCAP_SNAPLEN = 65535;
export const LINKTYPE_ETHERNET = 1;
const ETHERNET_SIZE = 14;
const IPV4_SIZE = 20;
const UDP_SIZE = 8;
export const FRAME_OVERHEAD = ETHERNET_SIZE + IPV4_SIZE + UDP_SIZE;
/** Whole frames only: a record is never cut to the snap length. */
export const MAX_UDP_PAYLOAD = PCAP_SNAPLEN - FRAME_OVERHEAD;

/** Locally administered addresses (bit 1 of the first byte), so they never name a real card. */
export const DEFAULT_SRC_MAC: readonly number[] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
export const DEFAULT_DST_MAC: readonly number[] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];

export interface UdpRecord {
  /** Milliseconds since 1970-01-01T00:00:00Z; fractions become microseconds. */
  readonly timestampMs: number;
  /** Dotted quad, "192.168.1.10". */
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
  readonly srcMac?: readonly number[];
  readonly dstMac?: readonly number[];
  /** IPv4 identification; 0 is fine for unfragmented datagrams (RFC 6864). */
  readonly ipId?: number;
  readonly ttl?: number;
}

export function pcapHeader(): Uint8Array {
  const out = new Uint8Array(24);
  const v = new DataView(out.buffer);
  v.setUint32(0, PCAP_MAGIC, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true);
  v.setUint32(12, 0, true);
  v.setUint32(16, PCAP_SNAPLEN, true);
  v.setUint32(20, LINKTYPE_ETHERNET, true);
  return out;
}

export function pcapRecord(rec: UdpRecord): Uint8Array {
  const frame = udpFrame(rec);
  const [sec, usec] = splitTimestamp(rec.timestampMs);
  const head = new Uint8Array(16);
  const v = new DataView(head.buffer);
  v.setUint32(0, sec, true);
  v.setUint32(4, usec, true);
  v.setUint32(8, frame.length, true);
  v.setUint32(12, frame.length, true);
  return concatBytes(head, frame);
}

/** Ethernet II + IPv4 + UDP + payload. */
export function udpFrame(rec: UdpRecord): Uint8Array {
  if (rec.payload.length > MAX_UDP_PAYLOAD) {
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `${rec.payload.length} payload bytes exceed ${MAX_UDP_PAYLOAD}, what one ${PCAP_SNAPLEN}-byte record holds`,
      { path: "pcap.payload" },
    );
  }
  const src = parseIpv4(rec.srcIp, "pcap.srcIp");
  const dst = parseIpv4(rec.dstIp, "pcap.dstIp");
  const srcPort = requireInt(rec.srcPort, 0xffff, "pcap.srcPort");
  const dstPort = requireInt(rec.dstPort, 0xffff, "pcap.dstPort");
  const out = new Uint8Array(FRAME_OVERHEAD + rec.payload.length);
  const v = new DataView(out.buffer);

  out.set(mac(rec.dstMac ?? DEFAULT_DST_MAC, "pcap.dstMac"), 0);
  out.set(mac(rec.srcMac ?? DEFAULT_SRC_MAC, "pcap.srcMac"), 6);
  v.setUint16(12, 0x0800);

  const ip = ETHERNET_SIZE;
  out[ip] = 0x45; // version 4, header length 5 words
  out[ip + 1] = 0; // DSCP/ECN
  v.setUint16(ip + 2, IPV4_SIZE + UDP_SIZE + rec.payload.length);
  v.setUint16(ip + 4, requireInt(rec.ipId ?? 0, 0xffff, "pcap.ipId"));
  v.setUint16(ip + 6, 0x4000); // don't fragment, offset 0
  out[ip + 8] = requireInt(rec.ttl ?? 64, 0xff, "pcap.ttl");
  out[ip + 9] = 17; // UDP
  out.set(src, ip + 12);
  out.set(dst, ip + 16);
  v.setUint16(ip + 10, internetChecksum(out.subarray(ip, ip + IPV4_SIZE)));

  const udp = ip + IPV4_SIZE;
  const udpLength = UDP_SIZE + rec.payload.length;
  v.setUint16(udp, srcPort);
  v.setUint16(udp + 2, dstPort);
  v.setUint16(udp + 4, udpLength);
  out.set(rec.payload, udp + UDP_SIZE);
  v.setUint16(udp + 6, udpChecksum(src, dst, out.subarray(udp, udp + udpLength)));
  return out;
}

/**
 * RFC 1071: the ones' complement of the ones' complement sum of the 16-bit words (an odd last byte
 * is padded with zero). Over a header whose checksum field holds the right value, it gives 0.
 */
export function internetChecksum(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
  if (bytes.length % 2 === 1) sum += (bytes[bytes.length - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** RFC 768: over the pseudo-header (src, dst, 0, 17, UDP length) and the datagram; a computed 0 is sent as 0xffff. */
export function udpChecksum(src: Uint8Array, dst: Uint8Array, datagram: Uint8Array): number {
  const pseudo = concatBytes(src, dst, Uint8Array.of(0, 17, datagram.length >> 8, datagram.length & 0xff));
  const withChecksumZero = datagram.slice();
  withChecksumZero[6] = 0;
  withChecksumZero[7] = 0;
  const c = internetChecksum(concatBytes(pseudo, withChecksumZero));
  return c === 0 ? 0xffff : c;
}

export function parseIpv4(text: string, path: string): Uint8Array {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${JSON.stringify(text)} is not a dotted-quad IPv4 address`, {
      path,
    });
  }
  return Uint8Array.from(parts.map(Number));
}

function splitTimestamp(ms: number): [number, number] {
  if (!Number.isFinite(ms) || ms < 0)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `timestamp ${ms} ms is not a time after 1970`, {
      path: "pcap.timestampMs",
    });
  const totalUs = Math.round(ms * 1000);
  const sec = Math.floor(totalUs / 1_000_000);
  if (sec > 0xffffffff)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `timestamp ${ms} ms is past what 32-bit seconds hold`, {
      path: "pcap.timestampMs",
    });
  return [sec, totalUs - sec * 1_000_000];
}

function mac(bytes: readonly number[], path: string): Uint8Array {
  if (bytes.length !== 6 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 0xff)) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", "a MAC address is 6 bytes", { path });
  }
  return Uint8Array.from(bytes);
}

function requireInt(value: number, max: number, path: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${value} is outside 0..${max}`, { path });
  return value;
}
