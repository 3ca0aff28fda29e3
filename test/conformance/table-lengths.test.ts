import { test } from "node:test";
import assert from "node:assert/strict";
import { tableLength, type LengthSource } from "../../harness/conformance/table-lengths";
import { tableFormatOf, type TableFormat } from "../../harness/protocol/table-format";
import { parseTableName, tableName } from "../../harness/protocol/table-id";
import { usedTableIds } from "../../harness/protocol/tables/bt00-general-configuration";
import { bt00Of, meterOf, NO_LIMIT, serve, fullRead, partialRead } from "../simulator/meter-requests";
import { decodeReadResponse } from "../../harness/protocol/table-responses";
import { C1218_TABLE_CODEC } from "../../harness/protocol/table-requests";
import { unwrap } from "../../harness/bytes/decoded";
import { configDeclaring } from "../support/fake-table-device";

/** Dimension tables given by hand; every other table is not there. */
function source(tables: Record<string, number[]>): LengthSource & { asked: string[] } {
  const asked: string[] = [];
  const bytesOf = (id: number) => {
    asked.push(tableName(id));
    const t = tables[tableName(id)];
    return t === undefined ? null : Uint8Array.from(t);
  };
  return {
    asked,
    table: (id) => Promise.resolve(bytesOf(id)),
    head: (id, count) => Promise.resolve(bytesOf(id)?.subarray(0, count) ?? null),
  };
}

function format(...declared: string[]): TableFormat {
  return tableFormatOf(configDeclaring(declared));
}

const length = (name: string, f: TableFormat, s: LengthSource) => tableLength(parseTableName(name), f, s);

test("the billing tables' lengths from BT21 (C12.19's layouts, worked out by hand)", async () => {
  // functions1 0x02: date and time of demands; functions2 0x02: self-read sequence numbers; 3 self
  // reads, 2 summations, 1 demand, no coincidents, 1 occurrence, 1 tier.
  const s = source({ BT21: [0x02, 0x02, 3, 2, 1, 0, 1, 1, 0, 0] });
  const f = format("BT21", "BT23", "BT24", "BT26");
  // A data block: 2 summations x 4, plus the demand (a 5-byte STIME_DATE and a 4-byte value) = 17;
  // BT23: the total and one tier = 34.
  assert.deepEqual(await length("BT23", f, s), { length: 34, from: "BT21", provisional: false });
  // BT24: its STIME_DATE (5) and BT23's record.
  assert.equal((await length("BT24", f, s))?.length, 39);
  // BT26: the 6-byte list header, then 3 entries of a sequence number (2) and BT24's record.
  assert.equal((await length("BT26", f, s))?.length, 6 + 3 * (2 + 39));
});

test("BT07's and BT08's lengths from BT00's parameter and response sizes", async () => {
  // configDeclaring: MAX_PROC_PARM_LENGTH 16, MAX_RESP_DATA_LEN 8.
  const f = format("BT07", "BT08");
  // BT07: procedure (2), sequence number (1), parameters; BT08: procedure, sequence number, result code (1), data.
  assert.deepEqual(await length("BT07", f, source({})), { length: 3 + 16, from: "BT00", provisional: false });
  assert.equal((await length("BT08", f, source({})))?.length, 4 + 8);
});

test("the history log's length from BT71", async () => {
  // flags 0x07: event number, date and time, sequence number; 4-byte arguments; 10 entries (LSB first).
  const s = source({ BT71: [0x07, 2, 0, 4, 0, 10, 0, 0, 0] });
  // The 11-byte header, then 10 entries of LTIME_DATE (6), event number, sequence, user id, code (2 each),
  // argument (4).
  assert.deepEqual(await length("BT74", format("BT71", "BT74"), s), {
    length: 11 + 10 * 18,
    from: "BT71",
    provisional: false,
  });
});

test("the M-Bus and MEP tables' lengths from ET11, the ones resting on fields of ours said to be provisional", async () => {
  const et11 = [2, 10, 8, 6, 16, 100, 0, 60, 0, 5, 4, 20, 3, 16, 4, 3];
  const s = source({ ET11: et11 });
  const f = format("ET11", "ET13", "ET14", "ET15", "ET16", "ET31", "ET45", "ET74");
  const expected: [string, number, boolean][] = [
    ["ET13", 2 * 10, false],
    ["ET14", 6 + 2 * 8, true],
    ["ET15", 3 * 16, true],
    ["ET16", 2 * 100, false],
    ["ET31", 12 + 4 * (19 + 4 * 2), true],
    ["ET45", 6 + 5 * 60, true],
    ["ET74", 8 + 3 * (14 + 20), true],
  ];
  for (const [name, n, provisional] of expected)
    assert.deepEqual(await length(name, f, s), { length: n, from: "ET11", provisional }, name);
});

test("ET41's length from its own header; ET04's from its layout", async () => {
  // List header (6), capacity 4, 2 demands: entries of sequence (2), STIME_DATE (5), count (1), and per
  // demand a maximum (4), its time (5) and a cumulative value (4).
  const s = source({ ET41: [0, 0, 0, 0, 0, 0, 4, 2, 0xff, 0xff] });
  const f = format("ET41", "ET04");
  assert.deepEqual(await length("ET41", f, s), {
    length: 8 + 4 * (2 + 5 + 1 + 2 * 13),
    from: "its own header",
    provisional: true,
  });
  assert.equal((await length("ET04", f, s))?.length, 128);
});

test("no length without a layout, for a table BT00 does not declare, or when the device withholds the dimensions", async () => {
  const s = source({});
  const f = format("ET52", "BT23", "ET45");
  assert.equal(await length("ET52", f, s), null);
  assert.equal(await length("BT23", f, s), null, "BT21 not given");
  assert.equal(await length("ET45", f, s), null, "ET11 not given");
  const bt21 = source({ BT21: [0, 0, 1, 1, 0, 0, 0, 0, 0, 0] });
  assert.equal(await length("BT26", f, bt21), null, "BT26 not declared");
  assert.deepEqual(bt21.asked, [], "nothing read for a table BT00 does not declare");
});

test("every length the reference meter's tables are given here is the length the meter serves", async () => {
  const { meter } = meterOf();
  const image = (id: number) => {
    const r = unwrap(decodeReadResponse(serve(meter, fullRead(id), "master", NO_LIMIT), C1218_TABLE_CODEC));
    return "data" in r ? r.data : null;
  };
  const f = tableFormatOf(bt00Of(meter));
  const s: LengthSource = {
    table: (id) => Promise.resolve(image(id)),
    head: (id, count) => {
      const r = unwrap(decodeReadResponse(serve(meter, partialRead(id, 0, count)), C1218_TABLE_CODEC));
      return Promise.resolve("data" in r ? r.data : null);
    },
  };
  const known: string[] = [];
  for (const id of usedTableIds(f.config)) {
    const l = await tableLength(id, f, s);
    if (l === null) continue;
    known.push(tableName(id));
    assert.equal(l.length, image(id)?.length, tableName(id));
  }
  for (const t of ["BT07", "BT08", "BT23", "BT26", "BT64", "BT65", "BT74", "ET16", "ET41", "ET45", "ET74"])
    assert.ok(known.includes(t), `${t} among the tables whose length is known: ${known.join(" ")}`);
});
