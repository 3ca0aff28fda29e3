import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import { concatBytes } from "../../harness/bytes/byte-arrays";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { EncodeError } from "../../harness/errors";
import { digestRoundSize, omaDigest, OmaDigestStream } from "../../harness/security/oma-digest";

/**
 * Known answers come from outside this code only: D1 (the tests of ttaubert/osgp-oma-digest and
 * f5aaff/practice), D2-D13 (the MEP guide's examples) and the non-uniform-key vectors of
 * vectors/digest-vectors.json (computed by those two independent public implementations).
 */
const h = parseHex;
const hex = (b: Uint8Array) => toHex(b);
const DF12 = new Uint8Array(12).fill(0xdf);
const ONES16 = new Uint8Array(16).fill(0x01);

interface DigestVector {
  readonly id: string;
  readonly key: string;
  readonly msg: string;
  readonly digest: string;
}
const VECTORS = JSON.parse(readFileSync(join(__dirname, "vectors", "digest-vectors.json"), "utf8")) as {
  readonly oma_digest_12: readonly DigestVector[];
  readonly oma_digest_16: readonly DigestVector[];
};

const D2 = h("3f 00 17 00 00 00 00 2c 01 02 03 04");
const D4 = h("3f 00 17 00 00 00 00 2c 77 63 5b 91");
const D6 = h("4f 08 32 00 00 1e 00 01 01 77 63 6e 2f");
const D10 = h("3f 08 35 00 00 00 00 05 5b 4e 42 e7");
const D12 = h("3f 08 35 00 00 00 00 6f 5b 4e 42 e8");
/** D5's 44 data bytes: all zero except offsets 16, 20 and 40 (reference 7.2). */
const D5_DATA = (() => {
  const d = new Uint8Array(44);
  d[16] = 0x08;
  d[20] = 0x03;
  d[40] = 0x06;
  return d;
})();
/** Reference appendix: the 79-byte ET52 transaction write. */
const D9 = h(`
  4f 08 34 00 00 00 00 43 43 00 00 01 00 08 00 3f 08 0b 00 00 00 00 0a 08
  00 3f 00 14 00 00 00 00 0a 08 00 3f 00 15 00 00 00 00 0a 08 00 3f 08 04
  00 00 37 00 01 08 00 3f 08 0e 00 00 00 00 0c 08 00 3f 08 0f 00 00 00 00
  1f 01 00 5b 4e 42 e6`);
/** Reference appendix: the 114-byte ET53 response appended to D12. */
const D13_RESPONSE = h(`
  00 00 6f 6f 00 01 01 00 0d 00 00 00 0a 05 42 24 05 06 05 02 01 03 f9 0d
  00 00 00 0a 3f 0e fd 0f 08 10 01 04 08 1a 0d 00 00 00 0a 3f 0e 0c 0f 08
  00 01 04 08 1a 04 00 00 00 01 04 0f 00 00 00 0c 00 00 00 00 00 11 01 00
  01 04 2f 00 22 00 00 00 1f 00 42 00 01 00 02 01 45 00 01 00 02 01 48 00
  01 00 02 01 03 00 f8 03 02 01 4b 00 01 00 02 01 01 00`);

const TABLE: readonly { id: string; key: Uint8Array; data: Uint8Array; digest: string }[] = [
  {
    id: "D1",
    key: DF12,
    data: h("02 02 00 30 00 03 7f 30 ea 6d 00 00 00 0d 00 20 98 00 31 c3 00 08 00 00 00 00 00 11"),
    digest: "db e5 cd e5 07 b1 cb 3d",
  },
  { id: "D2", key: ONES16, data: D2, digest: "74 86 1f 6d 76 58 dd 56" },
  { id: "D3", key: ONES16, data: concatBytes(D2, h("0c 77 63 5b 90")), digest: "35 86 3c 1d f5 b9 14 82" },
  { id: "D4", key: ONES16, data: D4, digest: "13 db 85 a1 35 a0 57 5e" },
  { id: "D5", key: ONES16, data: concatBytes(D4, h("00 00 2c"), D5_DATA), digest: "ad dc b8 2c 3d 41 7f 91" },
  { id: "D6", key: ONES16, data: D6, digest: "86 e5 0e 26 67 d1 e6 3c" },
  { id: "D7", key: ONES16, data: concatBytes(D6, h("00")), digest: "86 e5 0e 26 67 d1 e6 3c" },
  { id: "D8", key: ONES16, data: h("40 00 07 00 06 11 08 07 00 f8 03 5b 4e 43 09"), digest: "69 7a b2 01 49 7e 9c f7" },
  { id: "D9", key: ONES16, data: D9, digest: "ed 6a 9c ef f4 cc 0e 39" },
  { id: "D9 + write response 00", key: ONES16, data: concatBytes(D9, h("00")), digest: "ed 6a 9c ef f4 cc 0e 39" },
  { id: "D10", key: ONES16, data: D10, digest: "48 97 75 da d8 53 e3 a3" },
  { id: "D11", key: ONES16, data: concatBytes(D10, h("00 00 05 6f 00 01 01 00")), digest: "97 4b 99 ca a3 31 45 19" },
  { id: "D12", key: ONES16, data: D12, digest: "1b 32 04 49 74 45 a8 7a" },
  { id: "D13", key: ONES16, data: concatBytes(D12, D13_RESPONSE), digest: "bf d4 eb f2 b7 e0 1f 43" },
];

test("the appendix vectors have the lengths the MEP guide gives them", () => {
  assert.equal(D9.length, 79);
  assert.equal(D13_RESPONSE.length, 114);
});

for (const v of TABLE) {
  test(`reference table 7.2: ${v.id}`, () => {
    assert.equal(hex(omaDigest(v.key, v.data)), v.digest);
  });
}

for (const group of ["oma_digest_12", "oma_digest_16"] as const) {
  test(`digest-vectors.json ${group}: non-uniform keys, 1 to 375 bytes, across block boundaries`, () => {
    assert.ok(VECTORS[group].length >= 5);
    for (const v of VECTORS[group]) {
      assert.equal(toHex(omaDigest(h(v.key), h(v.msg)), ""), v.digest, v.id);
    }
  });
}

test("the same vectors through the stream, fed one byte at a time", () => {
  for (const v of [...VECTORS.oma_digest_12, ...VECTORS.oma_digest_16]) {
    const s = new OmaDigestStream(h(v.key));
    for (const b of h(v.msg)) s.update(Uint8Array.of(b));
    assert.equal(toHex(s.digest(), ""), v.digest, v.id);
  }
});

test("round sizes: 48 for a 6-byte key, 8 * 1.5 L otherwise", () => {
  assert.equal(digestRoundSize(6), 48);
  assert.equal(digestRoundSize(12), 144);
  assert.equal(digestRoundSize(16), 192);
  assert.equal(digestRoundSize(2), 24);
});

test("an odd or empty key is an EncodeError naming the length, never a digest, never the key", () => {
  for (const key of [new Uint8Array(0), Uint8Array.of(0xa7), h("a7 a7 a7 a7 a7"), new Uint8Array(11).fill(0xa7)]) {
    assert.throws(
      () => omaDigest(key, D2),
      (e: unknown) =>
        e instanceof EncodeError &&
        e.code === "OSGP_ERR_ENCODE_RANGE" &&
        e.message.includes(`${key.length} byte(s)`) &&
        !/a7/i.test(e.message),
    );
    assert.throws(() => new OmaDigestStream(key), EncodeError);
  }
  assert.throws(() => omaDigest(ONES16, D2, { initialState: new Uint8Array(7) }), EncodeError);
  assert.throws(() => omaDigest(ONES16, D2, { emptyInput: "none" as never }), EncodeError);
  // Even lengths other than 6/12/16 are valid keys (the function is defined for any even length).
  assert.equal(omaDigest(Uint8Array.of(1, 2), D2).length, 8);
  assert.equal(omaDigest(new Uint8Array(20).fill(3), D2).length, 8);
});

test("empty input: one zero block by default (vendor C code), the untouched state as the zero-state PIXIT", () => {
  // One zero block is what a single 00 byte pads to, so the default equals the digest of 00.
  assert.deepEqual(omaDigest(ONES16, new Uint8Array(0)), omaDigest(ONES16, Uint8Array.of(0)));
  assert.deepEqual(
    omaDigest(ONES16, new Uint8Array(0), { emptyInput: "one-zero-block" }),
    omaDigest(ONES16, new Uint8Array(192)),
  );
  assert.notDeepEqual(omaDigest(ONES16, new Uint8Array(0)), new Uint8Array(8));
  assert.deepEqual(omaDigest(ONES16, new Uint8Array(0), { emptyInput: "zero-state" }), new Uint8Array(8));
  const start = h("81 3f 52 9a 7b e3 89 ba");
  assert.deepEqual(omaDigest(DF12, new Uint8Array(0), { emptyInput: "zero-state", initialState: start }), start);
  // The PIXIT touches only the empty message.
  assert.deepEqual(omaDigest(ONES16, D2, { emptyInput: "zero-state" }), omaDigest(ONES16, D2));
});

test("digest() does not end the stream: the request digest, then request + response (MEP chaining, D2/D3)", () => {
  const s = new OmaDigestStream(ONES16).update(D2);
  assert.equal(hex(s.digest()), "74 86 1f 6d 76 58 dd 56");
  assert.equal(hex(s.digest()), "74 86 1f 6d 76 58 dd 56");
  s.update(h("0c 77 63 5b 90"));
  assert.equal(hex(s.digest()), "35 86 3c 1d f5 b9 14 82");
  assert.equal(s.length, 17);
});

test("the stream prints and serialises without its key", () => {
  const key = h("5a c3 91 e7 0d 44 b2 68 1f a9 7c 30 e5 86 2b d4");
  const s = new OmaDigestStream(key).update(D2);
  const hexKey = toHex(key, "");
  for (const shown of [String(s), JSON.stringify(s), inspect(s, { showHidden: true, depth: 10 })]) {
    assert.ok(
      !shown
        .replace(/[^0-9a-f]/gi, "")
        .toLowerCase()
        .includes(hexKey),
      shown,
    );
    assert.ok(!shown.includes(Array.from(key).slice(0, 4).join(",")), shown);
    assert.ok(!shown.includes(Array.from(key).slice(0, 4).join(", ")), shown);
  }
});

const arbKey = fc.constantFrom(2, 6, 12, 16, 20).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));

test("property: streaming equals one-shot for every split", () => {
  fc.assert(
    fc.property(
      arbKey,
      fc.uint8Array({ maxLength: 500 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      (key, msg, cutsRaw) => {
        const cuts = [...new Set(cutsRaw.map((c) => c % (msg.length + 1)))].sort((a, b) => a - b);
        const s = new OmaDigestStream(key);
        let at = 0;
        for (const c of [...cuts, msg.length]) {
          s.update(msg.subarray(at, c));
          at = c;
        }
        assert.deepEqual(s.digest(), omaDigest(key, msg));
        assert.equal(s.length, msg.length);
      },
    ),
    { numRuns: 300 },
  );
});

test("property: digest(A) then update(B) gives digest(A ‖ B), the stream untouched by digest()", () => {
  fc.assert(
    fc.property(arbKey, fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (key, a, b) => {
      const s = new OmaDigestStream(key).update(a);
      assert.deepEqual(s.digest(), omaDigest(key, a));
      assert.deepEqual(s.update(b).digest(), omaDigest(key, concatBytes(a, b)));
    }),
    { numRuns: 200 },
  );
});

test("property: zero padding, digest(M) == digest(M ‖ 00) when |M| is not a multiple of R (6, 12, 16-byte keys)", () => {
  const arb = fc.constantFrom(6, 12, 16).chain((n) =>
    fc.tuple(
      fc.uint8Array({ minLength: n, maxLength: n }),
      fc.uint8Array({ minLength: 1, maxLength: 600 }).filter((m) => m.length % digestRoundSize(n) !== 0),
    ),
  );
  fc.assert(
    fc.property(arb, ([key, msg]) => {
      assert.deepEqual(omaDigest(key, concatBytes(msg, Uint8Array.of(0))), omaDigest(key, msg));
    }),
    { numRuns: 300 },
  );
});

test("at a block boundary a trailing zero is a new block, so the digest changes (D13 padded to 192 bytes)", () => {
  const full = concatBytes(D12, D13_RESPONSE, new Uint8Array(192 - 126));
  assert.equal(hex(omaDigest(ONES16, full)), "bf d4 eb f2 b7 e0 1f 43");
  assert.notDeepEqual(omaDigest(ONES16, concatBytes(full, Uint8Array.of(0))), omaDigest(ONES16, full));
});

test("property: a change of one message byte always changes the digest (every step is invertible)", () => {
  fc.assert(
    fc.property(
      arbKey,
      fc.uint8Array({ minLength: 1, maxLength: 300 }),
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      (key, msg, at, delta) => {
        const i = at % msg.length;
        const changed = msg.slice();
        changed[i] = ((changed[i] as number) + delta) & 0xff;
        assert.notDeepEqual(omaDigest(key, changed), omaDigest(key, msg));
      },
    ),
    { numRuns: 300 },
  );
});
