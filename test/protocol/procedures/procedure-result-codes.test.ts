import { test } from "node:test";
import assert from "node:assert/strict";
import {
  describeProcedureResult,
  parseProcedureResult,
  PROCEDURE_RESULT,
  PROCEDURE_RESULTS,
} from "../../../harness/protocol/procedures/procedure-result-codes";

// C12.19 procedure result codes 0..6 (9.13).
test("result codes 0..6", () => {
  assert.deepEqual(
    PROCEDURE_RESULTS.map((r) => r.code),
    [0, 1, 2, 3, 4, 5, 6],
  );
  assert.equal(PROCEDURE_RESULT.completed, 0);
  assert.equal(PROCEDURE_RESULT.incomplete, 1);
  assert.equal(PROCEDURE_RESULT["no-authorization"], 5);
  assert.equal(PROCEDURE_RESULT.unrecognized, 6);
  assert.equal(describeProcedureResult(1), "incomplete (1)");
  assert.equal(describeProcedureResult(200), "manufacturer-defined result 200");
  assert.equal(parseProcedureResult(" Invalid-Parameter "), 2);
  assert.equal(parseProcedureResult("7"), 7);
  assert.equal(parseProcedureResult("256"), null);
  assert.equal(parseProcedureResult("done"), null);
});
