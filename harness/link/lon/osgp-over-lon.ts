import { concatBytes } from "../../bytes/byte-arrays";
import type { Decoded } from "../../bytes/decoded";
import { DecodeError, EncodeError } from "../../errors";
import { hex2, requireUint } from "./field-range";
import { apduKindOf, type LonApdu } from "./lon-apdu";
import { MAX_TN, type LonBody } from "./lon-pdu";

/**
 * How an OSGP APDU rides in an ISO/IEC 14908-1 PDU on the PLC link. TS 104 001's own text on this
 * was not available; OSGP-REFERENCE "Link layer C" infers (a PIXIT) that the OSGP request/response
 * code is the 14908 APDU's first byte: 0x30/0x3f are application-message codes, 0x40/0x4f fall in the
 * foreign-frame range, responses 0x00..0x0c are application codes; carried in an SPDU REQUEST /
 * RESPONSE whose transaction number pairs the two (9.1).
 *
 * The carriage is an option so that another reading (say, OSGP inside an application message with
 * its own code) can be added without touching the callers that name "apdu-code".
 */
export interface OsgpCarriage {
  readonly carriage: "apdu-code";
}

export const DEFAULT_CARRIAGE: OsgpCarriage = { carriage: "apdu-code" };

/** The PLC limit on one OSGP message (clause 9.2, JN-slides: read 84, write 75, at most 114). */
export const PLC_MESSAGE_LIMIT = 114;

/**
 * An OSGP APDU (code, fields, and the sequence number and digest when secured) as a 14908 APDU.
 * Only codes below 0x50 can be carried this way: 0x50..0x7f would reach the meter's 14908 stack as
 * network diagnostics or management, 0x80 and up as a network variable, so those are refused.
 */
export function wrapOsgpApdu(osgp: Uint8Array, options: OsgpCarriage = DEFAULT_CARRIAGE): LonApdu {
  requireCarriage(options);
  const code = osgp[0];
  if (code === undefined) throw new EncodeError("OSGP_ERR_ENCODE_RANGE", "an OSGP APDU needs at least its code byte", { path: "osgp.code" });
  const kind = apduKindOf(code);
  if (kind !== "message" && kind !== "foreign") {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `OSGP code 0x${hex2(code)} would be read as a 14908 ${kind === "nv" ? "network variable" : `network ${kind}`} message`, {
      path: "osgp.code",
      bytes: osgp,
      offset: 0,
    });
  }
  return { kind, code, data: osgp.slice(1) };
}

/** The OSGP APDU a 14908 APDU carries; an NM, ND or NV APDU carries none. */
export function unwrapOsgpApdu(apdu: LonApdu, options: OsgpCarriage = DEFAULT_CARRIAGE): Decoded<Uint8Array> {
  requireCarriage(options);
  if (apdu.kind !== "message" && apdu.kind !== "foreign") {
    const first = apdu.kind === "nv" ? 0x80 | (apdu.direction << 6) | (apdu.code >> 8) : apdu.code;
    return {
      ok: false,
      error: new DecodeError("OSGP_ERR_UNKNOWN_CODE", `a 14908 ${apdu.kind} APDU carries no OSGP APDU`, { path: "lon.apdu.code", offset: 0, bytes: Uint8Array.of(first & 0xff) }),
    };
  }
  return { ok: true, value: concatBytes(Uint8Array.of(apdu.code), apdu.data) };
}

/** The SPDU that carries an OSGP request. */
export function osgpRequestBody(osgp: Uint8Array, tn: number, options: OsgpCarriage = DEFAULT_CARRIAGE): LonBody {
  return { pdu: "spdu", type: "request", auth: false, tn: requireUint(tn, MAX_TN, "lon.spdu.tn"), apdu: wrapOsgpApdu(osgp, options) };
}

/** The SPDU that carries the response; `tn` is the request's, which is what pairs them. */
export function osgpResponseBody(osgp: Uint8Array, tn: number, options: OsgpCarriage = DEFAULT_CARRIAGE): LonBody {
  return { pdu: "spdu", type: "response", auth: false, tn: requireUint(tn, MAX_TN, "lon.spdu.tn"), apdu: wrapOsgpApdu(osgp, options) };
}

/** Throws when `message` (the OSGP APDU with sequence number and digest) exceeds the PLC limit. */
export function checkOsgpMessageSize(message: Uint8Array, limit = PLC_MESSAGE_LIMIT): void {
  if (message.length > limit) {
    throw new EncodeError("OSGP_ERR_PLC_MESSAGE_SIZE", `${message.length} bytes exceed the ${limit}-byte limit on one OSGP message over PLC (clause 9.2)`, {
      path: "osgp.message",
      bytes: message,
      offset: limit,
    });
  }
}

function requireCarriage(options: OsgpCarriage): void {
  if (options.carriage !== "apdu-code") {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `carriage ${String(options.carriage)} is not known; "apdu-code" is`, { path: "osgp.carriage" });
  }
}
