import fc from "fast-check";
import { plainRecord } from "./plain-record";
import {
  PASSWORD_LENGTH,
  USER_NAME_LENGTH,
  type IdentifyResponse,
  type LinkServiceRequest,
  type NegotiateResponse,
} from "../../link/c1218/link-services";

/**
 * C12.18 link-service values in the form the decoders return: a logon user name is always the
 * full 10 characters (the encoder pads shorter names with spaces), an identify feature is never
 * 0x00 (that byte ends the list).
 */
const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const u8 = fc.integer({ min: 0, max: 0xff });

export const arbLinkRequest: fc.Arbitrary<LinkServiceRequest> = fc.oneof(
  fc.constant({ service: "identify" as const }),
  fc.constant({ service: "terminate" as const }),
  fc.constant({ service: "logoff" as const }),
  plainRecord({
    service: fc.constant("logon" as const),
    userId: fc.integer({ min: 0, max: 0xffff }),
    user: fc.string({ unit: printable, minLength: USER_NAME_LENGTH, maxLength: USER_NAME_LENGTH }),
  }),
  plainRecord({
    service: fc.constant("security" as const),
    password: fc.uint8Array({ minLength: PASSWORD_LENGTH, maxLength: PASSWORD_LENGTH }),
  }),
  plainRecord({
    service: fc.constant("negotiate" as const),
    packetSize: fc.integer({ min: 0, max: 0xffff }),
    packetCount: u8,
    baudCodes: fc.array(u8, { maxLength: 11 }),
  }),
  plainRecord({ service: fc.constant("wait" as const), seconds: u8 }),
);

export const arbIdentifyResponse: fc.Arbitrary<IdentifyResponse> = fc.oneof(
  plainRecord({
    code: fc.constant(0),
    standard: u8,
    version: u8,
    revision: u8,
    features: fc.array(fc.integer({ min: 1, max: 0xff }), { maxLength: 8 }),
  }),
  fc.integer({ min: 1, max: 0xff }).map((code) => ({ code })),
);

export const arbNegotiateResponse: fc.Arbitrary<NegotiateResponse> = fc.oneof(
  plainRecord({ code: fc.constant(0), packetSize: fc.integer({ min: 0, max: 0xffff }), packetCount: u8 }),
  plainRecord({ code: fc.constant(0), packetSize: fc.integer({ min: 0, max: 0xffff }), packetCount: u8, baudCode: u8 }),
  fc.integer({ min: 1, max: 0xff }).map((code) => ({ code })),
);
