import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbByteOrder } from "../../../harness/fuzz/arbitraries/data-types";
import { arbProcedureResponse } from "../../../harness/fuzz/arbitraries/tables";
import {
  decodeProcedureResponse,
  encodeProcedureResponse,
  procedureResponseSize,
  type ProcedureResponse,
} from "../../../harness/protocol/tables/bt08-procedure-response";

// BT08 echoes BT07's procedure field and PSN, then the result code and response data.
test("BT08 answering EP17 PSN 7 with result 1 (incomplete)", () => {
  const bytes = parseHex("11 08 07 01 00 00");
  const v: ProcedureResponse = {
    procedureId: 2065,
    selector: 0,
    sequence: 7,
    resultCode: 1,
    responseData: parseHex("00 00"),
  };
  assert.deepEqual(decodeProcedureResponse(bytes, "le"), { ok: true, value: v });
  assert.deepEqual(encodeProcedureResponse(v, "le"), bytes);
  assert.equal(procedureResponseSize(12), 16);
});

test("a BT08 without its result code is truncated", () => {
  const d = decodeProcedureResponse(parseHex("11 08 07"), "le");
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_TRUNCATED");
  assert.equal(!d.ok && d.error.offset, 3);
  assert.equal(!d.ok && d.error.path, "BT08.resultCode");
});

test("BT08 round-trips in both orders", () => {
  fc.assert(
    fc.property(arbProcedureResponse, arbByteOrder, (v, order) => {
      const bytes = encodeProcedureResponse(v, order);
      assert.equal(bytes.length, procedureResponseSize(v.responseData.length));
      assert.deepEqual(decodeProcedureResponse(bytes, order), { ok: true, value: v });
    }),
    { numRuns: 500 },
  );
});
