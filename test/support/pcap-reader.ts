import { PCAP_MAGIC } from "../../harness/report/pcap-writer";

/** One record read back. */
export interface PcapRecordRead {
  readonly tsSec: number;
  readonly tsUsec: number;
  readonly origLen: number;
  readonly frame: Uint8Array;
}

/**
 * Reads a capture back, the global header's fields and each record. Either byte
 * order; throws a plain Error on anything it does not expect.
 */
export function decodePcap(bytes: Uint8Array): {
  readonly littleEndian: boolean;
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly snaplen: number;
  readonly linkType: number;
  readonly records: PcapRecordRead[];
} {
  if (bytes.length < 24) throw new Error(`a pcap header needs 24 bytes, ${bytes.length} given`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = v.getUint32(0, true) === PCAP_MAGIC;
  if (!le && v.getUint32(0, false) !== PCAP_MAGIC)
    throw new Error(`magic 0x${v.getUint32(0, false).toString(16)} is not a microsecond pcap`);
  const records: PcapRecordRead[] = [];
  let at = 24;
  while (at < bytes.length) {
    if (at + 16 > bytes.length) throw new Error(`record header at ${at} is cut short`);
    const incl = v.getUint32(at + 8, le);
    if (at + 16 + incl > bytes.length)
      throw new Error(`record at ${at} announces ${incl} bytes, ${bytes.length - at - 16} left`);
    records.push({
      tsSec: v.getUint32(at, le),
      tsUsec: v.getUint32(at + 4, le),
      origLen: v.getUint32(at + 12, le),
      frame: bytes.slice(at + 16, at + 16 + incl),
    });
    at += 16 + incl;
  }
  return {
    littleEndian: le,
    versionMajor: v.getUint16(4, le),
    versionMinor: v.getUint16(6, le),
    snaplen: v.getUint32(16, le),
    linkType: v.getUint32(20, le),
    records,
  };
}
