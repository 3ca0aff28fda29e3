import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EncodeError } from "../../errors";

/**
 * One ISO/IEC 14908-4 (EIA-852, "CN/IP") packet as a PLC gateway sends it over UDP (port 1628,
 * 1629 for urgent traffic). Header layout from Wireshark's packet-cnip.c; version and flag
 * semantics from the IzoT stack's IP-852 code (izot/lon-stack-ex,
 * LtIpPackets.h/.cpp, MIT), because the dissector displays the version without checking it.
 *
 *   0  length          UINT16  the whole packet, header included
 *   2  version         UINT8   1 (the stack's VERSION_ONE; its top three bits are flags, bit 7 =
 *                              vendor-private packet, which this harness does not read)
 *   3  packet type     UINT8   0x01 data packet, ... (CNIP_PACKET_TYPES)
 *   4  ext-header size UINT8   in 4-byte words; those bytes follow the 20-byte header
 *   5  protocol flags  UINT8   bit 5 security (EIA-852 authentication), bits 0..4 protocol
 *                              (0 = ISO/IEC 14908-1); bits 6..7 kept as read
 *   6  vendor code     UINT16  0 = standard
 *   8  session id      UINT32
 *   12 sequence number UINT32
 *   16 timestamp       UINT32  milliseconds of wall-clock time (the stack sends 0 until its clock
 *                              is synchronised)
 *   20 extension header (opaque: Echelon's 12-byte NAT extension is one known use), then payload
 *
 * For a data packet with protocol 0, the payload is the 14908-1 PDU without CRC (lon-pdu.ts). With
 * the security flag set, EIA-852 appends an MD5 digest to the packet; it stays inside `payload`
 * here (opaque), and tshark hands it to the LON dissector as trailing bytes.
 */
export interface CnipPacket {
  readonly version: number;
  readonly packetType: number;
  readonly security: boolean;
  /** 0..31; 0 = ISO/IEC 14908-1. */
  readonly protocol: number;
  /** Protocol-flag bits 6..7, which no source defines; kept so a packet re-encodes to its bytes. */
  readonly reservedFlags: number;
  readonly vendorCode: number;
  readonly sessionId: number;
  readonly sequence: number;
  readonly timestamp: number;
  /** A multiple of 4 bytes, at most 255 words. */
  readonly extension: Uint8Array;
  readonly payload: Uint8Array;
}

export const CNIP_HEADER_SIZE = 20;
export const CNIP_VERSION = 1;
export const CNIP_PORT = 1628;
export const CNIP_PROTOCOL_LON = 0;
export const CNIP_DATA_PACKET = 0x01;
/** Status/Health/Statistics request and response (packet-cnip.c type_tuple). */
export const CNIP_STATUS_REQUEST = 0x60;
export const CNIP_STATUS_RESPONSE = 0x70;

/** The names packet-cnip.c gives the packet types (type_tuple). */
export const CNIP_PACKET_TYPES: Readonly<Record<number, string>> = {
  0x01: "Data Packet",
  0x63: "Device Configuration Request",
  0x03: "Device Registration",
  0x71: "Device Configuration",
  0x64: "Channel Membership Request",
  0x04: "Channel Membership",
  0x66: "Send List Request",
  0x06: "Send List",
  0x68: "Channel Routing Request",
  0x08: "Channel Routing",
  0x07: "Acknowledge",
  0x7f: "Segment",
  0x60: "Status/Health/Statistics Request",
  0x70: "Status/Health/Statistics Response",
};

export interface CnipDecodeOptions {
  /** Versions accepted; default [1]. */
  readonly versions?: readonly number[];
}

/** A data packet carrying a 14908-1 PDU, with the defaults a standard gateway uses. */
export function cnipDataPacket(fields: {
  payload: Uint8Array;
  sessionId?: number;
  sequence?: number;
  timestamp?: number;
}): CnipPacket {
  return {
    version: CNIP_VERSION,
    packetType: CNIP_DATA_PACKET,
    security: false,
    protocol: CNIP_PROTOCOL_LON,
    reservedFlags: 0,
    vendorCode: 0,
    sessionId: fields.sessionId ?? 0,
    sequence: fields.sequence ?? 0,
    timestamp: fields.timestamp ?? 0,
    extension: new Uint8Array(0),
    payload: fields.payload,
  };
}

export function encodeCnipPacket(p: CnipPacket): Uint8Array {
  const length = CNIP_HEADER_SIZE + p.extension.length + p.payload.length;
  if (p.extension.length % 4 !== 0 || p.extension.length > 0xff * 4) {
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `an extension header of ${p.extension.length} bytes is not a whole number of 4-byte words up to 255`,
      { path: "cnip.extension" },
    );
  }
  if (length > 0xffff)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `a packet of ${length} bytes does not fit the 16-bit length`, {
      path: "cnip.length",
    });
  for (const [name, value, max] of [
    ["protocol", p.protocol, 0x1f],
    ["reservedFlags", p.reservedFlags, 3],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > max)
      throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${value} is outside 0..${max}`, { path: `cnip.${name}` });
  }
  return new ByteWriter("cnip")
    .u16be(length, "length")
    .u8(p.version, "version")
    .u8(p.packetType, "packetType")
    .u8(p.extension.length / 4, "extensionWords")
    .u8((p.reservedFlags << 6) | (p.security ? 0x20 : 0) | p.protocol, "protocolFlags")
    .u16be(p.vendorCode, "vendorCode")
    .u32be(p.sessionId, "sessionId")
    .u32be(p.sequence, "sequence")
    .u32be(p.timestamp, "timestamp")
    .bytes(p.extension, "extension")
    .bytes(p.payload, "payload")
    .toBytes();
}

/**
 * One whole UDP payload. A short header is OSGP_ERR_TRUNCATED; a length field that disagrees with
 * the datagram, an unread version or an extension past the end is OSGP_ERR_CNIP_HEADER (a datagram
 * arrives whole, so a disagreement is the header's fault, not a cut).
 */
export function decodeCnipPacket(bytes: Uint8Array, options: CnipDecodeOptions = {}): Decoded<CnipPacket> {
  const versions = options.versions ?? [CNIP_VERSION];
  return decodeWith(bytes, "cnip", (r) => {
    if (bytes.length < CNIP_HEADER_SIZE)
      r.fail(
        "OSGP_ERR_TRUNCATED",
        "header",
        `the header needs ${CNIP_HEADER_SIZE} bytes, ${bytes.length} given`,
        bytes.length,
      );
    const length = r.u16be("length");
    if (length !== bytes.length)
      r.fail(
        "OSGP_ERR_CNIP_HEADER",
        "length",
        `the length field says ${length}, the packet holds ${bytes.length} bytes`,
        0,
      );
    const version = r.u8("version");
    if (!versions.includes(version))
      r.fail("OSGP_ERR_CNIP_HEADER", "version", `version ${version}; read: ${versions.join(", ")}`, 2);
    const packetType = r.u8("packetType");
    const words = r.u8("extensionWords");
    const flags = r.u8("protocolFlags");
    const vendorCode = r.u16be("vendorCode");
    const sessionId = r.u32be("sessionId");
    const sequence = r.u32be("sequence");
    const timestamp = r.u32be("timestamp");
    if (4 * words > r.remaining)
      r.fail(
        "OSGP_ERR_CNIP_HEADER",
        "extensionWords",
        `${words} extension word(s) = ${4 * words} bytes, ${r.remaining} left in the packet`,
        4,
      );
    const extension = r.bytes(4 * words, "extension");
    return {
      version,
      packetType,
      security: (flags & 0x20) !== 0,
      protocol: flags & 0x1f,
      reservedFlags: flags >> 6,
      vendorCode,
      sessionId,
      sequence,
      timestamp,
      extension,
      payload: r.rest(),
    };
  });
}

/** "CN/IP Data Packet seq=7 session=1 len=41": the tunnel half of a trace line. */
export function describeCnipPacket(p: CnipPacket): string {
  const type = CNIP_PACKET_TYPES[p.packetType] ?? `type 0x${p.packetType.toString(16).padStart(2, "0")}`;
  const flags = `${p.security ? " secure" : ""}${p.protocol !== CNIP_PROTOCOL_LON ? ` protocol=${p.protocol}` : ""}`;
  return `CN/IP ${type}${flags} seq=${p.sequence} session=${p.sessionId} len=${CNIP_HEADER_SIZE + p.extension.length + p.payload.length}`;
}
