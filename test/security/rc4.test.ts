import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import fc from "fast-check";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { EncodeError } from "../../harness/errors";
import { Rc4 } from "../../harness/security/rc4";

/**
 * RFC 6229 (Test Vectors for the Stream Cipher RC4), section 2: keystream bytes at 18 offsets for
 * keys of several lengths. Transcribed from the RFC's tables as reproduced in two independent test
 * suites (RustCrypto rc4/tests, pycryptodome SelfTest/Cipher/test_ARC4.py), which agree.
 */
const OFFSETS = [
  0, 16, 240, 256, 496, 512, 752, 768, 1008, 1024, 1520, 1536, 2032, 2048, 3056, 3072, 4080, 4096,
] as const;

const RFC6229: readonly { key: string; stream: readonly string[] }[] = [
  {
    key: "01 02 03 04 05",
    stream: [
      "b2 39 63 05 f0 3d c0 27 cc c3 52 4a 0a 11 18 a8",
      "69 82 94 4f 18 fc 82 d5 89 c4 03 a4 7a 0d 09 19",
      "28 cb 11 32 c9 6c e2 86 42 1d ca ad b8 b6 9e ae",
      "1c fc f6 2b 03 ed db 64 1d 77 df cf 7f 8d 8c 93",
      "42 b7 d0 cd d9 18 a8 a3 3d d5 17 81 c8 1f 40 41",
      "64 59 84 44 32 a7 da 92 3c fb 3e b4 98 06 61 f6",
      "ec 10 32 7b de 2b ee fd 18 f9 27 76 80 45 7e 22",
      "eb 62 63 8d 4f 0b a1 fe 9f ca 20 e0 5b f8 ff 2b",
      "45 12 90 48 e6 a0 ed 0b 56 b4 90 33 8f 07 8d a5",
      "30 ab bc c7 c2 0b 01 60 9f 23 ee 2d 5f 6b b7 df",
      "32 94 f7 44 d8 f9 79 05 07 e7 0f 62 e5 bb ce ea",
      "d8 72 9d b4 18 82 25 9b ee 4f 82 53 25 f5 a1 30",
      "1e b1 4a 0c 13 b3 bf 47 fa 2a 0b a9 3a d4 5b 8b",
      "cc 58 2f 8b a9 f2 65 e2 b1 be 91 12 e9 75 d2 d7",
      "f2 e3 0f 9b d1 02 ec bf 75 aa ad e9 bc 35 c4 3c",
      "ec 0e 11 c4 79 dc 32 9d c8 da 79 68 fe 96 56 81",
      "06 83 26 a2 11 84 16 d2 1f 9d 04 b2 cd 1c a0 50",
      "ff 25 b5 89 95 99 67 07 e5 1f bd f0 8b 34 d8 75",
    ],
  },
  {
    key: "19 10 83 32 22 77 2a",
    stream: [
      "bc 92 22 db d3 27 4d 8f c6 6d 14 cc bd a6 69 0b",
      "7a e6 27 41 0c 9a 2b e6 93 df 5b b7 48 5a 63 e3",
      "3f 09 31 aa 03 de fb 30 0f 06 01 03 82 6f 2a 64",
      "be aa 9e c8 d5 9b b6 81 29 f3 02 7c 96 36 11 81",
      "74 e0 4d b4 6d 28 64 8d 7d ee 8a 00 64 b0 6c fe",
      "9b 5e 81 c6 2f e0 23 c5 5b e4 2f 87 bb f9 32 b8",
      "ce 17 8f c1 82 6e fe cb c1 82 f5 79 99 a4 61 40",
      "8b df 55 cd 55 06 1c 06 db a6 be 11 de 4a 57 8a",
      "62 6f 5f 4d ce 65 25 01 f3 08 7d 39 c9 2c c3 49",
      "42 da ac 6a 8f 9a b9 a7 fd 13 7c 60 37 82 56 82",
      "cc 03 fd b7 91 92 a2 07 31 2f 53 f5 d4 dc 33 d9",
      "f7 0f 14 12 2a 1c 98 a3 15 5d 28 b8 a0 a8 a4 1d",
      "2a 3a 30 7a b2 70 8a 9c 00 fe 0b 42 f9 c2 d6 a1",
      "86 26 17 62 7d 22 61 ea b0 b1 24 65 97 ca 0a e9",
      "55 f8 77 ce 4f 2e 1d db bf 8e 13 e2 cd e0 fd c8",
      "1b 15 56 cb 93 5f 17 33 37 70 5f bb 5d 50 1f c1",
      "ec d0 e9 66 02 be 7f 8d 50 92 81 6c cc f2 c2 e9",
      "02 78 81 fa b4 99 3a 1c 26 20 24 a9 4f ff 3f 61",
    ],
  },
  {
    key: "01 02 03 04 05 06 07 08",
    stream: [
      "97 ab 8a 1b f0 af b9 61 32 f2 f6 72 58 da 15 a8",
      "82 63 ef db 45 c4 a1 86 84 ef 87 e6 b1 9e 5b 09",
      "96 36 eb c9 84 19 26 f4 f7 d1 f3 62 bd df 6e 18",
      "d0 a9 90 ff 2c 05 fe f5 b9 03 73 c9 ff 4b 87 0a",
      "73 23 9f 1d b7 f4 1d 80 b6 43 c0 c5 25 18 ec 63",
      "16 3b 31 99 23 a6 bd b4 52 7c 62 61 26 70 3c 0f",
      "49 d6 c8 af 0f 97 14 4a 87 df 21 d9 14 72 f9 66",
      "44 17 3a 10 3b 66 16 c5 d5 ad 1c ee 40 c8 63 d0",
      "27 3c 9c 4b 27 f3 22 e4 e7 16 ef 53 a4 7d e7 a4",
      "c6 d0 e7 b2 26 25 9f a9 02 34 90 b2 61 67 ad 1d",
      "1f e8 98 67 13 f0 7c 3d 9a e1 c1 63 ff 8c f9 d3",
      "83 69 e1 a9 65 61 0b e8 87 fb d0 c7 91 62 aa fb",
      "0a 01 27 ab b4 44 84 b9 fb ef 5a bc ae 1b 57 9f",
      "c2 cd ad c6 40 2e 8e e8 66 e1 f3 7b db 47 e4 2c",
      "26 b5 1e a3 7d f8 e1 d6 f7 6f c3 b6 6a 74 29 b3",
      "bc 76 83 20 5d 4f 44 3d c1 f2 9d da 33 15 c8 7b",
      "d5 fa 5a 34 69 d2 9a aa f8 3d 23 58 9d b8 c8 5b",
      "3f b4 6e 2c 8f 0f 06 8e dc e8 cd cd 7d fc 58 62",
    ],
  },
  {
    key: "01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10",
    stream: [
      "9a c7 cc 9a 60 9d 1e f7 b2 93 28 99 cd e4 1b 97",
      "52 48 c4 95 90 14 12 6a 6e 8a 84 f1 1d 1a 9e 1c",
      "06 59 02 e4 b6 20 f6 cc 36 c8 58 9f 66 43 2f 2b",
      "d3 9d 56 6b c6 bc e3 01 07 68 15 15 49 f3 87 3f",
      "b6 d1 e6 c4 a5 e4 77 1c ad 79 53 8d f2 95 fb 11",
      "c6 8c 1d 5c 55 9a 97 41 23 df 1d bc 52 a4 3b 89",
      "c5 ec f8 8d e8 97 fd 57 fe d3 01 70 1b 82 a2 59",
      "ec cb e1 3d e1 fc c9 1c 11 a0 b2 6c 0b c8 fa 4d",
      "e7 a7 25 74 f8 78 2a e2 6a ab cf 9e bc d6 60 65",
      "bd f0 32 4e 60 83 dc c6 d3 ce dd 3c a8 c5 3c 16",
      "b4 01 10 c4 19 0b 56 22 a9 61 16 b0 01 7e d2 97",
      "ff a0 b5 14 64 7e c0 4f 63 06 b8 92 ae 66 11 81",
      "d0 3d 1b c0 3c d3 3d 70 df f9 fa 5d 71 96 3e bd",
      "8a 44 12 64 11 ea a7 8b d5 1e 8d 87 a8 87 9b f5",
      "fa be b7 60 28 ad e2 d0 e4 87 22 e4 6c 46 15 a3",
      "c0 5d 88 ab d5 03 57 f9 35 a6 3c 59 ee 53 76 23",
      "ff 38 26 5c 16 42 c1 ab e8 d3 c2 fe 5e 57 2b f8",
      "a3 6a 4c 30 1a e8 ac 13 61 0c cb c1 22 56 ca cc",
    ],
  },
];

for (const v of RFC6229) {
  test(`RFC 6229: key ${v.key}, 18 offsets from 0 to 4096, in one call`, () => {
    assert.equal(v.stream.length, OFFSETS.length);
    const stream = new Rc4(parseHex(v.key)).keystream(4096 + 16);
    OFFSETS.forEach((offset, i) =>
      assert.equal(toHex(stream.subarray(offset, offset + 16)), v.stream[i], `offset ${offset}`),
    );
  });
}

test("RFC 6229 key 01 02 03 04 05 with the state carried across calls: 16 bytes at each offset, skipping between", () => {
  const v = RFC6229[0];
  assert.ok(v !== undefined);
  const rc4 = new Rc4(parseHex(v.key));
  let at = 0;
  OFFSETS.forEach((offset, i) => {
    rc4.keystream(offset - at);
    assert.equal(toHex(rc4.keystream(16)), v.stream[i], `offset ${offset}`);
    at = offset + 16;
  });
});

test("xor is data XOR keystream, leaves its input alone, and continues the same stream", () => {
  const key = parseHex("01 02 03 04 05");
  const data = parseHex("00 ff 10 20 30 40 50 60 70 80 90 a0");
  const copy = data.slice();
  const rc4 = new Rc4(key);
  const first = rc4.xor(data.subarray(0, 5));
  const rest = rc4.xor(data.subarray(5));
  assert.deepEqual(data, copy);
  // b2 39 63 05 f0 3d c0 27 cc c3 52 4a: RFC 6229's first bytes for this key.
  assert.equal(toHex(first), "b2 c6 73 25 c0");
  assert.equal(toHex(rest), "7d 90 47 bc 43 c2 ea");
});

test("clone continues from the same point, independently of the original", () => {
  const a = new Rc4(parseHex("19 10 83 32 22 77 2a"));
  a.keystream(240);
  const b = a.clone();
  assert.equal(toHex(b.keystream(16)), "3f 09 31 aa 03 de fb 30 0f 06 01 03 82 6f 2a 64");
  assert.equal(toHex(a.keystream(16)), "3f 09 31 aa 03 de fb 30 0f 06 01 03 82 6f 2a 64");
  assert.equal(toHex(b.keystream(16)), "be aa 9e c8 d5 9b b6 81 29 f3 02 7c 96 36 11 81");
});

test("property: any split of the keystream into calls gives the one-call stream", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 32 }),
      fc.array(fc.nat({ max: 100 }), { maxLength: 8 }),
      (key, sizes) => {
        const total = sizes.reduce((a, b) => a + b, 0);
        const whole = new Rc4(key).keystream(total);
        const rc4 = new Rc4(key);
        let at = 0;
        for (const n of sizes) {
          assert.deepEqual(rc4.keystream(n), whole.subarray(at, at + n));
          at += n;
        }
      },
    ),
    { numRuns: 200 },
  );
});

test("key length 1..256, a whole non-negative keystream length; otherwise EncodeError without the key", () => {
  assert.equal(new Rc4(new Uint8Array(256).fill(1)).keystream(4).length, 4);
  assert.equal(new Rc4(Uint8Array.of(1)).keystream(0).length, 0);
  for (const n of [0, 257]) {
    assert.throws(
      () => new Rc4(new Uint8Array(n).fill(0xa7)),
      (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE" && !/a7/i.test(e.message),
    );
  }
  for (const n of [-1, 1.5, Number.NaN]) assert.throws(() => new Rc4(Uint8Array.of(1)).keystream(n), EncodeError);
});

test("an Rc4 prints and serialises without its state", () => {
  const rc4 = new Rc4(parseHex("01 02 03 04 05"));
  for (const shown of [String(rc4), JSON.stringify(rc4), inspect(rc4, { showHidden: true, depth: 10 })]) {
    assert.ok(!/\d+, \d+, \d+/.test(shown) && !/[0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2}/.test(shown), shown);
  }
});
