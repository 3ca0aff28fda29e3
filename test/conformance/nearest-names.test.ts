import { test } from "node:test";
import assert from "node:assert/strict";
import { editDistance, nearestNames, orList } from "../../harness/conformance/nearest-names";

test("edit distance counts insertions, deletions, substitutions and swaps of neighbours", () => {
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("spede", "speed"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("retry", "retries"), 3);
  assert.equal(editDistance("same", "same"), 0);
});

test("the nearest names: typos, another form of the word, a right word in the wrong group; ties only", () => {
  const known = [
    "link",
    "link.retries",
    "link.identity",
    "mep",
    "mep.retries",
    "clock",
    "clock.toleranceSeconds",
    "clock.speed",
  ];
  assert.deepEqual(nearestNames("link.retry", known), ["link.retries"]);
  assert.deepEqual(nearestNames("Link.Retries", known), ["link.retries"]);
  assert.deepEqual(nearestNames("clock.tolerance", known), ["clock.toleranceSeconds"]);
  assert.deepEqual(nearestNames("clock.retries", known), ["link.retries", "mep.retries"]);
  assert.deepEqual(nearestNames("clock.spede", known), ["clock.speed"]);
  assert.deepEqual(nearestNames("billing", known), []);
  assert.deepEqual(nearestNames("clock.retries", known, 1), ["link.retries"]);
  assert.deepEqual(nearestNames("clock.tolerant", known), ["clock.toleranceSeconds"]);
  assert.deepEqual(nearestNames("link.retr", known), ["link.retries"]);
});

test("names are listed the way a sentence lists them", () => {
  assert.equal(orList([]), "");
  assert.equal(orList(["a"]), "a");
  assert.equal(orList(["a", "b"]), "a or b");
  assert.equal(orList(["a", "b", "c"]), "a, b or c");
});
