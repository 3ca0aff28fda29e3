import type { ReadResponse, WriteResponse } from "../protocol/table-responses";

/**
 * The table services as any session offers them, whatever the link (C12.18 optical port, MEP,
 * PLC): what the conformance checks need, so that one check serves every link.
 */
export interface TableClient {
  readFull(tableId: number): Promise<ReadResponse>;
  /** A count larger than one response can carry is split into several reads. */
  readPartial(tableId: number, offset: number, count: number): Promise<ReadResponse>;
  writeFull(tableId: number, data: Uint8Array): Promise<WriteResponse>;
  writePartial(tableId: number, offset: number, data: Uint8Array): Promise<WriteResponse>;
  /** The raw bytes of the last response, kept as evidence for verdicts. */
  readonly lastResponse: Uint8Array | null;
}
