import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { format, inspect } from "node:util";
import fc from "fast-check";
import { bytesEqual, concatBytes } from "../../harness/bytes/byte-arrays";
import type { Decoded } from "../../harness/bytes/decoded";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { DecodeError, EncodeError } from "../../harness/errors";
import type { BekVariant } from "../../harness/security/base-encryption-key";
import { Rc4 } from "../../harness/security/rc4";
import {
  authFailureFrame,
  isAuthFailureFrame,
  MEP_CONSTANT_C,
  mepEncryptionKey,
  mepKeys,
  packetKey,
  plcKeys,
  protectRequest,
  protectResponse,
  RequestContext,
  sequenceErrorApdu,
  unprotectRequest,
  unprotectResponse,
  type Rc4PskKeys,
  type ResponseKeystream,
} from "../../harness/security/rc4-psk";
import { secretPattern } from "../support/secret-scan";

/**
 * Known answers: the MEP worked examples (reference 7.2 D2-D13 and 9.3-9.6), which are plain
 * (unencrypted) frames with their digests. For encrypted frames no public ciphertext exists, so the
 * expected bytes are built here from parts checked elsewhere against independent sources: RC4 (RFC
 * 6229), the digests (D2, D3) and MEP's C, by the construction of reference 7.3.
 */
const h = parseHex;
const ONES16 = new Uint8Array(16).fill(0x01);
const C = h("38 8b 8f bc 36 a8 55 85 87 af c9 0f b2 3a 3b 99");
const MEP = mepKeys(ONES16);
const PLAIN = { encrypt: false } as const;
const BEK = (
  JSON.parse(readFileSync(join(__dirname, "vectors", "digest-vectors.json"), "utf8")) as {
    readonly base_encryption_key: readonly {
      id: string;
      omak: string;
      split_halves: string;
      first_half_twice: string;
    }[];
  }
).base_encryption_key;

function okValue<T>(d: Decoded<T>): T {
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

function errorCode<T>(d: Decoded<T>): string {
  if (d.ok) assert.fail("expected a DecodeError");
  assert.ok(d.error instanceof DecodeError);
  return d.error.code;
}

/** encKey for a 16-byte MEP key, built by hand: RC4 keystream XOR C. */
function encKeyByHand(key16: Uint8Array): Uint8Array {
  const ks = new Rc4(key16).keystream(16);
  return ks.map((b, i) => b ^ (C[i] as number));
}

function xorFirst8(base: Uint8Array, digest: Uint8Array): Uint8Array {
  return base.map((b, i) => (i < 8 ? b ^ (digest[i] as number) : b));
}

test("MEP's constant C and key material; encKey for 01 x 16 (regression anchor, one unpublished implementation)", () => {
  assert.equal(toHex(MEP_CONSTANT_C), toHex(C));
  assert.deepEqual(MEP.digestKey, ONES16);
  assert.deepEqual(MEP.baseKey, encKeyByHand(ONES16));
  // REGRESSION ANCHOR, not an independent known answer (one implementation, reference 7.3).
  assert.equal(toHex(mepEncryptionKey(ONES16)), "3e 83 81 b2 2e 88 7c ac be 9c 80 58 d4 4c bc 1a");
  // A 20-byte MAK field: only its first 16 bytes count.
  const k20 = concatBytes(ONES16, h("aa bb cc dd"));
  assert.deepEqual(mepKeys(k20).digestKey, ONES16);
  assert.deepEqual(mepKeys(k20).baseKey, MEP.baseKey);
  assert.throws(() => mepKeys(new Uint8Array(15)), EncodeError);
  assert.throws(() => mepEncryptionKey(new Uint8Array(20)), EncodeError);
});

test("PLC key material: digest key = OMAK, base key = the BEK of the chosen variant (digest-vectors.json)", () => {
  for (const v of BEK) {
    for (const [variant, expected] of [
      ["split-halves", v.split_halves],
      ["first-half-twice", v.first_half_twice],
    ] as const) {
      const keys = plcKeys(h(v.omak), variant);
      assert.equal(toHex(keys.digestKey, ""), v.omak);
      assert.equal(toHex(keys.baseKey, ""), expected, `${v.id} ${variant}`);
    }
  }
});

test("packetKey XORs the digest into the first 8 bytes only", () => {
  const base = h("00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff");
  assert.equal(toHex(packetKey(base, h("ff 00 ff 00 01 02 04 08"))), "ff 11 dd 33 45 57 62 7f 88 99 aa bb cc dd ee ff");
  assert.throws(() => packetKey(new Uint8Array(12), new Uint8Array(8)), EncodeError);
  assert.throws(() => packetKey(new Uint8Array(16), new Uint8Array(7)), EncodeError);
});

/**
 * MEP worked examples (plain frames): request APDU, sequence number, request digest, response APDU, response digest.
 */
const EXAMPLES = [
  {
    id: "D2/D3 (0x0C answer)",
    apdu: "3f 00 17 00 00 00 00 2c",
    seq: 0x01020304,
    digest: "74 86 1f 6d 76 58 dd 56",
    response: "0c 77 63 5b 90",
    responseDigest: "35 86 3c 1d f5 b9 14 82",
  },
  {
    id: "D4/D5 (9.3 partial read of BT23)",
    apdu: "3f 00 17 00 00 00 00 2c",
    seq: 0x77635b91,
    digest: "13 db 85 a1 35 a0 57 5e",
    response:
      "00 00 2c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 08 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 00 00",
    responseDigest: "ad dc b8 2c 3d 41 7f 91",
  },
  {
    id: "D6/D7 (9.6 partial write of ET50)",
    apdu: "4f 08 32 00 00 1e 00 01 01",
    seq: 0x77636e2f,
    digest: "86 e5 0e 26 67 d1 e6 3c",
    response: "00",
    responseDigest: "86 e5 0e 26 67 d1 e6 3c",
  },
  {
    id: "D10/D11",
    apdu: "3f 08 35 00 00 00 00 05",
    seq: 0x5b4e42e7,
    digest: "48 97 75 da d8 53 e3 a3",
    response: "00 00 05 6f 00 01 01 00",
    responseDigest: "97 4b 99 ca a3 31 45 19",
  },
] as const;

for (const ex of EXAMPLES) {
  test(`MEP worked example ${ex.id}: plain request and response frames, both directions`, () => {
    const seqHex = toHex(Uint8Array.of(ex.seq >>> 24, (ex.seq >>> 16) & 0xff, (ex.seq >>> 8) & 0xff, ex.seq & 0xff));
    const requestFrame = `${ex.apdu} ${seqHex} ${ex.digest}`;
    const responseFrame = `${ex.response} ${ex.responseDigest}`;
    // client side
    const { frame, context } = protectRequest(MEP, h(ex.apdu), ex.seq, PLAIN);
    assert.equal(toHex(frame), requestFrame);
    assert.equal(context.encrypted, false);
    assert.equal(context.sequence, ex.seq);
    assert.equal(toHex(context.requestApdu), ex.apdu);
    assert.equal(toHex(context.requestPlain), `${ex.apdu} ${seqHex}`);
    // server side
    const got = okValue(unprotectRequest(MEP, h(requestFrame), { tryDecrypt: true }));
    assert.equal(toHex(got.apdu), ex.apdu);
    assert.equal(got.sequence, ex.seq);
    assert.equal(got.encrypted, false);
    assert.equal(toHex(protectResponse(MEP, got.context, h(ex.response))), responseFrame);
    // back at the client
    assert.equal(toHex(okValue(unprotectResponse(MEP, context, h(responseFrame))).apdu), ex.response);
  });
}

test("the 0x0C response is an ordinary protected response (D3); the 0x0B response is one clear byte", () => {
  assert.equal(toHex(sequenceErrorApdu(0x77635b90)), "0c 77 63 5b 90");
  const { context } = protectRequest(MEP, h("3f 00 17 00 00 00 00 2c"), 0x01020304, PLAIN);
  assert.equal(
    toHex(protectResponse(MEP, context, sequenceErrorApdu(0x77635b90))),
    "0c 77 63 5b 90 35 86 3c 1d f5 b9 14 82",
  );
  assert.equal(toHex(authFailureFrame()), "0b");
  assert.equal(isAuthFailureFrame(h("0b")), true);
  assert.equal(isAuthFailureFrame(h("0b 00")), false);
  assert.equal(isAuthFailureFrame(h("0c")), false);
  // Not a verified APDU: unprotectResponse refuses the single byte.
  assert.equal(errorCode(unprotectResponse(MEP, context, authFailureFrame())), "OSGP_ERR_TRUNCATED");
  assert.throws(() => sequenceErrorApdu(2 ** 32), EncodeError);
});

test("encrypted MEP exchange (D2/D3 under 01 x 16): RC4 keyed with encKey XOR digest over code..seq; the response continues the stream", () => {
  const plain = h("3f 00 17 00 00 00 00 2c 01 02 03 04");
  const digest = h("74 86 1f 6d 76 58 dd 56");
  const response = h("0c 77 63 5b 90");
  const responseDigest = h("35 86 3c 1d f5 b9 14 82");
  const byHand = new Rc4(xorFirst8(encKeyByHand(ONES16), digest));
  const expectedRequest = concatBytes(byHand.xor(plain), digest);
  const expectedResponse = concatBytes(byHand.xor(response), responseDigest);

  const { frame, context } = protectRequest(MEP, plain.subarray(0, 8), 0x01020304, { encrypt: true });
  assert.equal(toHex(frame), toHex(expectedRequest));
  assert.notEqual(toHex(frame.subarray(0, 12)), toHex(plain));
  assert.equal(context.encrypted, true);

  const server = okValue(unprotectRequest(MEP, frame, { tryDecrypt: true }));
  assert.equal(server.encrypted, true);
  assert.equal(server.sequence, 0x01020304);
  assert.equal(toHex(server.apdu), "3f 00 17 00 00 00 00 2c");
  assert.equal(toHex(protectResponse(MEP, server.context, response)), toHex(expectedResponse));
  // the default is "continue"; saying so changes nothing
  assert.equal(
    toHex(protectResponse(MEP, server.context, response, { responseKeystream: "continue" })),
    toHex(expectedResponse),
  );
  // protecting twice from one context gives the same bytes (a retransmission), the stream is not consumed
  assert.equal(toHex(protectResponse(MEP, server.context, response)), toHex(expectedResponse));
  assert.equal(toHex(okValue(unprotectResponse(MEP, context, expectedResponse)).apdu), "0c 77 63 5b 90");

  // An encrypted request does not verify in clear: without tryDecrypt it is a digest failure.
  assert.equal(errorCode(unprotectRequest(MEP, frame, { tryDecrypt: false })), "OSGP_ERR_DIGEST");
});

test('encryptedBytes PIXIT "apdu": RC4 covers the APDU only, the sequence number travels in clear, the response continues after the APDU', () => {
  const plain = h("3f 00 17 00 00 00 00 2c 01 02 03 04");
  const digest = h("74 86 1f 6d 76 58 dd 56");
  const response = h("0c 77 63 5b 90");
  const byHand = new Rc4(xorFirst8(encKeyByHand(ONES16), digest));
  const expectedRequest = concatBytes(byHand.xor(plain.subarray(0, 8)), plain.subarray(8), digest);
  const expectedResponse = concatBytes(byHand.xor(response), h("35 86 3c 1d f5 b9 14 82"));

  const { frame, context } = protectRequest(MEP, plain.subarray(0, 8), 0x01020304, {
    encrypt: true,
    encryptedBytes: "apdu",
  });
  assert.equal(toHex(frame), toHex(expectedRequest));
  assert.equal(toHex(frame.subarray(8, 12)), "01 02 03 04", "the sequence number is in clear");
  const server = okValue(unprotectRequest(MEP, frame, { tryDecrypt: true, encryptedBytes: "apdu" }));
  assert.equal(toHex(server.apdu), "3f 00 17 00 00 00 00 2c");
  assert.equal(toHex(protectResponse(MEP, server.context, response)), toHex(expectedResponse));
  assert.equal(toHex(okValue(unprotectResponse(MEP, context, expectedResponse)).apdu), "0c 77 63 5b 90");
  // A server that expects the other coverage cannot read it.
  assert.equal(errorCode(unprotectRequest(MEP, frame, { tryDecrypt: true })), "OSGP_ERR_DIGEST");
});

test("rekey PIXIT: the response gets a fresh RC4 keyed with encKey XOR the response digest", () => {
  const response = h("0c 77 63 5b 90");
  const responseDigest = h("35 86 3c 1d f5 b9 14 82");
  const expected = concatBytes(new Rc4(xorFirst8(encKeyByHand(ONES16), responseDigest)).xor(response), responseDigest);
  const { frame, context } = protectRequest(MEP, h("3f 00 17 00 00 00 00 2c"), 0x01020304, {
    encrypt: true,
    responseKeystream: "rekey",
  });
  const server = okValue(unprotectRequest(MEP, frame, { tryDecrypt: true }));
  const out = protectResponse(MEP, server.context, response, { responseKeystream: "rekey" });
  assert.equal(toHex(out), toHex(expected));
  assert.equal(
    toHex(okValue(unprotectResponse(MEP, context, out, { responseKeystream: "rekey" })).apdu),
    toHex(response),
  );
  // the two PIXIT values are not interchangeable
  assert.equal(errorCode(unprotectResponse(MEP, context, out, { responseKeystream: "continue" })), "OSGP_ERR_DIGEST");
});

test("frames too short for code + sequence + digest (requests) or code + digest (responses) are OSGP_ERR_TRUNCATED", () => {
  for (let n = 0; n < 13; n++)
    assert.equal(
      errorCode(unprotectRequest(MEP, new Uint8Array(n), { tryDecrypt: true })),
      "OSGP_ERR_TRUNCATED",
      `${n} bytes`,
    );
  const { context } = protectRequest(MEP, h("30 00 00"), 1, PLAIN);
  for (let n = 0; n < 9; n++)
    assert.equal(errorCode(unprotectResponse(MEP, context, new Uint8Array(n))), "OSGP_ERR_TRUNCATED", `${n} bytes`);
});

test("bad arguments to protect are EncodeErrors", () => {
  assert.throws(() => protectRequest(MEP, new Uint8Array(0), 1, PLAIN), EncodeError);
  for (const seq of [-1, 2 ** 32, 1.5, Number.NaN])
    assert.throws(() => protectRequest(MEP, h("30 00 00"), seq, PLAIN), EncodeError);
  const { context } = protectRequest(MEP, h("30 00 00"), 1, { encrypt: true });
  assert.throws(() => protectResponse(MEP, context, new Uint8Array(0)), EncodeError);
  assert.throws(
    () => protectResponse(MEP, context, h("00"), { responseKeystream: "restart" as ResponseKeystream }),
    EncodeError,
  );
  // a context is only ever one that protectRequest/unprotectRequest made
  assert.throws(
    () => new RequestContext(Symbol("rc4-psk request context"), h("30 00 00 00 00 00 01"), 1, undefined),
    EncodeError,
  );
  const fake = Object.create(RequestContext.prototype) as RequestContext;
  assert.throws(() => protectResponse(MEP, fake, h("00")), EncodeError);
  assert.throws(
    () => unprotectResponse(MEP, { sequence: 1, encrypted: false } as RequestContext, new Uint8Array(9)),
    EncodeError,
  );
  // sequence numbers go MSB first, the whole 32-bit range
  assert.equal(toHex(protectRequest(MEP, h("30"), 0xffffffff, PLAIN).frame.subarray(1, 5)), "ff ff ff ff");
});

test("a digest error carries the frame, says which way it was tried, and never a key byte", () => {
  const keys = mepKeys(h("5a c3 91 e7 0d 44 b2 68 1f a9 7c 30 e5 86 2b d4"));
  const { frame } = protectRequest(MEP, h("3f 00 17 00 00 00 00 2c"), 7, { encrypt: true });
  const d = unprotectRequest(keys, frame, { tryDecrypt: true });
  assert.equal(errorCode(d), "OSGP_ERR_DIGEST");
  if (d.ok) return;
  assert.deepEqual(d.error.bytes, frame);
  assert.equal(d.error.offset, frame.length - 8);
  assert.match(d.error.message, /decrypted/);
  for (const key of [keys.digestKey, keys.baseKey])
    assert.ok(!secretPattern(key.subarray(0, 4)).test(d.error.message), d.error.message);
});

// ---- properties ----

const arbVariant = fc.constantFrom<BekVariant>("split-halves", "first-half-twice");
const arbKeys: fc.Arbitrary<Rc4PskKeys> = fc.oneof(
  fc.tuple(fc.uint8Array({ minLength: 12, maxLength: 12 }), arbVariant).map(([omak, v]) => plcKeys(omak, v)),
  fc.uint8Array({ minLength: 16, maxLength: 20 }).map((k) => mepKeys(k)),
);
const arbApdu = fc.uint8Array({ minLength: 1, maxLength: 120 });
const arbSeq = fc.integer({ min: 0, max: 0xffffffff });
const arbMode = fc.constantFrom<ResponseKeystream>("continue", "rekey");

test("property: protect then unprotect is the identity for requests and responses, encrypted or not, PLC and MEP keys", () => {
  fc.assert(
    fc.property(
      arbKeys,
      arbApdu,
      arbSeq,
      fc.boolean(),
      arbMode,
      arbApdu,
      (keys, apdu, seq, encrypt, mode, response) => {
        const opts = { encrypt, responseKeystream: mode };
        const { frame, context } = protectRequest(keys, apdu, seq, opts);
        assert.equal(frame.length, apdu.length + 4 + 8);
        const got = okValue(unprotectRequest(keys, frame, { tryDecrypt: true }));
        assert.deepEqual(got.apdu, apdu);
        assert.equal(got.sequence, seq);
        assert.equal(got.encrypted, encrypt);
        if (!encrypt) assert.deepEqual(okValue(unprotectRequest(keys, frame, { tryDecrypt: false })).apdu, apdu);
        const rframe = protectResponse(keys, got.context, response, opts);
        assert.equal(rframe.length, response.length + 8);
        // a plain request gets a plain response; an encrypted one does not show the response in clear
        if (!encrypt) assert.deepEqual(rframe.subarray(0, response.length), response);
        assert.deepEqual(okValue(unprotectResponse(keys, context, rframe, opts)).apdu, response);
      },
    ),
    { numRuns: 300 },
  );
});

test("property: one flipped bit anywhere in a protected request fails unprotectRequest, tryDecrypt on or off", () => {
  fc.assert(
    fc.property(
      arbKeys,
      arbApdu,
      arbSeq,
      fc.boolean(),
      fc.boolean(),
      fc.nat(),
      (keys, apdu, seq, encrypt, tryDecrypt, bitRaw) => {
        const { frame } = protectRequest(keys, apdu, seq, { encrypt });
        if (tryDecrypt || !encrypt) okValue(unprotectRequest(keys, frame, { tryDecrypt }));
        const bit = bitRaw % (frame.length * 8);
        const flipped = frame.slice();
        flipped[bit >>> 3] = (flipped[bit >>> 3] as number) ^ (1 << (bit & 7));
        assert.equal(errorCode(unprotectRequest(keys, flipped, { tryDecrypt })), "OSGP_ERR_DIGEST");
      },
    ),
    { numRuns: 400 },
  );
});

test("property: one flipped bit anywhere in a protected response fails unprotectResponse", () => {
  fc.assert(
    fc.property(
      arbKeys,
      arbApdu,
      arbSeq,
      fc.boolean(),
      arbMode,
      arbApdu,
      fc.nat(),
      (keys, apdu, seq, encrypt, mode, response, bitRaw) => {
        const opts = { encrypt, responseKeystream: mode };
        const { frame, context } = protectRequest(keys, apdu, seq, opts);
        const server = okValue(unprotectRequest(keys, frame, { tryDecrypt: true }));
        const rframe = protectResponse(keys, server.context, response, opts);
        const bit = bitRaw % (rframe.length * 8);
        const flipped = rframe.slice();
        flipped[bit >>> 3] = (flipped[bit >>> 3] as number) ^ (1 << (bit & 7));
        assert.equal(errorCode(unprotectResponse(keys, context, flipped, opts)), "OSGP_ERR_DIGEST");
      },
    ),
    { numRuns: 300 },
  );
});

test("property: a response bound to another request (other sequence number) fails", () => {
  fc.assert(
    fc.property(arbKeys, arbApdu, arbSeq, fc.boolean(), arbApdu, (keys, apdu, seq, encrypt, response) => {
      const a = protectRequest(keys, apdu, seq, { encrypt });
      const b = protectRequest(keys, apdu, (seq + 1) >>> 0, { encrypt });
      const server = okValue(unprotectRequest(keys, a.frame, { tryDecrypt: true }));
      assert.equal(
        errorCode(unprotectResponse(keys, b.context, protectResponse(keys, server.context, response))),
        "OSGP_ERR_DIGEST",
      );
    }),
    { numRuns: 200 },
  );
});

test("property: a wrong key fails, for requests (either way) and responses", () => {
  fc.assert(
    fc.property(
      arbKeys,
      arbKeys,
      arbApdu,
      arbSeq,
      fc.boolean(),
      arbApdu,
      (keys, other, apdu, seq, encrypt, response) => {
        fc.pre(!bytesEqual(keys.digestKey, other.digestKey));
        const { frame, context } = protectRequest(keys, apdu, seq, { encrypt });
        assert.equal(errorCode(unprotectRequest(other, frame, { tryDecrypt: true })), "OSGP_ERR_DIGEST");
        const server = okValue(unprotectRequest(keys, frame, { tryDecrypt: true }));
        assert.equal(
          errorCode(unprotectResponse(other, context, protectResponse(keys, server.context, response))),
          "OSGP_ERR_DIGEST",
        );
      },
    ),
    { numRuns: 200 },
  );
});

test("property: unprotect of any bytes returns a value or a DecodeError, never throws", () => {
  const { context: plainContext } = protectRequest(MEP, h("30 00 00"), 5, PLAIN);
  const { context: encContext } = protectRequest(MEP, h("30 00 00"), 5, { encrypt: true });
  fc.assert(
    fc.property(arbKeys, fc.uint8Array({ maxLength: 200 }), fc.boolean(), arbMode, (keys, bytes, tryDecrypt, mode) => {
      for (const d of [
        unprotectRequest(keys, bytes, { tryDecrypt }),
        unprotectResponse(keys, plainContext, bytes, { responseKeystream: mode }),
        unprotectResponse(keys, encContext, bytes, { responseKeystream: mode }),
      ]) {
        if (!d.ok) {
          assert.ok(d.error instanceof DecodeError);
          assert.ok(d.error.code === "OSGP_ERR_TRUNCATED" || d.error.code === "OSGP_ERR_DIGEST", d.error.code);
        }
      }
    }),
    { numRuns: 400 },
  );
});

// ---- redaction ----

/**
 * Every way a key could show: hex in any case and spacing, and decimal lists as util.inspect prints
 * bytes ("90, 195, ...") or JSON.stringify does ({"0":90,"1":195,...}).
 */
function assertNoKeyBytes(shown: string, keys: readonly Uint8Array[]): void {
  for (const key of keys) {
    for (let at = 0; at + 4 <= key.length; at += 4) {
      const part = key.subarray(at, at + 4);
      assert.ok(!secretPattern(part).test(shown), `hex of key bytes ${at}..${at + 3} in: ${shown}`);
      const decimal = new RegExp(Array.from(part, (b) => `(?:"?\\d+"?\\s*:\\s*)?\\b${b}\\b`).join("\\s*,\\s*"));
      assert.ok(!decimal.test(shown), `decimal key bytes ${at}..${at + 3} in: ${shown}`);
    }
  }
}

test("a RequestContext and the key material show no key byte through String, JSON.stringify or util.inspect", () => {
  const omak = h("5a c3 91 e7 0d 44 b2 68 1f a9 7c 30");
  const keys = plcKeys(omak, "split-halves");
  const apdu = h("3f 00 17 00 00 00 00 2c");
  const { frame, context } = protectRequest(keys, apdu, 0x0a0b0c0d, { encrypt: true });
  const server = okValue(unprotectRequest(keys, frame, { tryDecrypt: true }));
  const digest = frame.subarray(frame.length - 8);
  const secrets = [keys.digestKey, keys.baseKey, packetKey(keys.baseKey, digest)];
  for (const shown of [
    String(context),
    `${server.context}`,
    JSON.stringify(context),
    JSON.stringify({ server }),
    inspect(context),
    inspect(server, { showHidden: true, depth: 20 }),
    format("%s %o %O %j", context, context, context, context),
    String(keys),
    JSON.stringify({ keys }),
    inspect(keys, { showHidden: true, depth: 20 }),
  ]) {
    assertNoKeyBytes(shown, secrets);
  }
  // what is shown is useful: the sequence number and whether it was encrypted
  assert.match(String(context), /0a0b0c0d.*encrypted/);
  assert.deepEqual(JSON.parse(JSON.stringify(context)), { sequence: 0x0a0b0c0d, encrypted: true, requestLength: 12 });
  // the check above would catch a key shown as hex or as decimal bytes
  assert.throws(() => assertNoKeyBytes(toHex(keys.baseKey), secrets));
  assert.throws(() => assertNoKeyBytes(inspect({ k: keys.digestKey }), secrets));
  assert.throws(() => assertNoKeyBytes(JSON.stringify({ k: keys.baseKey }), secrets));
});
