import { createCipheriv, createDecipheriv } from "node:crypto";
import { concatBytes } from "../bytes/byte-arrays";
import type { Decoded } from "../bytes/decoded";
import { DecodeError, EncodeError } from "../errors";
import { encodeSequence, readSequence, SEQUENCE_LENGTH } from "./sequence-number";

/**
 * OSGP-AES-128-PSK (reference 7.4) as a PROVISIONAL profile. The suite exists (ET04 offset 127
 * security mode 2) but its framing, AES mode, nonce and tag length are not public, so this is the
 * harness's own stand-in with the same call shape as rc4-psk, for the simulator and for scenarios
 * that only need "a second suite". It will not interoperate with a real device; scenarios built on
 * it stay inconclusive (PICS @pics-AES128PSK) until the real framing is known.
 *
 *   request  frame = CCM(apdu) ‖ seq32 (clear) ‖ tag     nonce = 00 ‖ 00 x 8 ‖ seq32, AAD = seq32
 *   response frame = CCM(response) ‖ tag                 nonce = 01 ‖ 00 x 8 ‖ request seq32,
 *                                                         AAD = request seq32
 *
 * AES-128-CCM with a 13-byte nonce; the tag length is the profile's (default 8, the size of the
 * RC4-PSK digest slot). The direction byte keeps a request and its response from ever sharing a
 * nonce under the same key, and the sequence number in nonce and AAD binds the response to its
 * request. A wrong key or any changed byte fails authentication: DecodeError OSGP_ERR_DIGEST.
 */

export const AES_PROVISIONAL_NOTICE =
  "PROVISIONAL: the OSGP-AES-128-PSK framing is not public; this AES-128-CCM profile is the harness's own stand-in and does not interoperate with real devices";

export type AesNonceLayout = "direction-zeros-seq32";

export interface AesPskProfile {
  readonly nonceLayout: AesNonceLayout;
  /** CCM tag length in bytes: 4, 6, ..., 16. */
  readonly tagLength: number;
  readonly provisional: true;
  readonly notice: string;
}

export const AES_KEY_LENGTH = 16;
export const AES_NONCE_LENGTH = 13;
const REQUEST = 0x00;
const RESPONSE = 0x01;

export function aesPskProfile(tagLength = 8): AesPskProfile {
  checkTagLength(tagLength);
  return { nonceLayout: "direction-zeros-seq32", tagLength, provisional: true, notice: AES_PROVISIONAL_NOTICE };
}

export const DEFAULT_AES_PSK_PROFILE: AesPskProfile = aesPskProfile();

/** The 13-byte CCM nonce of this profile: direction ‖ 8 zero bytes ‖ seq32. */
export function aesPskNonce(direction: "request" | "response", sequence: number): Uint8Array {
  const nonce = new Uint8Array(AES_NONCE_LENGTH);
  nonce[0] = direction === "request" ? REQUEST : RESPONSE;
  nonce.set(encodeSequence(sequence, "aes-psk.sequence"), AES_NONCE_LENGTH - SEQUENCE_LENGTH);
  return nonce;
}

/** What a response needs from its request: only its sequence number (nonce and AAD). No key. */
export class AesRequestContext {
  /** CCM always encrypts. */
  readonly encrypted = true;

  constructor(
    readonly sequence: number,
    readonly requestLength: number,
  ) {}

  toString(): string {
    return `AesRequestContext(seq 0x${this.sequence.toString(16).padStart(8, "0")}, ${this.requestLength} bytes)`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export function protectRequest(
  key: Uint8Array,
  apdu: Uint8Array,
  sequence: number,
  profile: AesPskProfile = DEFAULT_AES_PSK_PROFILE,
): { frame: Uint8Array; context: AesRequestContext } {
  checkKey(key);
  checkProfile(profile);
  if (apdu.length < 1)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", "a request APDU has at least its request code", {
      path: "aes-psk.request.apdu",
    });
  const seq = encodeSequence(sequence, "aes-psk.sequence");
  const { ciphertext, tag } = seal(key, aesPskNonce("request", sequence), seq, apdu, profile.tagLength);
  return { frame: concatBytes(ciphertext, seq, tag), context: new AesRequestContext(sequence, apdu.length) };
}

export function unprotectRequest(
  key: Uint8Array,
  frame: Uint8Array,
  profile: AesPskProfile = DEFAULT_AES_PSK_PROFILE,
): Decoded<{ readonly apdu: Uint8Array; readonly sequence: number; readonly context: AesRequestContext }> {
  checkKey(key);
  checkProfile(profile);
  const min = 1 + SEQUENCE_LENGTH + profile.tagLength;
  if (frame.length < min) {
    return fail(
      "OSGP_ERR_TRUNCATED",
      `a protected request needs at least ${min} bytes (code, sequence number, tag), got ${frame.length}`,
      frame,
      frame.length,
      "aes-psk.request",
    );
  }
  const tagAt = frame.length - profile.tagLength;
  const seqAt = tagAt - SEQUENCE_LENGTH;
  const seq = frame.subarray(seqAt, tagAt);
  const sequence = readSequence(frame, seqAt);
  const apdu = open(
    key,
    aesPskNonce("request", sequence),
    seq,
    frame.subarray(0, seqAt),
    frame.subarray(tagAt),
    profile.tagLength,
  );
  if (apdu === undefined)
    return fail(
      "OSGP_ERR_DIGEST",
      "the request does not authenticate under this key (AES-128-CCM tag)",
      frame,
      tagAt,
      "aes-psk.request.tag",
    );
  return { ok: true, value: { apdu, sequence, context: new AesRequestContext(sequence, apdu.length) } };
}

export function protectResponse(
  key: Uint8Array,
  context: AesRequestContext,
  responseApdu: Uint8Array,
  profile: AesPskProfile = DEFAULT_AES_PSK_PROFILE,
): Uint8Array {
  checkKey(key);
  checkProfile(profile);
  if (responseApdu.length < 1)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", "a response APDU has at least its response code", {
      path: "aes-psk.response.apdu",
    });
  const { ciphertext, tag } = seal(
    key,
    aesPskNonce("response", context.sequence),
    encodeSequence(context.sequence, "aes-psk.sequence"),
    responseApdu,
    profile.tagLength,
  );
  return concatBytes(ciphertext, tag);
}

export function unprotectResponse(
  key: Uint8Array,
  context: AesRequestContext,
  frame: Uint8Array,
  profile: AesPskProfile = DEFAULT_AES_PSK_PROFILE,
): Decoded<{ readonly apdu: Uint8Array }> {
  checkKey(key);
  checkProfile(profile);
  const min = 1 + profile.tagLength;
  if (frame.length < min) {
    return fail(
      "OSGP_ERR_TRUNCATED",
      `a protected response needs at least ${min} bytes (code, tag), got ${frame.length}`,
      frame,
      frame.length,
      "aes-psk.response",
    );
  }
  const tagAt = frame.length - profile.tagLength;
  const apdu = open(
    key,
    aesPskNonce("response", context.sequence),
    encodeSequence(context.sequence, "aes-psk.sequence"),
    frame.subarray(0, tagAt),
    frame.subarray(tagAt),
    profile.tagLength,
  );
  if (apdu === undefined)
    return fail(
      "OSGP_ERR_DIGEST",
      "the response does not authenticate under this key and request (AES-128-CCM tag)",
      frame,
      tagAt,
      "aes-psk.response.tag",
    );
  return { ok: true, value: { apdu } };
}

function seal(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
  tagLength: number,
): { ciphertext: Uint8Array; tag: Uint8Array } {
  const cipher = createCipheriv("aes-128-ccm", key, nonce, { authTagLength: tagLength });
  cipher.setAAD(aad, { plaintextLength: plaintext.length });
  const ciphertext = concatBytes(cipher.update(plaintext), cipher.final());
  return { ciphertext, tag: new Uint8Array(cipher.getAuthTag()) };
}

/**
 * The plaintext, or undefined when the tag does not verify. OpenSSL reports a failed CCM check by
 * throwing from update/final; inputs are already length-checked, so that is the only failure left
 * here, and it must come back as a value, never as an exception escaping a decoder.
 */
function open(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  tagLength: number,
): Uint8Array | undefined {
  try {
    const decipher = createDecipheriv("aes-128-ccm", key, nonce, { authTagLength: tagLength });
    decipher.setAuthTag(tag);
    decipher.setAAD(aad, { plaintextLength: ciphertext.length });
    const plaintext = decipher.update(ciphertext);
    decipher.final();
    return new Uint8Array(plaintext);
  } catch {
    return undefined;
  }
}

function checkKey(key: Uint8Array): void {
  if (key.length !== AES_KEY_LENGTH) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `an AES-128 key is ${AES_KEY_LENGTH} bytes, got ${key.length}`, {
      path: "aes-psk.key",
    });
  }
}

function checkTagLength(tagLength: number): void {
  if (!Number.isInteger(tagLength) || tagLength < 4 || tagLength > 16 || tagLength % 2 !== 0) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `a CCM tag is 4, 6, ..., 16 bytes, not ${tagLength}`, {
      path: "aes-psk.tagLength",
    });
  }
}

function checkProfile(profile: AesPskProfile): void {
  if (profile.nonceLayout !== "direction-zeros-seq32") {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `unknown nonce layout ${JSON.stringify(profile.nonceLayout)}`, {
      path: "aes-psk.nonceLayout",
    });
  }
  checkTagLength(profile.tagLength);
}

function fail(
  code: "OSGP_ERR_TRUNCATED" | "OSGP_ERR_DIGEST",
  detail: string,
  frame: Uint8Array,
  offset: number,
  path: string,
): { ok: false; error: DecodeError } {
  return { ok: false, error: new DecodeError(code, detail, { bytes: frame.slice(), offset, path }) };
}
