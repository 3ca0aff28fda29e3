import { concatBytes } from "../../bytes/byte-arrays";
import type { Decoded } from "../../bytes/decoded";
import { DecodeError, EncodeError } from "../../errors";
import { hex2, requireUint } from "./field-range";
import { apduKindOf, encodeApdu, type LonApdu } from "./lon-apdu";
import { MAX_TN, type LonBody } from "./lon-pdu";

/**
 * How an OSGP APDU rides in an ISO/IEC 14908-1 PDU on the PLC link, in an SPDU REQUEST / RESPONSE
 * whose transaction number pairs the two (9.1). TS 104 001's own text on this was not available,
 * so the carriage is a PIXIT (plc.carriage) with two readings:
 *
 *   apdu-code  the OSGP message's bytes are the 14908 APDU's bytes, its code the APDU's first byte
 *              (our inference from the code ranges: 0x30/0x3f are 14908-1 application-message
 *              codes, 0x40/0x4f foreign frames, responses 0x00..0x0c).
 *   message    the whole OSGP message is the data of a 14908 application message with one fixed
 *              code (plc.messageCode).
 *
 * The default is "message": RC4 encrypts the OSGP code byte too (security.rc4EncryptedBytes), so
 * under apdu-code about two requests in three would start with a ciphertext byte that a 14908
 * stack takes for network diagnostics, management or a network variable. With apdu-code such a
 * request is refused here rather than sent; unencrypted traffic fits either reading.
 */
export type OsgpCarriage = { readonly carriage: "apdu-code" } | { readonly carriage: "message"; readonly code: number };

export const APDU_CODE_CARRIAGE: OsgpCarriage = { carriage: "apdu-code" };
/** Code 0x00: the first application-message code; no source names the one OSGP uses [ours]. */
export const DEFAULT_CARRIAGE: OsgpCarriage = { carriage: "message", code: 0x00 };
/** Application-message codes are 0x00..0x3f. */
export const MAX_MESSAGE_CODE = 0x3f;

/**
 * The PLC limit on one OSGP message (clause 9.2; Jovanovic and Neves,
 * "Dumb Crypto in Smart Grids": read 84, write 75, at most 114).
 */
export const PLC_MESSAGE_LIMIT = 114;

/**
 * An OSGP APDU (code, fields, and the sequence number and digest when secured) as a 14908 APDU.
 * Under apdu-code only first bytes below 0x50 can be carried: 0x50..0x7f would reach the meter's
 * 14908 stack as network diagnostics or management, 0x80 and up as a network variable, so those
 * are refused.
 */
export function wrapOsgpApdu(osgp: Uint8Array, options: OsgpCarriage): LonApdu {
  requireCarriage(options);
  const code = osgp[0];
  if (code === undefined)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", "an OSGP APDU needs at least its code byte", { path: "osgp.code" });
  if (options.carriage === "message") return { kind: "message", code: options.code, data: osgp.slice() };
  const kind = apduKindOf(code);
  if (kind !== "message" && kind !== "foreign") {
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `first byte 0x${hex2(code)} would be read as a 14908 ${kind === "nv" ? "network variable" : `network ${kind}`} message under the apdu-code carriage (plc.carriage)`,
      {
        path: "osgp.code",
        bytes: osgp,
        offset: 0,
      },
    );
  }
  return { kind, code, data: osgp.slice(1) };
}

/** The OSGP request a 14908 APDU carries; an APDU of any other kind or code carries none. */
export function unwrapOsgpApdu(apdu: LonApdu, options: OsgpCarriage): Decoded<Uint8Array> {
  requireCarriage(options);
  const first = apdu.kind === "nv" ? (0x80 | (apdu.direction << 6) | (apdu.code >> 8)) & 0xff : apdu.code;
  const refuse = (detail: string): Decoded<Uint8Array> => ({
    ok: false,
    error: new DecodeError("OSGP_ERR_UNKNOWN_CODE", detail, {
      path: "lon.apdu.code",
      offset: 0,
      bytes: Uint8Array.of(first),
    }),
  });
  if (options.carriage === "message") {
    if (apdu.kind !== "message" || apdu.code !== options.code)
      return refuse(
        `a 14908 ${apdu.kind} APDU with code 0x${hex2(first)}; OSGP travels in application messages of code 0x${hex2(options.code)}`,
      );
    return { ok: true, value: apdu.data.slice() };
  }
  if (apdu.kind !== "message" && apdu.kind !== "foreign")
    return refuse(`a 14908 ${apdu.kind} APDU carries no OSGP APDU`);
  return { ok: true, value: concatBytes(Uint8Array.of(apdu.code), apdu.data) };
}

/**
 * The OSGP message a response APDU carries. Under apdu-code that is all of its bytes, whichever
 * 14908 kind their first byte makes them: an encrypted response starts with a ciphertext byte, and
 * the session's security suite, not the carriage, decides what the bytes mean.
 */
export function osgpResponseMessage(apdu: LonApdu, options: OsgpCarriage): Decoded<Uint8Array> {
  requireCarriage(options);
  if (options.carriage === "message") return unwrapOsgpApdu(apdu, options);
  try {
    return { ok: true, value: encodeApdu(apdu) };
  } catch (e) {
    if (!(e instanceof EncodeError)) throw e;
    return {
      ok: false,
      error: new DecodeError("OSGP_ERR_FIELD_RANGE", `the response APDU cannot be read back as bytes: ${e.detail}`, {
        path: "lon.apdu",
      }),
    };
  }
}

/** The SPDU that carries an OSGP request. */
export function osgpRequestBody(osgp: Uint8Array, tn: number, options: OsgpCarriage): LonBody {
  return {
    pdu: "spdu",
    type: "request",
    auth: false,
    tn: requireUint(tn, MAX_TN, "lon.spdu.tn"),
    apdu: wrapOsgpApdu(osgp, options),
  };
}

/** The SPDU that carries the response; `tn` is the request's, which is what pairs them. */
export function osgpResponseBody(osgp: Uint8Array, tn: number, options: OsgpCarriage): LonBody {
  return {
    pdu: "spdu",
    type: "response",
    auth: false,
    tn: requireUint(tn, MAX_TN, "lon.spdu.tn"),
    apdu: wrapOsgpApdu(osgp, options),
  };
}

/** Throws when `message` (the OSGP APDU with sequence number and digest) exceeds the PLC limit. */
export function checkOsgpMessageSize(message: Uint8Array, limit = PLC_MESSAGE_LIMIT): void {
  if (message.length > limit) {
    throw new EncodeError(
      "OSGP_ERR_PLC_MESSAGE_SIZE",
      `${message.length} bytes exceed the ${limit}-byte limit on one OSGP message over PLC (clause 9.2)`,
      {
        path: "osgp.message",
        bytes: message,
        offset: limit,
      },
    );
  }
}

function requireCarriage(options: OsgpCarriage): void {
  const c = options as { readonly carriage: string; readonly code?: number };
  if (c.carriage === "apdu-code") return;
  if (c.carriage !== "message")
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `carriage ${String(c.carriage)} is not known; "apdu-code" and "message" are`,
      { path: "osgp.carriage" },
    );
  requireUint(c.code as number, MAX_MESSAGE_CODE, "osgp.carriage.code");
}
