import { RESPONSE_CODE } from "../../protocol/response-codes";
import { decodeReadResponse } from "../../protocol/table-responses";
import type { TableRequest } from "../../protocol/table-requests";
import type { RequestCase } from "../arbitraries/request-apdus";
import type { DeviceFacts } from "./device-facts";

/**
 * What a device may answer to each kind of request case, from the PIXIT's expectations, and how a
 * table must look after a write: a refused write changes nothing; an accepted one changes exactly
 * its bytes, the surplus past the end ignored (9.0).
 */
export interface Allowed {
  readonly codes: readonly number[];
  readonly why: string;
}

const OK = RESPONSE_CODE.ok;

export function allowedFor(c: RequestCase, facts: DeviceFacts): Allowed {
  const k = facts.codes;
  const base = c.request === null ? null : allowedForRequest(c.anomaly, c.request, k, facts);
  switch (c.anomaly) {
    case "link-service":
      return allowedForLinkService(c, k);
    case "unknown-code":
      return { codes: k.unknownService, why: "a service code that names no service" };
    case "truncated":
      return { codes: k.malformed, why: "a request cut short" };
    case "overlong-count":
      return { codes: k.malformed, why: "a count larger than the data that follows" };
    case "short-count":
      return {
        codes: union(k.malformed, k.trailingBytes, k.badChecksum),
        why: "a count smaller than the data that follows",
      };
    case "bad-checksum":
      return { codes: k.badChecksum, why: "a write whose data checksum is wrong" };
    case "trailing":
      return {
        codes: union(k.trailingBytes, base?.codes ?? []),
        why: `${base?.why ?? "a request"}, followed by stray bytes`,
      };
    default:
      return base as Allowed;
  }
}

/** In a session, a link service is out of sequence (isss), or malformed (err); a wait is served. */
function allowedForLinkService(c: RequestCase, k: DeviceFacts["codes"]): Allowed {
  const l = c.linkService;
  const wait = l?.request.service === "wait";
  const what = `a C12.18 ${l?.request.service ?? "link"} service inside the session (${l?.anomaly ?? "?"})`;
  switch (l?.anomaly) {
    case "in-session":
      return { codes: wait ? [OK] : k.outOfSequence, why: what };
    case "trailing":
      return { codes: union(k.trailingBytes, k.outOfSequence, wait ? [OK] : []), why: what };
    default:
      return { codes: union(k.malformed, k.outOfSequence), why: what };
  }
}

function allowedForRequest(
  anomaly: RequestCase["anomaly"],
  r: TableRequest,
  k: DeviceFacts["codes"],
  facts: DeviceFacts,
): Allowed {
  if (anomaly === "unknown-table") return { codes: k.unknownTable, why: "a table the device does not declare" };
  if (anomaly === "not-writeable")
    return { codes: union(k.notWriteable, k.hardwareLock), why: "a write to a table BT00 says is not writeable" };
  const access = union(k.insufficientKey, k.hardwareLock);
  switch (r.service) {
    case "full-read":
      return { codes: union([OK], k.oversizeResponse, access), why: "a full read of a declared table" };
    case "partial-read":
      if (r.count > facts.maxResponseData)
        return {
          codes: k.oversizeResponse,
          why: `a partial read of ${r.count} bytes, more than one response carries (${facts.maxResponseData})`,
        };
      if (r.count > facts.maxReadChunk)
        return {
          codes: union([OK], k.oversizeResponse, access),
          why: `a partial read of ${r.count} bytes, above the link's typical read size`,
        };
      return { codes: union([OK, RESPONSE_CODE.onp], access), why: "a partial read of a declared table" };
    case "full-write":
      return { codes: [OK], why: "a full write of the scratch table" };
    case "partial-write":
      return anomaly === "boundary"
        ? {
            codes: [OK, RESPONSE_CODE.onp, RESPONSE_CODE.iar],
            why: `a partial write at offset ${r.offset}, past the end of the table`,
          }
        : { codes: [OK], why: "a partial write inside the scratch area" };
  }
}

/** A read answered ok must carry what was asked: as many bytes as the count, with a good checksum. */
export function readAnswerProblem(c: RequestCase, response: Uint8Array, facts: DeviceFacts): string | null {
  const r = c.request;
  if (r === null || (r.service !== "full-read" && r.service !== "partial-read") || response[0] !== OK) return null;
  const d = decodeReadResponse(response, facts.codec);
  if (!d.ok) return `the read was answered ok but the answer does not decode: ${d.error.message}`;
  if (r.service === "partial-read" && "data" in d.value && d.value.data.length !== r.count)
    return `a partial read of ${r.count} bytes was answered with ${d.value.data.length}`;
  return null;
}

/**
 * The images a table may have after a write answered `code`: unchanged when refused; written as the
 * request says when a well-formed write was accepted; for a damaged write that was accepted, either
 * (the device may have ignored it, or read a short count as it stands).
 */
export function imagesAfterWrite(before: Uint8Array, c: RequestCase, code: number): Uint8Array[] {
  const r = c.request;
  if (code !== OK || r === null || (r.service !== "full-write" && r.service !== "partial-write")) return [before];
  const offset = r.service === "partial-write" ? r.offset : 0;
  const written = applyWrite(before, offset, r.data);
  if (c.anomaly === "valid" || c.anomaly === "boundary") return [written];
  const shortCounts =
    c.anomaly === "short-count"
      ? Array.from({ length: r.data.length }, (_, n) => applyWrite(before, offset, r.data.subarray(0, n)))
      : [];
  return [before, written, ...shortCounts];
}

/** 9.0: the bytes from `offset` are replaced; those that would fall past the end are ignored. */
export function applyWrite(before: Uint8Array, offset: number, data: Uint8Array): Uint8Array {
  const out = before.slice();
  if (offset < out.length) out.set(data.subarray(0, out.length - offset), offset);
  return out;
}

function union(...lists: (readonly number[])[]): number[] {
  return [...new Set(lists.flat())];
}
