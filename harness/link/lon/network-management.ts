import { concatBytes } from "../../bytes/byte-arrays";
import type { ByteReader } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EncodeError } from "../../errors";
import { hex2, requireLength, requireUint } from "./field-range";
import { UNIQUE_ID_SIZE } from "./lon-address";
import { SERVICE_PIN_CODE, type LonApdu } from "./lon-apdu";
import type { LonPdu } from "./lon-pdu";

/**
 * ISO/IEC 14908-1 network-management (NM) messages that clause 5 (network formation) can observe.
 * Codes from packet-lon.c (nm_code_vs). Message layouts and the response-code rule from the IzoT
 * reference stack, LonMarkTech/lon-stack-dx-lmi (MIT): lcs_netmgmt.h (NM_resp_success 0x20,
 * NM_resp_failure 0x00, NM_opcode_mask 0x1f; ND 0x30/0x10/0x0f; NMQueryIdRequest; Selector;
 * ModeType) and lcs_netmgmt.c (HandleNMQueryId, the NM_RESPOND_TO_QUERY case of HandleNM,
 * ManualServiceRequestMessage, NMNDRespond). The ISO text itself was not available.
 */
export const NM_CODES = {
  queryId: 0x61,
  respondToQuery: 0x62,
  updateDomain: 0x63,
  leaveDomain: 0x64,
  updateKey: 0x65,
  updateAddress: 0x66,
  queryAddress: 0x67,
  queryDomain: 0x6a,
  setNodeMode: 0x6c,
  readMemory: 0x6d,
  writeMemory: 0x6e,
  wink: 0x70,
  servicePin: SERVICE_PIN_CODE,
} as const;

export const PROGRAM_ID_SIZE = 8;

/**
 * An NM request (0x60..0x7f) is answered with 0x20 | (code & 0x1f) on success and code & 0x1f on
 * failure: Query ID 0x61 -> 0x21 / 0x01. Both fall in the application-message range of the APDU
 * first byte, which is why an answer is read against the request it answers.
 */
export function nmSuccessCode(requestCode: number): number {
  return 0x20 | (requireNmCode(requestCode) & 0x1f);
}

export function nmFailureCode(requestCode: number): number {
  return requireNmCode(requestCode) & 0x1f;
}

/** Network diagnostics (0x50..0x5f) answer 0x30 | (code & 0x0f) on success, 0x10 | (code & 0x0f) on failure. */
export function ndSuccessCode(requestCode: number): number {
  return 0x30 | (requireRange(requestCode, 0x50, 0x5f, "nd.code") & 0x0f);
}

export function ndFailureCode(requestCode: number): number {
  return 0x10 | (requireRange(requestCode, 0x50, 0x5f, "nd.code") & 0x0f);
}

// ---------------------------------------------------------------------------------------------
// Query ID (0x61)

/** Which nodes answer: 0 unconfigured ones, 1 the one selected by Respond to Query, 2 both at once. */
export type QueryIdSelector = "unconfigured" | "selected" | "selected-unconfigured";
const SELECTORS: readonly QueryIdSelector[] = ["unconfigured", "selected", "selected-unconfigured"];

/** Where the memory-match offset counts from (lcs_netmgmt.h ModeType). The stack answers Query ID only for 0..2. */
export const MEMORY_MODES = { absolute: 0, readOnlyRelative: 1, configRelative: 2, statisticsRelative: 3 } as const;

/**
 * selector, then optionally: mode (1) | offset (UINT16, MSB first) | count (1) | data[count]. A node
 * answers only when its memory at mode/offset holds `data`. The whole request is 2 bytes or 6 + count.
 */
export interface QueryIdRequest {
  readonly selector: QueryIdSelector;
  readonly memoryMatch?: { readonly mode: number; readonly offset: number; readonly data: Uint8Array };
}

export function encodeQueryIdRequest(q: QueryIdRequest): LonApdu {
  const selector = SELECTORS.indexOf(q.selector);
  if (selector < 0)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${String(q.selector)} is not a Query ID selector`, {
      path: "nm.queryId.selector",
    });
  const m = q.memoryMatch;
  if (m === undefined) return management(NM_CODES.queryId, Uint8Array.of(selector));
  requireUint(m.mode, 0xff, "nm.queryId.mode");
  requireUint(m.offset, 0xffff, "nm.queryId.offset");
  requireUint(m.data.length, 0xff, "nm.queryId.count");
  return management(
    NM_CODES.queryId,
    concatBytes(Uint8Array.of(selector, m.mode, m.offset >> 8, m.offset & 0xff, m.data.length), m.data),
  );
}

export function decodeQueryIdRequest(apdu: LonApdu): Decoded<QueryIdRequest> {
  return decodeApdu(apdu, "nm.queryId", "management", NM_CODES.queryId, (r: ByteReader): QueryIdRequest => {
    const at = r.offset;
    const selector = SELECTORS[r.u8("selector")];
    if (selector === undefined)
      r.fail("OSGP_ERR_FIELD_RANGE", "selector", `selector ${r.input[at]} is not 0, 1 or 2`, at);
    if (r.remaining === 0) return { selector };
    const mode = r.u8("mode");
    const offset = r.u16be("offset");
    const count = r.u8("count");
    return { selector, memoryMatch: { mode, offset, data: r.bytes(count, "data") } };
  });
}

/** Success: 0x21, the 6-byte unique id, the 8-byte program id. Failure: 0x01 alone. */
export type QueryIdResponse =
  { readonly ok: true; readonly uniqueId: Uint8Array; readonly programId: Uint8Array } | { readonly ok: false };

export function encodeQueryIdResponse(q: QueryIdResponse): LonApdu {
  if (!q.ok) return message(nmFailureCode(NM_CODES.queryId), new Uint8Array(0));
  return message(nmSuccessCode(NM_CODES.queryId), idAndProgram(q.uniqueId, q.programId, "nm.queryIdResponse"));
}

export function decodeQueryIdResponse(apdu: LonApdu): Decoded<QueryIdResponse> {
  return decodeNmAnswer<QueryIdResponse>(
    apdu,
    "nm.queryIdResponse",
    NM_CODES.queryId,
    (r) => ({ ok: true, ...readIdAndProgram(r) }),
    { ok: false },
  );
}

// ---------------------------------------------------------------------------------------------
// Respond to Query (0x62): one byte, 0 = off, 1 = on; the node answers later Query ID "selected".

export interface RespondToQuery {
  readonly on: boolean;
}

export function encodeRespondToQuery(q: RespondToQuery): LonApdu {
  return management(NM_CODES.respondToQuery, Uint8Array.of(q.on ? 1 : 0));
}

export function decodeRespondToQuery(apdu: LonApdu): Decoded<RespondToQuery> {
  return decodeApdu(
    apdu,
    "nm.respondToQuery",
    "management",
    NM_CODES.respondToQuery,
    (r: ByteReader): RespondToQuery => {
      const at = r.offset;
      const flag = r.u8("flag");
      // The stack answers anything but 0 or 1 with a failure response.
      if (flag > 1) r.fail("OSGP_ERR_FIELD_RANGE", "flag", `${flag} is neither 0 (off) nor 1 (on)`, at);
      return { on: flag === 1 };
    },
  );
}

/**
 * The answer that carries nothing but success or failure (Respond to Query, Update Domain, Leave
 * Domain, Set Node Mode...): the response code alone.
 */
export function encodeNmResult(requestCode: number, ok: boolean): LonApdu {
  return message(ok ? nmSuccessCode(requestCode) : nmFailureCode(requestCode), new Uint8Array(0));
}

/** `requestCode` must be an NM code (0x60..0x7f): another is a caller's mistake and throws EncodeError. */
export function decodeNmResult(requestCode: number, apdu: LonApdu): Decoded<{ readonly ok: boolean }> {
  return decodeNmAnswer<{ readonly ok: boolean }>(apdu, "nm.result", requestCode, () => ({ ok: true }), { ok: false });
}

// ---------------------------------------------------------------------------------------------
// Service Pin (0x7f): sent unsolicited when the service pin is pressed.

export interface ServicePin {
  readonly uniqueId: Uint8Array;
  readonly programId: Uint8Array;
}

export function encodeServicePin(s: ServicePin): LonApdu {
  return management(NM_CODES.servicePin, idAndProgram(s.uniqueId, s.programId, "nm.servicePin"));
}

export function decodeServicePin(apdu: LonApdu): Decoded<ServicePin> {
  return decodeApdu(apdu, "nm.servicePin", "management", NM_CODES.servicePin, readIdAndProgram);
}

/**
 * The whole PDU the IzoT stack sends for the Service Pin (ManualServiceRequestMessage): an APDU with
 * no transport header, domain-wide broadcast (destination subnet 0), no domain id, source 0/0 as the
 * flex-domain sender, delta backlog 0, no alternate path.
 */
export function servicePinPdu(s: ServicePin): LonPdu {
  return {
    priority: false,
    altPath: false,
    deltaBacklog: 0,
    address: { format: "broadcast", srcSubnet: 0, srcNode: 0, dstSubnet: 0 },
    domain: new Uint8Array(0),
    body: { pdu: "apdu", apdu: encodeServicePin(s) },
  };
}

// ---------------------------------------------------------------------------------------------

function management(code: number, data: Uint8Array): LonApdu {
  return { kind: "management", code, data };
}

function message(code: number, data: Uint8Array): LonApdu {
  return { kind: "message", code, data };
}

function idAndProgram(uniqueId: Uint8Array, programId: Uint8Array, path: string): Uint8Array {
  return concatBytes(
    requireLength(uniqueId, [UNIQUE_ID_SIZE], `${path}.uniqueId`),
    requireLength(programId, [PROGRAM_ID_SIZE], `${path}.programId`),
  );
}

function readIdAndProgram(r: ByteReader): { uniqueId: Uint8Array; programId: Uint8Array } {
  return { uniqueId: r.bytes(UNIQUE_ID_SIZE, "uniqueId"), programId: r.bytes(PROGRAM_ID_SIZE, "programId") };
}

/** Decodes the APDU's bytes (code first), so error offsets count from the APDU's first byte. */
function decodeApdu<T>(
  apdu: LonApdu,
  context: string,
  kind: LonApdu["kind"],
  code: number,
  layout: (r: ByteReader) => T,
): Decoded<T> {
  return decodeWith(apduBytes(apdu), context, (r) => {
    const got = r.u8("code");
    if (apdu.kind !== kind || got !== code)
      r.fail("OSGP_ERR_UNKNOWN_CODE", "code", `${apdu.kind} 0x${hex2(got)} instead of ${kind} 0x${hex2(code)}`, 0);
    return layout(r);
  });
}

/** An answer to NM request `requestCode`: the success code with its layout, or the failure code alone. */
function decodeNmAnswer<T>(
  apdu: LonApdu,
  context: string,
  requestCode: number,
  success: (r: ByteReader) => T,
  failure: T,
): Decoded<T> {
  const ok = nmSuccessCode(requestCode);
  const failed = nmFailureCode(requestCode);
  return decodeWith(apduBytes(apdu), context, (r) => {
    const got = r.u8("code");
    if (apdu.kind === "message" && got === ok) return success(r);
    if (apdu.kind === "message" && got === failed) return failure;
    return r.fail(
      "OSGP_ERR_UNKNOWN_CODE",
      "code",
      `${apdu.kind} 0x${hex2(got)} answers neither success (0x${hex2(ok)}) nor failure (0x${hex2(failed)}) of NM 0x${hex2(requestCode)}`,
      0,
    );
  });
}

function apduBytes(apdu: LonApdu): Uint8Array {
  // An NV APDU has no single code byte; its first byte still tells the reader it is not NM.
  const first = apdu.kind === "nv" ? 0x80 | (apdu.direction << 6) | (apdu.code >> 8) : apdu.code;
  return concatBytes(
    Uint8Array.of(first & 0xff),
    apdu.kind === "nv" ? concatBytes(Uint8Array.of(apdu.code & 0xff), apdu.data) : apdu.data,
  );
}

function requireNmCode(code: number): number {
  return requireRange(code, 0x60, 0x7f, "nm.code");
}

function requireRange(code: number, low: number, high: number, path: string): number {
  if (!Number.isInteger(code) || code < low || code > high) {
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `0x${Number.isInteger(code) && code >= 0 ? hex2(code) : String(code)} is outside 0x${hex2(low)}..0x${hex2(high)}`,
      { path },
    );
  }
  return code;
}
