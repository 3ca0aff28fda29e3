import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";

/**
 * The C12.18 services that set up and end an optical-port session. Their data rides in the
 * packets of packet.ts; the table services of 9.3-9.6 ride the same way (harness/protocol).
 *
 *   0x20 identification   0x21 terminate   0x50 logon (user id UINT16 MSB first, user char[10])
 *   0x51 security (password, 20 bytes)     0x52 logoff
 *   0x60 negotiate (packet size UINT16, packet count UINT8); 0x61..0x6B add 1..11 baud codes
 *   0x70 wait (seconds UINT8)
 */
export const SERVICE_IDENTIFY = 0x20;
export const SERVICE_TERMINATE = 0x21;
export const SERVICE_LOGON = 0x50;
export const SERVICE_SECURITY = 0x51;
export const SERVICE_LOGOFF = 0x52;
export const SERVICE_NEGOTIATE = 0x60;
export const SERVICE_WAIT = 0x70;

export const PASSWORD_LENGTH = 20;
export const USER_NAME_LENGTH = 10;
const MAX_BAUD_CODES = 11;
/** C12.18 <ok>; the other response codes are the protocol's vocabulary (harness/protocol/response-codes.ts). */
const OK = 0x00;

/** C12.18 baud codes; code 0 is "externally defined" and not a rate. */
export const BAUD_CODES: Readonly<Record<number, number>> = {
  1: 300,
  2: 600,
  3: 1200,
  4: 2400,
  5: 4800,
  6: 9600,
  7: 14400,
  8: 19200,
  9: 28800,
  10: 57600,
};

export function baudCodeOf(rate: number): number | undefined {
  const hit = Object.entries(BAUD_CODES).find(([, r]) => r === rate);
  return hit === undefined ? undefined : Number(hit[0]);
}

export type LinkServiceRequest =
  | { readonly service: "identify" }
  | { readonly service: "terminate" }
  | { readonly service: "logon"; readonly userId: number; readonly user: string }
  | { readonly service: "security"; readonly password: Uint8Array }
  | { readonly service: "logoff" }
  | {
      readonly service: "negotiate";
      readonly packetSize: number;
      readonly packetCount: number;
      readonly baudCodes: readonly number[];
    }
  | { readonly service: "wait"; readonly seconds: number };

export function isLinkServiceCode(code: number): boolean {
  return (
    [SERVICE_IDENTIFY, SERVICE_TERMINATE, SERVICE_LOGON, SERVICE_SECURITY, SERVICE_LOGOFF, SERVICE_WAIT].includes(
      code,
    ) ||
    (code >= SERVICE_NEGOTIATE && code <= SERVICE_NEGOTIATE + MAX_BAUD_CODES)
  );
}

export function encodeLinkRequest(req: LinkServiceRequest): Uint8Array {
  const w = new ByteWriter("request");
  switch (req.service) {
    case "identify":
      return w.u8(SERVICE_IDENTIFY, "code").toBytes();
    case "terminate":
      return w.u8(SERVICE_TERMINATE, "code").toBytes();
    case "logoff":
      return w.u8(SERVICE_LOGOFF, "code").toBytes();
    case "logon": {
      w.u8(SERVICE_LOGON, "code").u16be(req.userId, "userId");
      if (req.user.length > USER_NAME_LENGTH) w.fail("user", `longer than ${USER_NAME_LENGTH} characters`);
      for (let i = 0; i < USER_NAME_LENGTH; i++) w.u8(i < req.user.length ? req.user.charCodeAt(i) : 0x20, "user");
      return w.toBytes();
    }
    case "security":
      return w.u8(SERVICE_SECURITY, "code").bytes(req.password, "password", PASSWORD_LENGTH).toBytes();
    case "negotiate":
      if (req.baudCodes.length > MAX_BAUD_CODES) w.fail("baudCodes", `at most ${MAX_BAUD_CODES} baud codes`);
      w.u8(SERVICE_NEGOTIATE + req.baudCodes.length, "code")
        .u16be(req.packetSize, "packetSize")
        .u8(req.packetCount, "packetCount");
      for (const b of req.baudCodes) w.u8(b, "baudCode");
      return w.toBytes();
    case "wait":
      return w.u8(SERVICE_WAIT, "code").u8(req.seconds, "seconds").toBytes();
  }
}

export function decodeLinkRequest(bytes: Uint8Array): Decoded<LinkServiceRequest> {
  return decodeWith(bytes, "request", (r): LinkServiceRequest => {
    const code = r.u8("code");
    switch (code) {
      case SERVICE_IDENTIFY:
        return { service: "identify" };
      case SERVICE_TERMINATE:
        return { service: "terminate" };
      case SERVICE_LOGOFF:
        return { service: "logoff" };
      case SERVICE_LOGON:
        return {
          service: "logon",
          userId: r.u16be("userId"),
          user: String.fromCharCode(...r.bytes(USER_NAME_LENGTH, "user")),
        };
      case SERVICE_SECURITY:
        return { service: "security", password: r.bytes(PASSWORD_LENGTH, "password") };
      case SERVICE_WAIT:
        return { service: "wait", seconds: r.u8("seconds") };
      default:
        if (code >= SERVICE_NEGOTIATE && code <= SERVICE_NEGOTIATE + MAX_BAUD_CODES) {
          const packetSize = r.u16be("packetSize");
          const packetCount = r.u8("packetCount");
          const baudCodes: number[] = [];
          for (let i = 0; i < code - SERVICE_NEGOTIATE; i++) baudCodes.push(r.u8(`baudCode[${i}]`));
          return { service: "negotiate", packetSize, packetCount, baudCodes };
        }
        return r.fail(
          "OSGP_ERR_UNKNOWN_CODE",
          "code",
          `0x${code.toString(16).padStart(2, "0")} is not a C12.18 link service`,
          0,
        );
    }
  });
}

/** Trace text for a link request. The security service's password is never shown. */
export function describeLinkRequest(req: LinkServiceRequest): string {
  switch (req.service) {
    case "logon":
      return `logon user id ${req.userId} user "${req.user.trimEnd()}"`;
    case "security":
      return "security (password redacted)";
    case "negotiate":
      return `negotiate packet size ${req.packetSize} count ${req.packetCount}${req.baudCodes.length ? ` baud ${req.baudCodes.map((c) => BAUD_CODES[c] ?? `code ${c}`).join("/")}` : ""}`;
    case "wait":
      return `wait ${req.seconds} s`;
    default:
      return req.service;
  }
}

export interface IdentifyResponse {
  readonly code: number;
  /** 0x00 = ANSI C12.18; absent on an error response. */
  readonly standard?: number;
  readonly version?: number;
  readonly revision?: number;
  /**
   * The bytes of the feature list, without its 0x00 end-of-list. C12.18-2006 lists features here
   * (security mechanism, session control, device class and identity), some with parameter bytes
   * that may be 0x00, so the list is kept as bytes rather than split into codes.
   */
  readonly features?: readonly number[];
}

export function encodeIdentifyResponse(v: IdentifyResponse): Uint8Array {
  const w = new ByteWriter("identify").u8(v.code, "code");
  if (v.code !== OK) return w.toBytes();
  w.u8(v.standard ?? 0, "standard")
    .u8(v.version ?? 0, "version")
    .u8(v.revision ?? 0, "revision");
  for (const f of v.features ?? []) w.u8(f, "feature");
  return w.u8(0, "endOfList").toBytes();
}

/**
 * Lenient about the feature list (its terminator, parameter bytes of 0x00): both reference clients
 * only check the code, so a device's choice of C12.18-2006 features never fails a session.
 */
export function decodeIdentifyResponse(bytes: Uint8Array): Decoded<IdentifyResponse> {
  return decodeWith(bytes, "identify", (r): IdentifyResponse => {
    const code = r.u8("code");
    if (code !== OK) return { code };
    const standard = r.u8("standard");
    const version = r.u8("version");
    const revision = r.u8("revision");
    const rest = Array.from(r.bytes(r.remaining, "features"));
    const features = rest.at(-1) === 0 ? rest.slice(0, -1) : rest;
    return { code, standard, version, revision, features };
  });
}

export interface NegotiateResponse {
  readonly code: number;
  readonly packetSize?: number;
  readonly packetCount?: number;
  readonly baudCode?: number;
}

export function encodeNegotiateResponse(v: NegotiateResponse): Uint8Array {
  const w = new ByteWriter("negotiate").u8(v.code, "code");
  if (v.code !== OK) return w.toBytes();
  w.u16be(v.packetSize ?? 0, "packetSize").u8(v.packetCount ?? 0, "packetCount");
  if (v.baudCode !== undefined) w.u8(v.baudCode, "baudCode");
  return w.toBytes();
}

export function decodeNegotiateResponse(bytes: Uint8Array): Decoded<NegotiateResponse> {
  return decodeWith(bytes, "negotiate", (r): NegotiateResponse => {
    const code = r.u8("code");
    if (code !== OK) return { code };
    const packetSize = r.u16be("packetSize");
    const packetCount = r.u8("packetCount");
    return r.remaining > 0
      ? { code, packetSize, packetCount, baudCode: r.u8("baudCode") }
      : { code, packetSize, packetCount };
  });
}
