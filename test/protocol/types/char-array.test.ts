import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteWriter } from "../../../harness/bytes/cursor";
import { decodeWith } from "../../../harness/bytes/decoded";
import { readChars, trimChars, writeChars } from "../../../harness/protocol/types/char-array";

const write = (text: string, length: number, pad?: number) => {
  const w = new ByteWriter("");
  writeChars(w, text, length, "f", pad);
  return w.toBytes();
};

test("writeChars pads with spaces (C12.19) or with the pad byte asked for", () => {
  assert.deepEqual(write("NES", 4), Uint8Array.of(0x4e, 0x45, 0x53, 0x20));
  assert.deepEqual(write("AB", 4, 0x00), Uint8Array.of(0x41, 0x42, 0x00, 0x00));
  assert.throws(() => write("TOOLONG", 4), /OSGP_ERR_ENCODE_RANGE/);
  assert.throws(() => write("\u20ac", 4), /OSGP_ERR_ENCODE_RANGE/);
});

test("readChars keeps every byte, padding included", () => {
  assert.deepEqual(
    decodeWith(Uint8Array.of(0x4e, 0x45, 0x53, 0x20), "", (r) => readChars(r, 4, "f")),
    { ok: true, value: "NES " },
  );
});

test("trimChars cuts at the first NUL, then trailing spaces", () => {
  assert.equal(trimChars("AB  \0xx"), "AB");
  assert.equal(trimChars("A B  "), "A B");
  assert.equal(trimChars("\0AB"), "");
  assert.equal(trimChars("AB"), "AB");
});

test("any byte string survives read then write unchanged", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      const d = decodeWith(bytes, "", (r) => readChars(r, bytes.length, "f"));
      assert.ok(d.ok);
      assert.deepEqual(write(d.value, bytes.length), bytes);
    }),
    { numRuns: 300 },
  );
});
