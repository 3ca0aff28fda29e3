import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ConfigError } from "../../harness/errors";
import { parseTableName, tableIdOf, tableName, tableRefOf } from "../../harness/protocol/table-id";

// Ids from the OSGP references (6.3, 6.7): ETn = 2048 + n, pending = 4096 + id.
test("table ids of 6.3/6.7", () => {
  assert.equal(tableIdOf({ kind: "extended", number: 3, pending: false }), 2051);
  assert.equal(tableIdOf({ kind: "extended", number: 3, pending: false }), 0x0803);
  assert.equal(tableIdOf({ kind: "basic", number: 54, pending: true }), 4150);
  assert.equal(tableIdOf({ kind: "extended", number: 47, pending: true }), 6191);
  assert.deepEqual(tableRefOf(6191), { kind: "extended", number: 47, pending: true });
  assert.deepEqual(tableRefOf(52), { kind: "basic", number: 52, pending: false });
});

test("tableName prints BT/ET with two digits, pending tables, and ids outside the numbering", () => {
  assert.equal(tableName(2051), "ET03");
  assert.equal(tableName(1), "BT01");
  assert.equal(tableName(52), "BT52");
  assert.equal(tableName(4150), "pending BT54");
  assert.equal(tableName(6191), "pending ET47");
  assert.equal(tableName(0x2000), "table 0x2000");
  assert.equal(tableRefOf(-1), null);
  assert.equal(tableRefOf(8192), null);
  assert.equal(tableRefOf(1.5), null);
});

test("parseTableName reads feature-file spellings", () => {
  assert.equal(parseTableName("ET03"), 2051);
  assert.equal(parseTableName("et3"), 2051);
  assert.equal(parseTableName("MT3"), 2051);
  assert.equal(parseTableName("bt52"), 52);
  assert.equal(parseTableName("ST5"), 5);
  assert.equal(parseTableName("pending BT54"), 4150);
  assert.equal(parseTableName("pending ET47"), 6191);
  assert.equal(parseTableName(" 0x0803 "), 2051);
  assert.equal(parseTableName("2051"), 2051);
  for (const bad of ["BT2048", "XT1", "70000", "0x10000", "", "ET"]) {
    assert.throws(
      () => parseTableName(bad),
      (e: unknown) => e instanceof ConfigError && e.code === "OSGP_ERR_USAGE",
      bad,
    );
  }
});

test("parseTableName reads back every name tableName prints", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 8191 }), (id) => {
      assert.equal(parseTableName(tableName(id)), id);
    }),
    { numRuns: 1000 },
  );
});
