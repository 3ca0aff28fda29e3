import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeWith, unwrap } from "../../harness/bytes/decoded";
import { DecodeError } from "../../harness/errors";

test("decodeWith returns the layout's value when it used every byte", () => {
  const d = decodeWith(Uint8Array.of(1, 2), "x", (r) => r.u16be("v"));
  assert.deepEqual(d, { ok: true, value: 0x0102 });
  assert.equal(unwrap(d), 0x0102);
});

test("decodeWith turns short and long inputs into results, not exceptions", () => {
  const short = decodeWith(Uint8Array.of(1), "x", (r) => r.u16be("v"));
  assert.equal(short.ok, false);
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRUNCATED");
  const long = decodeWith(Uint8Array.of(1, 2, 3), "x", (r) => r.u16be("v"));
  assert.equal(!long.ok && long.error.code, "OSGP_ERR_TRAILING_BYTES");
  assert.equal(!long.ok && long.error.offset, 2);
  assert.throws(() => unwrap(long), DecodeError);
});

test("decodeWith lets a non-DecodeError escape, because that is a decoder bug to find", () => {
  assert.throws(
    () =>
      decodeWith(Uint8Array.of(1), "x", () => {
        throw new TypeError("bug");
      }),
    TypeError,
  );
});
