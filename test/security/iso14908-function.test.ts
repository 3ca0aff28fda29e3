import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { EncodeError } from "../../harness/errors";
import { iso14908Function } from "../../harness/security/iso14908-function";
import { omaDigest } from "../../harness/security/oma-digest";

/**
 * Known answers: each half of the base-encryption-key vectors of digest-vectors.json is one
 * 14908-1 pass, computed there by two independent implementations. The two starting states x0
 * and x1 are the constants of f5aaff/practice (osgp.py).
 */
const h = parseHex;
const X0 = h("81 3f 52 9a 7b e3 89 ba");
const X1 = h("72 b0 91 8d 44 05 aa 57");

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

test("each half of the independent BEK vectors is one 14908-1 pass from x0 or x1", () => {
  assert.equal(BEK.length, 3);
  for (const v of BEK) {
    const omak = h(v.omak);
    assert.equal(
      toHex(iso14908Function(omak.subarray(0, 6), X0), ""),
      v.split_halves.slice(0, 16),
      `${v.id} first half`,
    );
    assert.equal(
      toHex(iso14908Function(omak.subarray(6, 12), X1), ""),
      v.split_halves.slice(16),
      `${v.id} second half, OMAK[6..11]`,
    );
    assert.equal(
      toHex(iso14908Function(omak.subarray(0, 6), X1), ""),
      v.first_half_twice.slice(16),
      `${v.id} second half, OMAK[0..5]`,
    );
  }
});

test("empty data is exactly one 48-step pass over zero bytes, whatever the digest's empty-input PIXIT", () => {
  const key = h("3c 91 07 e2 5d a8");
  const once = iso14908Function(key, X0);
  assert.deepEqual(once, omaDigest(key, new Uint8Array(48), { initialState: X0 }));
  assert.notDeepEqual(once, omaDigest(key, new Uint8Array(96), { initialState: X0 }));
  assert.notDeepEqual(once, X0);
  assert.deepEqual(iso14908Function(key, X0, new Uint8Array(0)), once);
});

test("the state argument is not modified and the key must be 6 bytes, the state 8", () => {
  const state = X1.slice();
  iso14908Function(h("01 02 03 04 05 06"), state);
  assert.deepEqual(state, X1);
  for (const n of [0, 5, 7, 12])
    assert.throws(
      () => iso14908Function(new Uint8Array(n), X0),
      (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE",
    );
  for (const n of [0, 7, 9]) assert.throws(() => iso14908Function(new Uint8Array(6), new Uint8Array(n)), EncodeError);
});

test("property: with data, forward order from the given state (the OMA digest's order; see the module's scope note)", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 6, maxLength: 6 }),
      fc.uint8Array({ minLength: 8, maxLength: 8 }),
      fc.uint8Array({ minLength: 1, maxLength: 120 }),
      (key, state, data) => {
        assert.deepEqual(iso14908Function(key, state, data), omaDigest(key, data, { initialState: state }));
      },
    ),
    { numRuns: 200 },
  );
});
