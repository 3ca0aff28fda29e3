import type { Decoded } from "../bytes/decoded";
import { EncodeError } from "../errors";
import * as aes from "./aes128-psk";
import * as rc4 from "./rc4-psk";
import type { EmptyInput } from "./oma-digest";

/**
 * One interface over the two suites of clause 7, so that sessions and the simulator's secured ports
 * protect and check APDUs without knowing which suite is in force: OSGP-RC4-PSK (7.2, 7.3), or
 * the provisional OSGP-AES-128-PSK profile (7.4, whose real framing is not public).
 */
export type SuiteName = "rc4" | "aes128";

/** What a response needs from its request; the suite's own object behind it, opaque here. */
export interface SuiteContext {
  readonly sequence: number;
  readonly encrypted: boolean;
}

export interface SecuritySuite {
  readonly name: SuiteName;
  /** Set for a suite whose framing is our stand-in, not the spec's: reports must say so. */
  readonly provisionalNotice: string | null;
  protectRequest(
    apdu: Uint8Array,
    sequence: number,
    encrypt: boolean,
  ): { readonly frame: Uint8Array; readonly context: SuiteContext };
  unprotectRequest(
    frame: Uint8Array,
  ): Decoded<{ readonly apdu: Uint8Array; readonly sequence: number; readonly context: SuiteContext }>;
  protectResponse(context: SuiteContext, apdu: Uint8Array): Uint8Array;
  unprotectResponse(context: SuiteContext, frame: Uint8Array): Decoded<{ readonly apdu: Uint8Array }>;
}

export interface Rc4SuiteOptions {
  readonly responseKeystream: rc4.ResponseKeystream;
  readonly emptyInput: EmptyInput;
  readonly encryptedBytes?: rc4.EncryptedBytes;
}

export function rc4PskSuite(keys: rc4.Rc4PskKeys, o: Rc4SuiteOptions): SecuritySuite {
  return {
    name: "rc4",
    provisionalNotice: null,
    protectRequest: (apdu, sequence, encrypt) => rc4.protectRequest(keys, apdu, sequence, { ...o, encrypt }),
    unprotectRequest: (frame) => {
      const d = rc4.unprotectRequest(keys, frame, {
        tryDecrypt: true,
        emptyInput: o.emptyInput,
        encryptedBytes: o.encryptedBytes,
      });
      return d.ok
        ? { ok: true, value: { apdu: d.value.apdu, sequence: d.value.sequence, context: d.value.context } }
        : d;
    },
    protectResponse: (context, apdu) => rc4.protectResponse(keys, own(context, rc4.RequestContext), apdu, o),
    unprotectResponse: (context, frame) => rc4.unprotectResponse(keys, own(context, rc4.RequestContext), frame, o),
  };
}

/** The AES suite encrypts every message (CCM): the per-message `encrypt` choice does not apply. */
export function aesPskSuite(key: Uint8Array, profile: aes.AesPskProfile): SecuritySuite {
  const key16 = key.slice(0, aes.AES_KEY_LENGTH);
  return {
    name: "aes128",
    provisionalNotice: profile.notice,
    protectRequest: (apdu, sequence) => aes.protectRequest(key16, apdu, sequence, profile),
    unprotectRequest: (frame) => aes.unprotectRequest(key16, frame, profile),
    protectResponse: (context, apdu) => aes.protectResponse(key16, own(context, aes.AesRequestContext), apdu, profile),
    unprotectResponse: (context, frame) =>
      aes.unprotectResponse(key16, own(context, aes.AesRequestContext), frame, profile),
  };
}

/** A context goes back only to the suite that made it: the other suite's would be a programming error. */
function own<T>(context: SuiteContext, kind: abstract new (...args: never[]) => T): T {
  if (!(context instanceof kind))
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      "a request context was handed to another suite than the one that made it",
      { path: "security-suite.context" },
    );
  return context;
}
