import { DecodeError, EncodeError } from "../../errors";
import { crc16X25 } from "./crc16-x25";

/**
 * One ANSI C12.18 packet:
 *   EE | identity | control | seq-nbr | length (UINT16, MSB first) | data | CRC (LSB first)
 * control: bit 7 multi-packet, bit 6 first packet of a multi-packet message, bit 5 toggle,
 * bits 2..4 reserved, bits 0..1 data format (0 = C12.18).
 */
export const STX = 0xee;
export const ACK = 0x06;
export const NAK = 0x15;
export const HEADER_SIZE = 6;
export const CRC_SIZE = 2;
export const PACKET_OVERHEAD = HEADER_SIZE + CRC_SIZE;
/** The largest length field C12.18 allows. */
export const MAX_DATA_LENGTH = 8183;

export interface Packet {
  readonly identity: number;
  readonly multiPacket: boolean;
  readonly firstPacket: boolean;
  readonly toggle: boolean;
  readonly dataFormat: number;
  /** Control bits 2..4; zero on every device we know, kept so a decoded packet re-encodes exactly. */
  readonly reservedBits: number;
  /** Packets still to follow in a multi-packet message; 0 on the last or only one. */
  readonly sequence: number;
  readonly data: Uint8Array;
}

export function controlByte(
  p: Pick<Packet, "multiPacket" | "firstPacket" | "toggle" | "dataFormat" | "reservedBits">,
): number {
  return (
    (p.multiPacket ? 0x80 : 0) |
    (p.firstPacket ? 0x40 : 0) |
    (p.toggle ? 0x20 : 0) |
    ((p.reservedBits & 7) << 2) |
    (p.dataFormat & 3)
  );
}

export function encodePacket(p: Packet): Uint8Array {
  if (p.data.length > MAX_DATA_LENGTH) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${p.data.length} data bytes exceed ${MAX_DATA_LENGTH}`, {
      path: "packet.length",
    });
  }
  for (const [name, v, max] of [
    ["identity", p.identity, 255],
    ["sequence", p.sequence, 255],
    ["dataFormat", p.dataFormat, 3],
    ["reservedBits", p.reservedBits, 7],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > max)
      throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${v} is outside 0..${max}`, { path: `packet.${name}` });
  }
  const out = new Uint8Array(PACKET_OVERHEAD + p.data.length);
  out[0] = STX;
  out[1] = p.identity;
  out[2] = controlByte(p);
  out[3] = p.sequence;
  out[4] = p.data.length >> 8;
  out[5] = p.data.length & 0xff;
  out.set(p.data, HEADER_SIZE);
  const crc = crc16X25(out, 0, HEADER_SIZE + p.data.length);
  out[HEADER_SIZE + p.data.length] = crc & 0xff;
  out[HEADER_SIZE + p.data.length + 1] = crc >> 8;
  return out;
}

/** Decodes exactly one whole packet. Streams go through PacketReassembler, which uses this. */
export function decodePacket(bytes: Uint8Array): { ok: true; value: Packet } | { ok: false; error: DecodeError } {
  const fail = (
    code:
      | "OSGP_ERR_FRAME_START"
      | "OSGP_ERR_TRUNCATED"
      | "OSGP_ERR_FRAME_LENGTH"
      | "OSGP_ERR_TRAILING_BYTES"
      | "OSGP_ERR_FRAME_CRC",
    detail: string,
    offset: number,
    path: string,
  ) => ({
    ok: false as const,
    error: new DecodeError(code, detail, { bytes, offset, path }),
  });
  if (bytes.length === 0) return fail("OSGP_ERR_TRUNCATED", "empty input", 0, "packet");
  if (bytes[0] !== STX)
    return fail(
      "OSGP_ERR_FRAME_START",
      `0x${(bytes[0] as number).toString(16).padStart(2, "0")} instead of 0xee`,
      0,
      "packet.stx",
    );
  if (bytes.length < HEADER_SIZE)
    return fail(
      "OSGP_ERR_TRUNCATED",
      `header needs ${HEADER_SIZE} bytes, ${bytes.length} given`,
      bytes.length,
      "packet.header",
    );
  const length = dataLengthOf(bytes);
  if (length > MAX_DATA_LENGTH)
    return fail("OSGP_ERR_FRAME_LENGTH", `length ${length} exceeds ${MAX_DATA_LENGTH}`, 4, "packet.length");
  const total = PACKET_OVERHEAD + length;
  if (bytes.length < total)
    return fail("OSGP_ERR_TRUNCATED", `packet of ${total} bytes, ${bytes.length} given`, bytes.length, "packet.data");
  if (bytes.length > total)
    return fail("OSGP_ERR_TRAILING_BYTES", `${bytes.length - total} byte(s) after the CRC`, total, "packet");
  const sent = (bytes[total - 2] as number) | ((bytes[total - 1] as number) << 8);
  const computed = crc16X25(bytes, 0, total - CRC_SIZE);
  if (sent !== computed) {
    return fail(
      "OSGP_ERR_FRAME_CRC",
      `CRC 0x${sent.toString(16).padStart(4, "0")} sent, 0x${computed.toString(16).padStart(4, "0")} computed`,
      total - 2,
      "packet.crc",
    );
  }
  const control = bytes[2] as number;
  return {
    ok: true,
    value: {
      identity: bytes[1] as number,
      multiPacket: (control & 0x80) !== 0,
      firstPacket: (control & 0x40) !== 0,
      toggle: (control & 0x20) !== 0,
      reservedBits: (control >> 2) & 7,
      dataFormat: control & 3,
      sequence: bytes[3] as number,
      data: bytes.slice(HEADER_SIZE, total - CRC_SIZE),
    },
  };
}

export function dataLengthOf(header: Uint8Array): number {
  return ((header[4] as number) << 8) | (header[5] as number);
}

/** "pkt t=1 seq=0 len=3" plus the multi-packet flags when set: the link half of a trace line. */
export function describePacket(p: Packet): string {
  const flags = `${p.multiPacket ? " multi" : ""}${p.firstPacket ? " first" : ""}`;
  return `packet toggle=${p.toggle ? 1 : 0}${flags} seq=${p.sequence} len=${p.data.length}`;
}
