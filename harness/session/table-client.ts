import type { TableCodecOptions } from "../protocol/table-requests";
import type { ReadResponse, WriteResponse } from "../protocol/table-responses";

/**
 * The table services as any session offers them, whatever the link (C12.18 optical port, MEP,
 * PLC): what the conformance checks need, so that one check serves every link.
 */
export interface TableClient {
  /** How this link encodes table data: with the C12.18 checksum (optical port) or without (secured links). */
  readonly codec: TableCodecOptions;
  /** Largest data count of one read response on this link. */
  readonly maxReadChunk: number;
  /**
   * One request APDU exactly as given (negative tests), and the device's response APDU. On a secured
   * link the device's authentication failure comes back as its code alone (0x0B); an answer that
   * does not verify is thrown as the DecodeError, with the bytes.
   */
  requestRaw(apdu: Uint8Array): Promise<Uint8Array>;
  readFull(tableId: number): Promise<ReadResponse>;
  /** A count larger than one response can carry is split into several reads. */
  readPartial(tableId: number, offset: number, count: number): Promise<ReadResponse>;
  writeFull(tableId: number, data: Uint8Array): Promise<WriteResponse>;
  writePartial(tableId: number, offset: number, data: Uint8Array): Promise<WriteResponse>;
  /** The raw bytes of the last response, kept as evidence for verdicts. */
  readonly lastResponse: Uint8Array | null;
}
