import { test } from "node:test";
import assert from "node:assert/strict";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { EncodeError } from "../../harness/errors";
import { encodeSequence, readSequence } from "../../harness/security/sequence-number";

test("4 bytes, MSB first, the whole unsigned 32-bit range (MEP example 77 63 5b 91)", () => {
  assert.equal(toHex(encodeSequence(0x77635b91, "s")), "77 63 5b 91");
  assert.equal(toHex(encodeSequence(0, "s")), "00 00 00 00");
  assert.equal(toHex(encodeSequence(0xffffffff, "s")), "ff ff ff ff");
  assert.equal(readSequence(parseHex("3f 77 63 5b 91"), 1), 0x77635b91);
  assert.equal(readSequence(parseHex("ff ff ff ff"), 0), 0xffffffff);
});

test("anything else is an EncodeError naming the path", () => {
  for (const v of [-1, 2 ** 32, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(
      () => encodeSequence(v, "rc4-psk.sequence"),
      (e: unknown) => e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE" && e.path === "rc4-psk.sequence",
    );
  }
});
