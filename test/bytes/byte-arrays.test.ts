import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesEqual, concatBytes, indexOfBytes } from "../../harness/bytes/byte-arrays";

test("concatBytes joins in order", () => {
  assert.deepEqual(concatBytes(Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3)), Uint8Array.of(1, 2, 3));
  assert.deepEqual(concatBytes(), new Uint8Array(0));
});

test("bytesEqual compares length and content", () => {
  assert.equal(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2)), true);
  assert.equal(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3)), false);
  assert.equal(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0)), false);
});

test("indexOfBytes finds a needle, from a start position, and never matches an empty one", () => {
  const hay = Uint8Array.of(9, 1, 2, 9, 1, 2);
  assert.equal(indexOfBytes(hay, Uint8Array.of(1, 2)), 1);
  assert.equal(indexOfBytes(hay, Uint8Array.of(1, 2), 2), 4);
  assert.equal(indexOfBytes(hay, Uint8Array.of(2, 9, 1, 2, 0)), -1);
  assert.equal(indexOfBytes(hay, new Uint8Array(0)), -1);
  assert.equal(indexOfBytes(Uint8Array.of(1), Uint8Array.of(1, 2)), -1);
});
