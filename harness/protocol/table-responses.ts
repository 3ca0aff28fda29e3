import { ByteWriter, type ByteReader } from "../bytes/cursor";
import { decodeWith, type Decoded } from "../bytes/decoded";
import { describeResponseCode, RESPONSE_CODE } from "./response-codes";
import { readData, writeData, type TableCodecOptions } from "./table-requests";

/**
 * Responses of 9.3-9.6 and 9.9. A read answers `00 | count | data | (checksum)`, a write answers
 * `00`. Error responses carry no data, except 0x0C which carries the device's 4-byte sequence
 * number on secured links (9.7).
 */
export type ErrorResponse = { readonly code: number; readonly sequence?: number };
export type ReadResponse = { readonly code: 0; readonly data: Uint8Array } | ErrorResponse;
export type WriteResponse = { readonly code: 0 } | ErrorResponse;

export function isOk<R extends { code: number }>(r: R): r is Extract<R, { code: 0 }> {
  return r.code === RESPONSE_CODE.ok;
}

export function decodeReadResponse(bytes: Uint8Array, opts: TableCodecOptions): Decoded<ReadResponse> {
  return decodeWith(bytes, "response", (r): ReadResponse => {
    const code = r.u8("code");
    return code === RESPONSE_CODE.ok ? { code: 0, data: readData(r, opts) } : readError(r, code);
  });
}

export function encodeReadResponse(resp: ReadResponse, opts: TableCodecOptions): Uint8Array {
  const w = new ByteWriter("response").u8(resp.code, "code");
  return "data" in resp ? writeData(w, resp.data, opts) : writeError(w, resp);
}

export function decodeWriteResponse(bytes: Uint8Array): Decoded<WriteResponse> {
  return decodeWith(bytes, "response", (r): WriteResponse => {
    const code = r.u8("code");
    return code === RESPONSE_CODE.ok ? { code: 0 } : readError(r, code);
  });
}

export function encodeWriteResponse(resp: WriteResponse): Uint8Array {
  return writeError(new ByteWriter("response").u8(resp.code, "code"), resp);
}

/** The common "no data" answer that link services (logon, logoff, ...) also use. */
export function decodeCodeOnlyResponse(bytes: Uint8Array): Decoded<ErrorResponse> {
  return decodeWith(bytes, "response", (r) => readError(r, r.u8("code")));
}

export function describeResponse(resp: ErrorResponse | ReadResponse): string {
  const base = describeResponseCode(resp.code);
  if ("data" in resp) return `${base}, ${resp.data.length} data byte(s)`;
  if (resp.sequence !== undefined) return `${base}, device sequence 0x${resp.sequence.toString(16).padStart(8, "0")}`;
  return base;
}

function readError(r: ByteReader, code: number): ErrorResponse {
  if (code === RESPONSE_CODE.seq && r.remaining >= 4) return { code, sequence: r.u32be("sequence") };
  return { code };
}

function writeError(w: ByteWriter, resp: ErrorResponse): Uint8Array {
  if (resp.sequence !== undefined) w.u32be(resp.sequence, "sequence");
  return w.toBytes();
}
