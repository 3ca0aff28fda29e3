import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteWriter } from "../../../harness/bytes/cursor";
import { decodeWith } from "../../../harness/bytes/decoded";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbByteOrder, arbInteger } from "../../../harness/fuzz/arbitraries/data-types";
import { INTEGER_TYPES, readInteger, writeInteger, type IntegerType } from "../../../harness/protocol/types/integers";

const read = (type: IntegerType, hex: string, order: "le" | "be" = "le") =>
  decodeWith(parseHex(hex), "", (r) => readInteger(r, type, order, "v"));

test("integers of 6.2, LSB first as table data is", () => {
  assert.deepEqual(read("INT16", "fe ff"), { ok: true, value: -2 });
  assert.deepEqual(read("UINT16", "fe ff"), { ok: true, value: 0xfffe });
  assert.deepEqual(read("UINT24", "01 02 03", "be"), { ok: true, value: 0x010203 });
  assert.deepEqual(read("UINT24", "01 02 03"), { ok: true, value: 0x030201 });
  assert.deepEqual(read("INT8", "80"), { ok: true, value: -128 });
  assert.deepEqual(read("INT32", "10 0e 00 00"), { ok: true, value: 3600 });
  assert.deepEqual(read("INT48", "ff ff ff ff ff ff"), { ok: true, value: -1 });
  assert.deepEqual(read("UINT40", "ff ff ff ff ff"), { ok: true, value: 2 ** 40 - 1 });
  assert.deepEqual(read("INT64", "00 00 00 00 00 00 00 80"), { ok: true, value: -(2n ** 63n) });
  assert.deepEqual(read("UINT64", "ff ff ff ff ff ff ff ff"), { ok: true, value: 2n ** 64n - 1n });
  const short = read("INT32", "01 02 03");
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRUNCATED");
});

test("writeInteger refuses values outside the type", () => {
  assert.throws(() => writeInteger(new ByteWriter(""), "INT8", 128, "le", "v"), /OSGP_ERR_ENCODE_RANGE/);
  assert.throws(() => writeInteger(new ByteWriter(""), "UINT16", -1, "le", "v"), /OSGP_ERR_ENCODE_RANGE/);
  assert.throws(() => writeInteger(new ByteWriter(""), "UINT64", -1n, "le", "v"), /OSGP_ERR_ENCODE_RANGE/);
});

test("every integer type round-trips over its whole range, in both orders", () => {
  for (const type of Object.keys(INTEGER_TYPES) as IntegerType[]) {
    fc.assert(
      fc.property(arbInteger(type), arbByteOrder, (value, order) => {
        const w = new ByteWriter("");
        writeInteger(w, type, value, order, "v");
        const bytes = w.toBytes();
        assert.equal(bytes.length, INTEGER_TYPES[type].width);
        assert.deepEqual(
          decodeWith(bytes, "", (r) => readInteger(r, type, order, "v")),
          { ok: true, value },
        );
      }),
      { numRuns: 200 },
    );
  }
});
