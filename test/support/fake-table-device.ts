import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { C1218_TABLE_CODEC } from "../../harness/protocol/table-requests";
import type { ReadResponse, WriteResponse } from "../../harness/protocol/table-responses";
import { EXTENDED_BASE, parseTableName } from "../../harness/protocol/table-id";
import type { GeneralConfiguration } from "../../harness/protocol/tables/bt00-general-configuration";
import { readInChunks } from "../../harness/session/chunked-table-access";
import type { TableClient } from "../../harness/session/table-client";

/** A BT00 (LSB first) that declares the tables named and nothing else, of which `writeable` may be written. */
export function configDeclaring(tables: readonly string[], writeable: readonly string[] = []): GeneralConfiguration {
  const bits = (extended: boolean, names = tables) => {
    const out = new Array<boolean>(80).fill(false);
    for (const id of names.map(parseTableName))
      if (id >= EXTENDED_BASE === extended) out[extended ? id - EXTENDED_BASE : id] = true;
    return out;
  };
  return {
    dataOrder: "le",
    charFormat: 1,
    timeFormat: 2,
    dataAccessMethod: 1,
    idFormat: "bcd",
    intFormat: 0,
    niFormat1: 8,
    niFormat2: 8,
    deviceClass: "TEST",
    nameplateType: 2,
    defaultSetUsed: 0,
    maxProcParamLength: 16,
    maxRespDataLength: 8,
    stdVersion: 1,
    stdRevision: 0,
    dimStdTablesUsed: 10,
    dimMfgTablesUsed: 10,
    dimStdProcUsed: 0,
    dimMfgProcUsed: 0,
    dimMfgStatusUsed: 0,
    nbrPending: 0,
    stdTablesUsed: bits(false),
    mfgTablesUsed: bits(true),
    stdProcUsed: [],
    mfgProcUsed: [],
    stdTablesWrite: bits(false, writeable),
    mfgTablesWrite: bits(true, writeable),
  };
}

/** What a device does with a partial read that runs past a table's end. */
export type PastTheEnd = "pad with zeros" | "answer short" | "refuse";

/**
 * A table client over table images, answering as a device would: a full read too long for one
 * response with rno, a table it refuses with that code, and reads past the end as told. Every
 * read request is logged; a session splits partial reads to `maxReadChunk` as the real ones do.
 */
export class FakeTableDevice implements TableClient {
  readonly codec = C1218_TABLE_CODEC;
  readonly lastResponse = null;
  readonly requests: { service: "full" | "partial"; table: number; offset: number; count: number }[] = [];

  constructor(
    private readonly images: ReadonlyMap<number, Uint8Array>,
    readonly maxReadChunk: number,
    private readonly past: PastTheEnd,
    private readonly refusals: ReadonlyMap<number, number> = new Map(),
  ) {}

  readFull(table: number): Promise<ReadResponse> {
    this.requests.push({ service: "full", table, offset: 0, count: 0 });
    const image = this.images.get(table);
    const refusal = this.refusals.get(table);
    if (refusal !== undefined) return Promise.resolve({ code: refusal });
    if (image === undefined) return Promise.resolve({ code: RESPONSE_CODE.sns });
    if (image.length > this.maxReadChunk) return Promise.resolve({ code: RESPONSE_CODE.rno });
    return Promise.resolve({ code: 0, data: image });
  }

  readPartial(table: number, offset: number, count: number): Promise<ReadResponse> {
    return readInChunks((at, n) => Promise.resolve(this.readOne(table, at, n)), offset, count, this.maxReadChunk);
  }

  private readOne(table: number, offset: number, count: number): ReadResponse {
    this.requests.push({ service: "partial", table, offset, count });
    const image = this.images.get(table);
    const refusal = this.refusals.get(table);
    if (refusal !== undefined) return { code: refusal };
    if (image === undefined) return { code: RESPONSE_CODE.sns };
    if (count > this.maxReadChunk) return { code: RESPONSE_CODE.rno };
    const end = offset + count;
    if (end <= image.length) return { code: 0, data: image.slice(offset, end) };
    if (this.past === "refuse") return { code: RESPONSE_CODE.onp };
    const served = image.slice(Math.min(offset, image.length));
    if (this.past === "answer short") return { code: 0, data: served };
    const data = new Uint8Array(count);
    data.set(served);
    return { code: 0, data };
  }

  requestRaw(): Promise<Uint8Array> {
    return Promise.reject(new Error("not used here"));
  }

  writeFull(): Promise<WriteResponse> {
    return Promise.reject(new Error("not used here"));
  }

  writePartial(): Promise<WriteResponse> {
    return Promise.reject(new Error("not used here"));
  }
}
