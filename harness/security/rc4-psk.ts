import { bytesEqual, concatBytes } from "../bytes/byte-arrays";
import type { Decoded } from "../bytes/decoded";
import { DecodeError, EncodeError } from "../errors";
import { RESPONSE_CODE } from "../protocol/response-codes";
import { deriveBaseEncryptionKey, type BekVariant } from "./base-encryption-key";
import { DIGEST_LENGTH, omaDigest, type EmptyInput } from "./oma-digest";
import { Rc4 } from "./rc4";
import { encodeSequence, readSequence, SEQUENCE_LENGTH } from "./sequence-number";

/**
 * OSGP-RC4-PSK protection of one APDU (reference 7.2, 7.3, 9.7, link layer B), shared by PLC
 * (TS 104 001) and the MEP port; only the key material differs.
 *
 *   request  frame = E(apdu ‖ seq32) ‖ digest     digest = OMA digest of apdu ‖ seq32 (plaintext)
 *   response frame = E'(response)    ‖ digest'    digest' = OMA digest of apdu ‖ seq32 ‖ response
 *
 * E is RC4 keyed with packetKey(baseKey, digest) when the request is encrypted, the identity
 * otherwise; the digest travels in clear. E' continues the request's RC4 keystream (MEP; the
 * default PIXIT) or starts a fresh one keyed with the response's digest ("rekey"), and is the
 * identity when the request was not encrypted. The sequence number is 4 bytes, MSB first.
 *
 * Two responses are special (9.9):
 *  - 0x0B (authentication failure) is the single byte 0b, never encrypted, never digested: a server
 *    whose every key failed sends authFailureFrame() as it is; a client tests a received frame
 *    with isAuthFailureFrame() before unprotectResponse (which rejects it as too short to carry a
 *    digest: an unauthenticated byte must not come back from a decoder as a verified APDU);
 *  - 0x0C (bad sequence number) is 0c ‖ the server's seq32, an ordinary response APDU: build it with
 *    sequenceErrorApdu() (or encodeWriteResponse({ code: 0x0c, sequence })) and protect it with
 *    protectResponse like any other.
 */

/** A request frame is at least a request code, the sequence number and the digest. */
export const MIN_REQUEST_FRAME = 1 + SEQUENCE_LENGTH + DIGEST_LENGTH;
/** A protected response is at least a response code and the digest. */
export const MIN_RESPONSE_FRAME = 1 + DIGEST_LENGTH;
export const BASE_KEY_LENGTH = 16;
export const MEP_KEY_LENGTH = 16;

export interface Rc4PskKeys {
  /** The OMA digest key: the OMAK (12 bytes) on PLC, the first 16 bytes of MBK/MAK on MEP. */
  readonly digestKey: Uint8Array;
  /** 16 bytes whose first 8 are XORed with a digest to key RC4: the BEK on PLC, encKey on MEP. */
  readonly baseKey: Uint8Array;
}

/** Builds the key material of a PLC (OMAK, BEK variant) or MEP device once, before any traffic. */
export function plcKeys(omak: Uint8Array, variant: BekVariant): Rc4PskKeys {
  return new KeyMaterial(omak.slice(), deriveBaseEncryptionKey(omak, variant));
}

/** `mepKey` is an MBK or MAK; only its first 16 bytes are used (the field may hold 20). */
export function mepKeys(mepKey: Uint8Array): Rc4PskKeys {
  if (mepKey.length < MEP_KEY_LENGTH) {
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `a MEP key needs at least ${MEP_KEY_LENGTH} bytes, got ${mepKey.length}`,
      { path: "mepKeys.key" },
    );
  }
  const key16 = mepKey.slice(0, MEP_KEY_LENGTH);
  return new KeyMaterial(key16, mepEncryptionKey(key16));
}

/** MEP's constant C (reference 7.3). A copy: changing it cannot change the module's own. */
export const MEP_CONSTANT_C: Uint8Array = Uint8Array.of(
  0x38,
  0x8b,
  0x8f,
  0xbc,
  0x36,
  0xa8,
  0x55,
  0x85,
  0x87,
  0xaf,
  0xc9,
  0x0f,
  0xb2,
  0x3a,
  0x3b,
  0x99,
);
const C = MEP_CONSTANT_C.slice();

/** MEP's encKey: the first 16 bytes of the RC4 keystream keyed by the MEP key, XOR C. */
export function mepEncryptionKey(mepKey16: Uint8Array): Uint8Array {
  if (mepKey16.length !== MEP_KEY_LENGTH) {
    throw new EncodeError(
      "OSGP_ERR_ENCODE_RANGE",
      `mepEncryptionKey takes ${MEP_KEY_LENGTH} key bytes, got ${mepKey16.length}`,
      { path: "mepEncryptionKey.key" },
    );
  }
  return new Rc4(mepKey16).xor(C);
}

/** The RC4 key of one packet: baseKey with its first 8 bytes XOR a digest. */
export function packetKey(baseKey: Uint8Array, digest8: Uint8Array): Uint8Array {
  if (baseKey.length !== BASE_KEY_LENGTH) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `a base key is ${BASE_KEY_LENGTH} bytes, got ${baseKey.length}`, {
      path: "packetKey.baseKey",
    });
  }
  if (digest8.length !== DIGEST_LENGTH) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `a digest is ${DIGEST_LENGTH} bytes, got ${digest8.length}`, {
      path: "packetKey.digest",
    });
  }
  const key = baseKey.slice();
  for (let i = 0; i < DIGEST_LENGTH; i++) key[i] = (key[i] as number) ^ (digest8[i] as number);
  return key;
}

export type ResponseKeystream = "continue" | "rekey";
/** Which request bytes RC4 covers: MEP encrypts the APDU and the sequence number; for PLC it is a PIXIT. */
export type EncryptedBytes = "apdu+sequence" | "apdu";

export interface Rc4PskOptions {
  /** MEP: encryption is optional per message; the response follows the request. */
  readonly encrypt: boolean;
  /** PIXIT, default "continue" (MEP); "rekey" = a fresh RC4 keyed with baseKey XOR the response digest. */
  readonly responseKeystream?: ResponseKeystream;
  /** PIXIT for the digest of an empty input (see DigestOptions); no real frame has one. */
  readonly emptyInput?: EmptyInput;
  /** PIXIT, default "apdu+sequence" (MEP). */
  readonly encryptedBytes?: EncryptedBytes;
}

/** What the response side needs: whether to encrypt follows from the request. */
export type Rc4PskResponseOptions = Pick<Rc4PskOptions, "responseKeystream" | "emptyInput">;

export interface Rc4PskUnprotectOptions {
  /** Try RC4 when the bytes as they are do not verify (a server accepts both; MEP). */
  readonly tryDecrypt: boolean;
  readonly emptyInput?: EmptyInput;
  readonly encryptedBytes?: EncryptedBytes;
}

const MAKER = Symbol("rc4-psk request context");

/** Set by RequestContext's static block: this module's only way to its private fields. */
let internals: (context: RequestContext) => { readonly plain: Uint8Array; readonly keystream: Rc4 | undefined };

/**
 * What a response needs from its request: the request's plaintext (apdu ‖ seq32, which the
 * response digest covers) and, when the request was encrypted, the RC4 state after it. Only
 * protectRequest and unprotectRequest make one.
 *
 * Both live in private fields that only this module reads (through the static block below), so no
 * key-derived byte can be reached through the object: String(), JSON.stringify and util.inspect
 * show the sequence number, the length and whether it was encrypted. The plaintext is not shown
 * either: a request may carry key bytes as data (a key-table write).
 */
export class RequestContext {
  readonly #plain: Uint8Array;
  /** The RC4 state right after the request's bytes; cloned at each use, never advanced. */
  readonly #keystream: Rc4 | undefined;
  readonly encrypted: boolean;
  readonly requestLength: number;

  /** Internal: the token is this module's, so other code cannot make a context. */
  constructor(
    token: symbol,
    plain: Uint8Array,
    readonly sequence: number,
    keystream: Rc4 | undefined,
  ) {
    if (token !== MAKER)
      throw new EncodeError(
        "OSGP_ERR_ENCODE_RANGE",
        "request contexts are made by protectRequest and unprotectRequest only",
        { path: "rc4-psk.context" },
      );
    this.#plain = plain;
    this.#keystream = keystream;
    this.encrypted = keystream !== undefined;
    this.requestLength = plain.length;
  }

  /** The request's apdu ‖ seq32 (a copy). */
  get requestPlain(): Uint8Array {
    return this.#plain.slice();
  }

  /** The request APDU without its sequence number (a copy). */
  get requestApdu(): Uint8Array {
    return this.#plain.slice(0, this.#plain.length - SEQUENCE_LENGTH);
  }

  toString(): string {
    return `RequestContext(seq 0x${this.sequence.toString(16).padStart(8, "0")}, ${this.requestLength} bytes, ${this.encrypted ? "encrypted" : "plain"})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  static {
    internals = (context) => {
      if (!(context instanceof RequestContext && #plain in context)) {
        throw new EncodeError(
          "OSGP_ERR_ENCODE_RANGE",
          "not a request context made by protectRequest or unprotectRequest",
          { path: "rc4-psk.context" },
        );
      }
      return { plain: context.#plain, keystream: context.#keystream };
    };
  }
}

function makeContext(plain: Uint8Array, sequence: number, keystream: Rc4 | undefined): RequestContext {
  return new RequestContext(MAKER, plain, sequence, keystream);
}

export interface ProtectedRequest {
  readonly frame: Uint8Array;
  readonly context: RequestContext;
}

export interface UnprotectedRequest {
  readonly apdu: Uint8Array;
  readonly sequence: number;
  readonly encrypted: boolean;
  readonly context: RequestContext;
}

export function protectRequest(
  keys: Rc4PskKeys,
  apdu: Uint8Array,
  sequence: number,
  opts: Rc4PskOptions,
): ProtectedRequest {
  if (apdu.length < 1)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", "a request APDU has at least its request code", {
      path: "rc4-psk.request.apdu",
    });
  const plain = concatBytes(apdu, encodeSequence(sequence, "rc4-psk.sequence"));
  const digest = omaDigest(keys.digestKey, plain, digestOptions(opts));
  const rc4 = opts.encrypt ? new Rc4(packetKey(keys.baseKey, digest)) : undefined;
  const covered = coveredLength(plain.length, opts.encryptedBytes);
  const body = rc4 === undefined ? plain : concatBytes(rc4.xor(plain.subarray(0, covered)), plain.subarray(covered));
  return { frame: concatBytes(body, digest), context: makeContext(plain, sequence, rc4) };
}

/**
 * Verifies a request frame under one key: first the bytes as they are, then (with tryDecrypt) the
 * bytes decrypted with packetKey(baseKey, the frame's digest). A frame that verifies neither way is
 * a DecodeError OSGP_ERR_DIGEST, on which a MEP server tries its next key.
 */
export function unprotectRequest(
  keys: Rc4PskKeys,
  frame: Uint8Array,
  opts: Rc4PskUnprotectOptions,
): Decoded<UnprotectedRequest> {
  if (frame.length < MIN_REQUEST_FRAME) {
    return fail(
      "OSGP_ERR_TRUNCATED",
      `a protected request needs at least ${MIN_REQUEST_FRAME} bytes (code, sequence number, digest), got ${frame.length}`,
      frame,
      frame.length,
      "rc4-psk.request",
    );
  }
  const bodyLength = frame.length - DIGEST_LENGTH;
  const body = frame.subarray(0, bodyLength);
  const digest = frame.slice(bodyLength);
  const dopts = digestOptions(opts);
  if (bytesEqual(omaDigest(keys.digestKey, body, dopts), digest))
    return { ok: true, value: request(body.slice(), undefined) };
  if (opts.tryDecrypt) {
    const rc4 = new Rc4(packetKey(keys.baseKey, digest));
    const covered = coveredLength(bodyLength, opts.encryptedBytes);
    const plain = concatBytes(rc4.xor(body.subarray(0, covered)), body.subarray(covered));
    if (bytesEqual(omaDigest(keys.digestKey, plain, dopts), digest)) return { ok: true, value: request(plain, rc4) };
  }
  return fail(
    "OSGP_ERR_DIGEST",
    `the request digest does not verify under this key${opts.tryDecrypt ? ", in clear or decrypted" : " (in clear; decryption not tried)"}`,
    frame,
    bodyLength,
    "rc4-psk.request.digest",
  );
}

export function protectResponse(
  keys: Rc4PskKeys,
  context: RequestContext,
  responseApdu: Uint8Array,
  opts: Rc4PskResponseOptions = {},
): Uint8Array {
  if (responseApdu.length < 1)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", "a response APDU has at least its response code", {
      path: "rc4-psk.response.apdu",
    });
  const digest = responseDigest(keys, context, responseApdu, opts);
  const rc4 = responseKeystream(keys, context, digest, opts);
  return concatBytes(rc4 === undefined ? responseApdu : rc4.xor(responseApdu), digest);
}

/** Decrypts (when the request was encrypted) and verifies the digest chained over the request. */
export function unprotectResponse(
  keys: Rc4PskKeys,
  context: RequestContext,
  frame: Uint8Array,
  opts: Rc4PskResponseOptions = {},
): Decoded<{ readonly apdu: Uint8Array }> {
  if (frame.length < MIN_RESPONSE_FRAME) {
    return fail(
      "OSGP_ERR_TRUNCATED",
      `a protected response needs at least ${MIN_RESPONSE_FRAME} bytes (code, digest), got ${frame.length}`,
      frame,
      frame.length,
      "rc4-psk.response",
    );
  }
  const bodyLength = frame.length - DIGEST_LENGTH;
  const body = frame.subarray(0, bodyLength);
  const digest = frame.slice(bodyLength);
  const rc4 = responseKeystream(keys, context, digest, opts);
  const apdu = rc4 === undefined ? body.slice() : rc4.xor(body);
  if (!bytesEqual(responseDigest(keys, context, apdu, opts), digest)) {
    return fail(
      "OSGP_ERR_DIGEST",
      "the response digest (chained over the request) does not verify under this key",
      frame,
      bodyLength,
      "rc4-psk.response.digest",
    );
  }
  return { ok: true, value: { apdu } };
}

/** How many leading bytes of apdu ‖ seq32 RC4 covers; the rest (the sequence number) travels in clear. */
function coveredLength(plainLength: number, encryptedBytes: EncryptedBytes = "apdu+sequence"): number {
  return encryptedBytes === "apdu" ? plainLength - SEQUENCE_LENGTH : plainLength;
}

/** The 0x0B response frame: one byte, sent as it is (no encryption, no digest). A new array each call. */
export function authFailureFrame(): Uint8Array {
  return Uint8Array.of(RESPONSE_CODE.auth);
}

export function isAuthFailureFrame(frame: Uint8Array): boolean {
  return frame.length === 1 && frame[0] === RESPONSE_CODE.auth;
}

/** The 0x0C response APDU, 0c ‖ the server's seq32; protect it with protectResponse. */
export function sequenceErrorApdu(serverSequence: number): Uint8Array {
  return concatBytes(Uint8Array.of(RESPONSE_CODE.seq), encodeSequence(serverSequence, "rc4-psk.sequence"));
}

/** The key material of one device; prints and serialises without its bytes. */
class KeyMaterial implements Rc4PskKeys {
  readonly #digestKey: Uint8Array;
  readonly #baseKey: Uint8Array;

  constructor(digestKey: Uint8Array, baseKey: Uint8Array) {
    this.#digestKey = digestKey;
    this.#baseKey = baseKey;
  }

  get digestKey(): Uint8Array {
    return this.#digestKey;
  }

  get baseKey(): Uint8Array {
    return this.#baseKey;
  }

  toString(): string {
    return "Rc4PskKeys(<redacted>)";
  }

  toJSON(): string {
    return "<redacted>";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function request(plain: Uint8Array, rc4: Rc4 | undefined): UnprotectedRequest {
  const n = plain.length - SEQUENCE_LENGTH;
  const sequence = readSequence(plain, n);
  return {
    apdu: plain.slice(0, n),
    sequence,
    encrypted: rc4 !== undefined,
    context: makeContext(plain, sequence, rc4),
  };
}

function responseDigest(
  keys: Rc4PskKeys,
  context: RequestContext,
  response: Uint8Array,
  opts: Rc4PskResponseOptions,
): Uint8Array {
  return omaDigest(keys.digestKey, concatBytes(internals(context).plain, response), digestOptions(opts));
}

function responseKeystream(
  keys: Rc4PskKeys,
  context: RequestContext,
  digest: Uint8Array,
  opts: Rc4PskResponseOptions,
): Rc4 | undefined {
  const { keystream } = internals(context);
  if (keystream === undefined) return undefined;
  const mode = opts.responseKeystream ?? "continue";
  if (mode === "continue") return keystream.clone();
  if (mode === "rekey") return new Rc4(packetKey(keys.baseKey, digest));
  throw new EncodeError(
    "OSGP_ERR_ENCODE_RANGE",
    `responseKeystream must be "continue" or "rekey", not ${JSON.stringify(mode)}`,
    { path: "rc4-psk.responseKeystream" },
  );
}

function digestOptions(opts: { readonly emptyInput?: EmptyInput }): { emptyInput?: EmptyInput } {
  return opts.emptyInput === undefined ? {} : { emptyInput: opts.emptyInput };
}

function fail(
  code: "OSGP_ERR_TRUNCATED" | "OSGP_ERR_DIGEST",
  detail: string,
  frame: Uint8Array,
  offset: number,
  path: string,
): { ok: false; error: DecodeError } {
  // The frame is on the wire anyway; no key byte goes into the error.
  return { ok: false, error: new DecodeError(code, detail, { bytes: frame.slice(), offset, path }) };
}
