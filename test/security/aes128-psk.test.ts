import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import { inspect } from "node:util";
import fc from "fast-check";
import { bytesEqual, concatBytes } from "../../harness/bytes/byte-arrays";
import type { Decoded } from "../../harness/bytes/decoded";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { DecodeError, EncodeError } from "../../harness/errors";
import {
  AES_PROVISIONAL_NOTICE,
  aesPskNonce,
  aesPskProfile,
  DEFAULT_AES_PSK_PROFILE,
  protectRequest,
  protectResponse,
  unprotectRequest,
  unprotectResponse,
  type AesPskProfile,
} from "../../harness/security/aes128-psk";
import { secretPattern } from "../support/secret-scan";

/**
 * The AES-128-PSK framing is the harness's own PROVISIONAL profile (the real one is not public),
 * so there is no external known answer for a frame. What is checked: that the platform's
 * aes-128-ccm is RFC 3610 CCM (packet vector #1), that the frame layout matches the profile as
 * written down here independently (nonce bytes spelled out), and the security properties.
 */
const h = parseHex;
const KEY = h("5a c3 91 e7 0d 44 b2 68 1f a9 7c 30 e5 86 2b d4");

function okValue<T>(d: Decoded<T>): T {
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

function errorCode<T>(d: Decoded<T>): string {
  if (d.ok) assert.fail("expected a DecodeError");
  assert.ok(d.error instanceof DecodeError);
  return d.error.code;
}

function ccm(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
  tagLength: number,
): Uint8Array {
  const c = createCipheriv("aes-128-ccm", key, nonce, { authTagLength: tagLength });
  c.setAAD(aad, { plaintextLength: plaintext.length });
  return concatBytes(c.update(plaintext), c.final(), c.getAuthTag());
}

test("platform check: node's aes-128-ccm is RFC 3610 CCM (packet vector #1)", () => {
  const out = ccm(
    h("c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 ca cb cc cd ce cf"),
    h("00 00 00 03 02 01 00 a0 a1 a2 a3 a4 a5"),
    h("00 01 02 03 04 05 06 07"),
    h("08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e"),
    8,
  );
  assert.equal(
    toHex(out),
    "58 8c 97 9a 61 c6 63 d2 f0 66 d0 c2 c0 f9 89 80 6d 5f 6b 61 da c3 84 17 e8 d1 2c fd f9 26 e0",
  );
});

test("the profile is marked provisional and says why", () => {
  assert.equal(DEFAULT_AES_PSK_PROFILE.provisional, true);
  assert.equal(DEFAULT_AES_PSK_PROFILE.tagLength, 8);
  assert.equal(DEFAULT_AES_PSK_PROFILE.nonceLayout, "direction-zeros-seq32");
  assert.equal(DEFAULT_AES_PSK_PROFILE.notice, AES_PROVISIONAL_NOTICE);
  assert.match(AES_PROVISIONAL_NOTICE, /PROVISIONAL/);
  assert.match(AES_PROVISIONAL_NOTICE, /not public/);
  assert.ok(!AES_PROVISIONAL_NOTICE.includes("\n"));
});

test("nonces: direction byte, eight zero bytes, sequence number MSB first", () => {
  assert.equal(toHex(aesPskNonce("request", 0x01020304)), "00 00 00 00 00 00 00 00 00 01 02 03 04");
  assert.equal(toHex(aesPskNonce("response", 0xfffffffe)), "01 00 00 00 00 00 00 00 00 ff ff ff fe");
});

test("request frame = CCM(apdu) ‖ seq32 ‖ tag; response frame = CCM(response) ‖ tag (layout spelled out here)", () => {
  const apdu = h("3f 00 17 00 00 00 00 2c");
  const seq = h("77 63 5b 91");
  const { frame, context } = protectRequest(KEY, apdu, 0x77635b91);
  const ct = ccm(KEY, h("00 00 00 00 00 00 00 00 00 77 63 5b 91"), seq, apdu, 8);
  assert.equal(toHex(frame), toHex(concatBytes(ct.subarray(0, 8), seq, ct.subarray(8))));
  const response = h("00 00 02 aa bb");
  const rframe = protectResponse(KEY, context, response);
  assert.equal(toHex(rframe), toHex(ccm(KEY, h("01 00 00 00 00 00 00 00 00 77 63 5b 91"), seq, response, 8)));
  // a 16-byte tag
  const p16 = aesPskProfile(16);
  const f16 = protectRequest(KEY, apdu, 0x77635b91, p16).frame;
  const ct16 = ccm(KEY, h("00 00 00 00 00 00 00 00 00 77 63 5b 91"), seq, apdu, 16);
  assert.equal(toHex(f16), toHex(concatBytes(ct16.subarray(0, 8), seq, ct16.subarray(8))));
});

test("tag lengths 4, 6, ..., 16 only; a 16-byte key only; EncodeErrors never echo the key", () => {
  for (const t of [4, 6, 8, 10, 12, 14, 16]) assert.equal(aesPskProfile(t).tagLength, t);
  for (const t of [0, 2, 3, 5, 9, 18, 8.5]) assert.throws(() => aesPskProfile(t), EncodeError);
  const bad: AesPskProfile = { ...DEFAULT_AES_PSK_PROFILE, tagLength: 7 };
  assert.throws(() => protectRequest(KEY, h("30"), 1, bad), EncodeError);
  for (const n of [0, 15, 17, 32]) {
    assert.throws(
      () => protectRequest(new Uint8Array(n).fill(0xa7), h("30"), 1),
      (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE" && !/a7/i.test(e.message),
    );
  }
  assert.throws(() => protectRequest(KEY, new Uint8Array(0), 1), EncodeError);
  for (const seq of [-1, 2 ** 32, 0.5]) assert.throws(() => protectRequest(KEY, h("30"), seq), EncodeError);
});

test("short frames are OSGP_ERR_TRUNCATED; a request frame is not a valid response and vice versa", () => {
  for (let n = 0; n < 1 + 4 + 8; n++)
    assert.equal(errorCode(unprotectRequest(KEY, new Uint8Array(n))), "OSGP_ERR_TRUNCATED");
  const { frame, context } = protectRequest(KEY, h("30 00 01"), 42);
  for (let n = 0; n < 1 + 8; n++)
    assert.equal(errorCode(unprotectResponse(KEY, context, new Uint8Array(n))), "OSGP_ERR_TRUNCATED");
  // the direction byte keeps the two apart, even where the lengths would fit
  const rframe = protectResponse(KEY, context, h("00 00 00 00 00 2a"));
  assert.equal(
    errorCode(
      unprotectRequest(
        KEY,
        concatBytes(rframe.subarray(0, rframe.length - 8), h("00 00 00 2a"), rframe.subarray(rframe.length - 8)),
      ),
    ),
    "OSGP_ERR_DIGEST",
  );
  assert.equal(
    errorCode(unprotectResponse(KEY, context, concatBytes(frame.subarray(0, 3), frame.subarray(7)))),
    "OSGP_ERR_DIGEST",
  );
});

const arbKey = fc.uint8Array({ minLength: 16, maxLength: 16 });
const arbApdu = fc.uint8Array({ minLength: 1, maxLength: 120 });
const arbSeq = fc.integer({ min: 0, max: 0xffffffff });
const arbProfile = fc.constantFrom(4, 6, 8, 10, 12, 14, 16).map((t) => aesPskProfile(t));

test("property: protect then unprotect is the identity for requests and responses, any tag length", () => {
  fc.assert(
    fc.property(arbKey, arbApdu, arbSeq, arbApdu, arbProfile, (key, apdu, seq, response, profile) => {
      const { frame, context } = protectRequest(key, apdu, seq, profile);
      assert.equal(frame.length, apdu.length + 4 + profile.tagLength);
      const got = okValue(unprotectRequest(key, frame, profile));
      assert.deepEqual(got.apdu, apdu);
      assert.equal(got.sequence, seq);
      const rframe = protectResponse(key, got.context, response, profile);
      assert.equal(rframe.length, response.length + profile.tagLength);
      assert.deepEqual(okValue(unprotectResponse(key, context, rframe, profile)).apdu, response);
    }),
    { numRuns: 200 },
  );
});

test("property: one flipped bit anywhere (ciphertext, sequence number or tag) fails with OSGP_ERR_DIGEST", () => {
  fc.assert(
    fc.property(
      arbKey,
      arbApdu,
      arbSeq,
      arbApdu,
      arbProfile,
      fc.nat(),
      fc.nat(),
      (key, apdu, seq, response, profile, b1, b2) => {
        const { frame, context } = protectRequest(key, apdu, seq, profile);
        const bit = b1 % (frame.length * 8);
        const flipped = frame.slice();
        flipped[bit >>> 3] = (flipped[bit >>> 3] as number) ^ (1 << (bit & 7));
        assert.equal(errorCode(unprotectRequest(key, flipped, profile)), "OSGP_ERR_DIGEST");
        const rframe = protectResponse(key, context, response, profile);
        const rbit = b2 % (rframe.length * 8);
        const rflipped = rframe.slice();
        rflipped[rbit >>> 3] = (rflipped[rbit >>> 3] as number) ^ (1 << (rbit & 7));
        assert.equal(errorCode(unprotectResponse(key, context, rflipped, profile)), "OSGP_ERR_DIGEST");
      },
    ),
    { numRuns: 200 },
  );
});

test("property: a wrong key, or a response to another request, fails with OSGP_ERR_DIGEST", () => {
  fc.assert(
    fc.property(arbKey, arbKey, arbApdu, arbSeq, arbApdu, (key, other, apdu, seq, response) => {
      fc.pre(!bytesEqual(key, other));
      const { frame, context } = protectRequest(key, apdu, seq);
      assert.equal(errorCode(unprotectRequest(other, frame)), "OSGP_ERR_DIGEST");
      const rframe = protectResponse(key, context, response);
      assert.equal(errorCode(unprotectResponse(other, context, rframe)), "OSGP_ERR_DIGEST");
      const another = protectRequest(key, apdu, (seq + 1) >>> 0).context;
      assert.equal(errorCode(unprotectResponse(key, another, rframe)), "OSGP_ERR_DIGEST");
    }),
    { numRuns: 200 },
  );
});

test("property: unprotect of any bytes returns a value or a DecodeError, never throws", () => {
  const { context } = protectRequest(KEY, h("30 00 00"), 9);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), arbProfile, (bytes, profile) => {
      for (const d of [unprotectRequest(KEY, bytes, profile), unprotectResponse(KEY, context, bytes, profile)]) {
        if (!d.ok) {
          assert.ok(d.error instanceof DecodeError);
          assert.ok(d.error.code === "OSGP_ERR_TRUNCATED" || d.error.code === "OSGP_ERR_DIGEST", d.error.code);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test("a context and an authentication error show no key byte", () => {
  const { frame, context } = protectRequest(KEY, h("3f 00 17 00 00 00 00 2c"), 0x0a0b0c0d);
  const d = unprotectRequest(h("00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff"), frame);
  assert.equal(errorCode(d), "OSGP_ERR_DIGEST");
  const shown = [
    String(context),
    JSON.stringify(context),
    inspect(context, { showHidden: true, depth: 10 }),
    d.ok ? "" : d.error.message,
  ];
  for (const s of shown) {
    for (let at = 0; at < 16; at += 4) assert.ok(!secretPattern(KEY.subarray(at, at + 4)).test(s), s);
  }
  assert.match(String(context), /0a0b0c0d/);
});
