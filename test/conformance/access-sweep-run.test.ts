import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeAccessSweep, type SweepItem, type SweepPlan } from "../../harness/conformance/access-sweep";
import { runAccessSweep } from "../../harness/conformance/access-sweep-run";
import { parseTableName } from "../../harness/protocol/table-id";
import type { TableClient } from "../../harness/session/table-client";
import { iarTableDevice } from "../support/iar-table-device";

/**
 * The sweep's reads against a made-up device whose tables are given by hand: one empty (ET60, no
 * layout this project knows) and one with data. Like a C12.19 device, it answers iar to a read past a
 * table's end, and refuses ET61 to everyone (isc).
 */
const ok = 0x00;
const isc = 0x03;
const iar = 0x05;
const EMPTY = parseTableName("ET60");
const FULL = parseTableName("ET61");
const DATA = parseTableName("ET62");

function device(): TableClient & { readonly requests: string[] } {
  const tables = new Map<number, Uint8Array>([
    [EMPTY, new Uint8Array(0)],
    [DATA, Uint8Array.of(1, 2, 3)],
  ]);
  return iarTableDevice(tables, { absent: isc, writes: isc });
}

const read = (tableId: number, granted: boolean, whole?: true): SweepItem => ({
  subject: `table ${tableId}`,
  operation: "read",
  tableId,
  granted,
  codes: granted ? [ok] : [isc],
  rule: granted ? "may read it" : "may not read it",
  ...(whole === undefined ? {} : { whole }),
});

const planOf = (items: SweepItem[]): SweepPlan => ({
  role: "master",
  label: "the master key (MK)",
  rights: "master",
  logon: { kind: "key", key: "master" },
  items,
  notWritten: [],
});

const run = (s: TableClient, plan: SweepPlan) =>
  runAccessSweep(s, plan, { securityCode: null, masterContent: "none", procedureImage: () => new Uint8Array(0) });

test("a granted byte answered iar: a full read that serves no data shows an empty table, and the read granted", async () => {
  const s = device();
  const plan = planOf([read(EMPTY, true)]);
  const { outcomes } = await run(s, plan);
  assert.deepEqual(s.requests, [`partial ${EMPTY} 0 1`, `full ${EMPTY}`]);
  assert.deepEqual(outcomes, [
    { code: ok, note: "one byte was answered iar, and a full read served 0 bytes: the table is empty" },
  ]);
  const j = judgeAccessSweep(plan, outcomes);
  assert.deepEqual(j.violations, []);
  assert.match(j.table, /got ok \(0x00\) \(one byte was answered iar, and a full read served 0 bytes/);
});

test("iar stays the answer when the table is not empty, when the read is refused, and when the table is read whole", async () => {
  // ET62 has data: a device answering iar to its first byte is judged on that iar (here: the full read serves it).
  const withData = device();
  const tooShort: TableClient = { ...withData, readPartial: () => Promise.resolve({ code: iar }) };
  const a = await run(tooShort, planOf([read(DATA, true)]));
  assert.deepEqual(a.outcomes, [{ code: iar }]);
  assert.equal(judgeAccessSweep(planOf([read(DATA, true)]), a.outcomes).violations.length, 1);
  // A refusal is never looked into further.
  const refused = device();
  const iarRefusal: TableClient = { ...refused, readPartial: () => Promise.resolve({ code: iar }) };
  const b = await run(iarRefusal, planOf([read(FULL, false)]));
  assert.deepEqual(b.outcomes, [{ code: iar }]);
  assert.equal(judgeAccessSweep(planOf([read(FULL, false)]), b.outcomes).violations.length, 1);
  // An empty table the plan knows of is read whole, once.
  const whole = device();
  const c = await run(whole, planOf([read(EMPTY, true, true)]));
  assert.deepEqual(whole.requests, [`full ${EMPTY}`]);
  assert.deepEqual(c.outcomes, [{ code: ok }]);
});
