import { ByteWriter, type ByteReader } from "../bytes/cursor";
import { dataChecksum } from "./data-checksum";
import { decodeWith, type Decoded } from "../bytes/decoded";
import { tableName } from "./table-id";

/**
 * The table services of 9.3-9.6. Header fields are MSB first: table id UINT16, offset UINT24,
 * count UINT16. On the C12.18 optical link a write carries a one-byte data checksum after the
 * data; the secured MEP/PLC formats do not (the digest replaces it), hence `TableCodecOptions`.
 */
export const SERVICE_FULL_READ = 0x30;
export const SERVICE_PARTIAL_READ = 0x3f;
export const SERVICE_FULL_WRITE = 0x40;
export const SERVICE_PARTIAL_WRITE = 0x4f;

export const TABLE_SERVICE_CODES: readonly number[] = [
  SERVICE_FULL_READ,
  SERVICE_PARTIAL_READ,
  SERVICE_FULL_WRITE,
  SERVICE_PARTIAL_WRITE,
];

/** A read (full or partial) is answered with table data; a write with its code alone. */
export function isReadService(code: number | undefined): boolean {
  return code === SERVICE_FULL_READ || code === SERVICE_PARTIAL_READ;
}

export function isWriteService(code: number | undefined): boolean {
  return code === SERVICE_FULL_WRITE || code === SERVICE_PARTIAL_WRITE;
}

export type TableRequest =
  | { readonly service: "full-read"; readonly tableId: number }
  | { readonly service: "partial-read"; readonly tableId: number; readonly offset: number; readonly count: number }
  | { readonly service: "full-write"; readonly tableId: number; readonly data: Uint8Array }
  | { readonly service: "partial-write"; readonly tableId: number; readonly offset: number; readonly data: Uint8Array };

export interface TableCodecOptions {
  /** True on C12.18 links (optical port): writes and read responses carry the data checksum. */
  readonly checksum: boolean;
}

export const C1218_TABLE_CODEC: TableCodecOptions = { checksum: true };

export function encodeTableRequest(req: TableRequest, opts: TableCodecOptions): Uint8Array {
  const w = new ByteWriter("request");
  switch (req.service) {
    case "full-read":
      return w.u8(SERVICE_FULL_READ, "code").u16be(req.tableId, "tableId").toBytes();
    case "partial-read":
      return w
        .u8(SERVICE_PARTIAL_READ, "code")
        .u16be(req.tableId, "tableId")
        .u24be(req.offset, "offset")
        .u16be(req.count, "count")
        .toBytes();
    case "full-write":
      w.u8(SERVICE_FULL_WRITE, "code").u16be(req.tableId, "tableId");
      return writeData(w, req.data, opts);
    case "partial-write":
      w.u8(SERVICE_PARTIAL_WRITE, "code").u16be(req.tableId, "tableId").u24be(req.offset, "offset");
      return writeData(w, req.data, opts);
  }
}

export function decodeTableRequest(bytes: Uint8Array, opts: TableCodecOptions): Decoded<TableRequest> {
  return decodeWith(bytes, "request", (r): TableRequest => {
    const code = r.u8("code");
    switch (code) {
      case SERVICE_FULL_READ:
        return { service: "full-read", tableId: r.u16be("tableId") };
      case SERVICE_PARTIAL_READ:
        return {
          service: "partial-read",
          tableId: r.u16be("tableId"),
          offset: r.u24be("offset"),
          count: r.u16be("count"),
        };
      case SERVICE_FULL_WRITE:
        return { service: "full-write", tableId: r.u16be("tableId"), data: readData(r, opts) };
      case SERVICE_PARTIAL_WRITE: {
        const tableId = r.u16be("tableId");
        const offset = r.u24be("offset");
        return { service: "partial-write", tableId, offset, data: readData(r, opts) };
      }
      default:
        return r.fail(
          "OSGP_ERR_UNKNOWN_CODE",
          "code",
          `0x${code.toString(16).padStart(2, "0")} is not a table service`,
          0,
        );
    }
  });
}

/** One line for traces: "partial read ET03 offset 0 count 30". */
export function describeTableRequest(req: TableRequest): string {
  const table = tableName(req.tableId);
  switch (req.service) {
    case "full-read":
      return `full read ${table}`;
    case "partial-read":
      return `partial read ${table} offset ${req.offset} count ${req.count}`;
    case "full-write":
      return `full write ${table} ${req.data.length} byte(s)`;
    case "partial-write":
      return `partial write ${table} offset ${req.offset} ${req.data.length} byte(s)`;
  }
}

/** Count, data, then (C12.18) the checksum: shared by writes and read responses. */
export function writeData(w: ByteWriter, data: Uint8Array, opts: TableCodecOptions): Uint8Array {
  w.u16be(data.length, "count").bytes(data, "data");
  if (opts.checksum) w.u8(dataChecksum(data), "checksum");
  return w.toBytes();
}

export function readData(r: ByteReader, opts: TableCodecOptions): Uint8Array {
  const count = r.u16be("count");
  const dataAt = r.offset;
  const data = r.bytes(count, "data");
  if (opts.checksum) {
    const at = r.offset;
    const sent = r.u8("checksum");
    const expected = dataChecksum(data);
    if (sent !== expected) {
      r.fail(
        "OSGP_ERR_DATA_CHECKSUM",
        "checksum",
        `0x${hex2(sent)} sent, 0x${hex2(expected)} is the checksum of the ${count} data byte(s) at offset ${dataAt}`,
        at,
      );
    }
  }
  return data;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

/**
 * The same C12.18 write request with its data checksum (the last byte) made wrong: the negative
 * test of 9.4/9.6. The table id, offset, count and data are untouched.
 */
export function withWrongDataChecksum(encodedWrite: Uint8Array): Uint8Array {
  const out = encodedWrite.slice();
  out[out.length - 1] = ((out[out.length - 1] as number) + 1) & 0xff;
  return out;
}
