import { test } from "node:test";
import assert from "node:assert/strict";
import { raiseFindings, sweepDeclaredTablesExist, sweepExtendedTableIds } from "../../harness/conformance/table-sweeps";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { parseTableName } from "../../harness/protocol/table-id";
import type { TableClient } from "../../harness/session/table-client";
import { configDeclaring } from "../support/fake-table-device";
import { iarTableDevice } from "../support/iar-table-device";

/**
 * A.1 and 6.7 against a made-up device: like a C12.19 device it answers iar to a read past a table's
 * end, so an empty table refuses even its first byte, and onp to a table it does not have. `refused`
 * gives the code it answers a partial read of a table with, whatever the table holds.
 */
const { onp, isc, iar, bsy, dnr, dlk } = RESPONSE_CODE;
const id = parseTableName;

function device(
  tables: Record<string, number[]>,
  refused: Record<string, number> = {},
): TableClient & { readonly requests: string[] } {
  const images = new Map(Object.entries(tables).map(([name, bytes]) => [id(name), Uint8Array.from(bytes)]));
  const refusals = new Map(Object.entries(refused).map(([name, code]) => [id(name), code]));
  return iarTableDevice(images, { absent: onp, refusals });
}

const subjects = (items: readonly { subject: string }[]) => items.map((v) => v.subject);

test("A.1: a declared table that is empty answers iar to its first byte, and exists: a full read serves it with 0 bytes", async () => {
  const s = device({ BT01: [1, 2], BT26: [] });
  const f = await sweepDeclaredTablesExist(s, configDeclaring(["BT01", "BT26"]), [isc]);
  assert.deepEqual(f, { violations: [], undecided: [] });
  assert.deepEqual(s.requests, [`partial 1 0 1`, `partial 26 0 1`, `full 26`]);
  raiseFindings(f, "every table BT00 declares must exist");
});

test("A.1: bsy, dnr and dlk leave a declared table undecided, never FAIL; a clearance code passes", async () => {
  const s = device({ BT01: [1], BT21: [1], BT22: [1], BT23: [1] }, { BT01: bsy, BT21: dnr, BT22: dlk, BT23: isc });
  const f = await sweepDeclaredTablesExist(s, configDeclaring(["BT01", "BT21", "BT22", "BT23"]), [isc]);
  assert.deepEqual(f.violations, []);
  assert.deepEqual(subjects(f.undecided), ["BT01", "BT21", "BT22"]);
  assert.throws(() => raiseFindings(f, "every table BT00 declares must exist"), Inconclusive);
});

test("A.1: onp on a declared table, or iar to the first byte of one a full read shows has data, is a violation", async () => {
  // BT05 is declared but absent (onp); BT21 has data, yet its first byte is answered iar.
  const s = device({ BT01: [1], BT21: [4, 5] }, { BT01: bsy, BT21: iar });
  const f = await sweepDeclaredTablesExist(s, configDeclaring(["BT01", "BT05", "BT21"]), [isc]);
  assert.deepEqual(subjects(f.violations), ["BT05", "BT21"]);
  assert.match(
    f.violations[0]?.detail ?? "",
    /declared in BT00, but a read of id 5 \(its first byte\) was answered onp/,
  );
  assert.throws(
    () => raiseFindings(f, "every table BT00 declares must exist"),
    (e: unknown) =>
      e instanceof ConformanceAssertionError &&
      /2 violation\(s\)/.test(e.message) &&
      /could not be decided/.test(e.message),
  );
});

test("6.7: an empty ET answering iar is there at 2048 + n; onp there, or BTn answering for an undeclared id, is a violation", async () => {
  const s = device({ ET60: [], ET62: [7], BT04: [9], ET04: [1] }, { ET62: bsy });
  const f = await sweepExtendedTableIds(s, configDeclaring(["ET04", "ET60", "ET61", "ET62"]), [isc]);
  assert.deepEqual(
    f.violations.map((v) => `${v.subject}: ${v.detail}`),
    [
      "ET04: id 4 (BT4, not declared) is answered as a table too",
      "ET61: declared in BT00, but a read of id 2109 (its first byte) was answered onp (0x04)",
    ],
  );
  assert.deepEqual(subjects(f.undecided), ["ET62"]);
  assert.ok(s.requests.includes(`full ${id("ET60")}`));
});

test("6.7: a BTn that BT00 declares may answer beside ETn", async () => {
  const s = device({ BT04: [9], ET04: [1] });
  assert.deepEqual(await sweepExtendedTableIds(s, configDeclaring(["BT04", "ET04"]), [isc]), {
    violations: [],
    undecided: [],
  });
});
