import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbByteOrder } from "../../../harness/fuzz/arbitraries/data-types";
import { arbProcedureInitiate } from "../../../harness/fuzz/arbitraries/tables";
import {
  decodeProcedureInitiate,
  encodeProcedureInitiate,
  type ProcedureInitiate,
} from "../../../harness/protocol/tables/bt07-procedure-initiate";

// MEP worked example (9.13): EP17 remove MEP device, handle 0x03F8.
const EP17_BYTES = parseHex("11 08 07 00 f8 03");

test("MEP example: BT07 = procedure 0x0811 (EP17) LSB first, PSN 7, parameters 00 f8 03", () => {
  const d = decodeProcedureInitiate(EP17_BYTES, "le");
  assert.ok(d.ok);
  assert.equal(d.value.procedureId, 0x0811);
  assert.equal(d.value.procedureId, 2048 + 17);
  assert.equal(d.value.selector, 0);
  assert.equal(d.value.sequence, 7);
  assert.deepEqual(d.value.parameters, parseHex("00 f8 03"));
  const v: ProcedureInitiate = { procedureId: 2065, selector: 0, sequence: 7, parameters: parseHex("00 f8 03") };
  assert.deepEqual(encodeProcedureInitiate(v, "le"), EP17_BYTES);
  assert.deepEqual(encodeProcedureInitiate(v, "be"), parseHex("08 11 07 00 f8 03"));
});

test("the response selector is bits 12..15 of the procedure field", () => {
  // BP10 (0x00a) with selector 3: 0x300a, LSB first.
  const d = decodeProcedureInitiate(parseHex("0a 30 01"), "le");
  assert.deepEqual(d, {
    ok: true,
    value: { procedureId: 10, selector: 3, sequence: 1, parameters: new Uint8Array(0) },
  });
  assert.throws(
    () => encodeProcedureInitiate({ procedureId: 4096, selector: 0, sequence: 0, parameters: new Uint8Array(0) }, "le"),
    /OSGP_ERR_ENCODE_RANGE/,
  );
  assert.throws(
    () => encodeProcedureInitiate({ procedureId: 0, selector: 16, sequence: 0, parameters: new Uint8Array(0) }, "le"),
    /OSGP_ERR_ENCODE_RANGE/,
  );
});

test("fewer than three bytes is truncated", () => {
  const d = decodeProcedureInitiate(parseHex("11 08"), "le");
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_TRUNCATED");
  assert.equal(!d.ok && d.error.path, "BT07.sequence");
});

test("BT07 round-trips in both orders", () => {
  fc.assert(
    fc.property(arbProcedureInitiate, arbByteOrder, (v, order) => {
      assert.deepEqual(decodeProcedureInitiate(encodeProcedureInitiate(v, order), order), { ok: true, value: v });
    }),
    { numRuns: 500 },
  );
});
