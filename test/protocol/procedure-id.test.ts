import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ConfigError } from "../../harness/errors";
import { parseProcedureName, procedureName } from "../../harness/protocol/procedure-id";

test("procedure numbers of 6.7: EPn = 2048 + n (EP17 = 2065)", () => {
  assert.equal(procedureName(2065), "EP17");
  assert.equal(procedureName(10), "BP10");
  assert.equal(procedureName(3), "BP03");
  assert.equal(procedureName(4096), "procedure 4096");
  assert.equal(procedureName(-1), "procedure -1");
  assert.equal(parseProcedureName("EP17"), 2065);
  assert.equal(parseProcedureName("ep16"), 2064);
  assert.equal(parseProcedureName("MP17"), 2065);
  assert.equal(parseProcedureName("SP10"), 10);
  assert.equal(parseProcedureName("BP10"), 10);
  assert.equal(parseProcedureName("2065"), 2065);
  for (const bad of ["BP2048", "XP1", "4096", "EP"]) {
    assert.throws(
      () => parseProcedureName(bad),
      (e: unknown) => e instanceof ConfigError && e.code === "OSGP_ERR_USAGE",
      bad,
    );
  }
});

test("parseProcedureName reads back every name procedureName prints", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 4095 }), (id) => {
      assert.equal(parseProcedureName(procedureName(id)), id);
    }),
    { numRuns: 1000 },
  );
});
