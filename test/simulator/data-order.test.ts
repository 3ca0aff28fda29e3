import { test } from "node:test";
import assert from "node:assert/strict";
import { tableCodec } from "../../harness/protocol/table-codecs";
import { tableFormatOf } from "../../harness/protocol/table-format";
import { tableName } from "../../harness/protocol/table-id";
import { BT00, usedTableIds } from "../../harness/protocol/tables/bt00-general-configuration";
import { BT51, decodeActualTimeTou } from "../../harness/protocol/tables/bt51-actual-time-tou";
import { BT54 } from "../../harness/protocol/tables/bt54-calendar";
import { BP10, encodeSetDateTime } from "../../harness/protocol/procedures/bp10-set-date-time";
import { BT07, encodeProcedureInitiate } from "../../harness/protocol/tables/bt07-procedure-initiate";
import { BT08, decodeProcedureResponse } from "../../harness/protocol/tables/bt08-procedure-response";
import { PROCEDURE_RESULT } from "../../harness/protocol/procedures/procedure-result-codes";
import { bt00Of, codeOf, fullWrite, meterOf, tableOf } from "./meter-requests";
import { simulatorPixit } from "../../harness/conformance/target";
import { toHex } from "../../harness/bytes/hex";
import { profileNamed } from "../../harness/simulator/profiles";

/**
 * The msb-first profile is the reference meter with C12.19's other data order: BT00 says so, and
 * every table and procedure keeps to it. Read through its own BT00, each table must mean what the
 * reference meter's does through its own; the bytes of the multi-byte fields must be reversed.
 */
test("BT00 of the msb-first profile declares MSB first; the reference profile's LSB first", () => {
  assert.equal(bt00Of(meterOf("msb-first").meter).dataOrder, "be");
  assert.equal(bt00Of(meterOf("reference").meter).dataOrder, "le");
});

test("every table with a codec decodes, under each meter's own BT00, to the same values on both profiles", () => {
  const lsb = meterOf("reference").meter;
  const msb = meterOf("msb-first").meter;
  const lsbFormat = tableFormatOf(bt00Of(lsb));
  const msbFormat = tableFormatOf(bt00Of(msb));
  const compared: string[] = [];
  const differentBytes: string[] = [];
  for (const id of usedTableIds(lsbFormat.config)) {
    const codec = tableCodec(id);
    if (id === BT00 || codec === null) continue;
    const a = tableOf(lsb, id);
    const b = tableOf(msb, id);
    const da = codec.decode(a, lsbFormat);
    const db = codec.decode(b, msbFormat);
    assert.ok(
      da.ok && db.ok,
      `${tableName(id)} does not decode: ${da.ok ? "" : da.error.message} ${db.ok ? "" : db.error.message}`,
    );
    assert.deepEqual(db.value, da.value, tableName(id));
    compared.push(tableName(id));
    if (Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0) differentBytes.push(tableName(id));
  }
  assert.ok(compared.length >= 20, `only ${compared.join(" ")} compared`);
  // Tables with multi-byte fields holding values other than 0 must show the order in their bytes.
  for (const t of ["BT50", "BT51", "BT70", "ET09", "ET30", "ET55"])
    assert.ok(differentBytes.includes(t), `${t} has the same bytes in both orders`);
});

test("BT51's calendar size, read MSB first, is BT54's length on the msb-first profile", () => {
  const { meter } = meterOf("msb-first");
  const bytes = tableOf(meter, BT51);
  const be = decodeActualTimeTou(bytes, "be");
  const le = decodeActualTimeTou(bytes, "le");
  assert.ok(be.ok && le.ok);
  assert.equal(be.value.calendarTableSize, tableOf(meter, BT54).length);
  assert.notEqual(le.value.calendarTableSize, tableOf(meter, BT54).length);
});

test("a procedure written MSB first runs on the msb-first profile, and one written LSB first is not recognised", () => {
  const { meter } = meterOf("msb-first");
  const qualifier = { dayOfWeek: 0, dst: 0, gmt: 0, timeZoneApplied: 0, dstApplied: 0, dstSupported: 0 };
  const parameters = encodeSetDateTime({
    setTime: true,
    setDate: true,
    setQualifier: false,
    dateTime: { year: 2024, month: 5, day: 1, hour: 12, minute: 0, second: 0 },
    qualifier,
  });
  const write = (order: "le" | "be", sequence: number) =>
    codeOf(
      meter,
      fullWrite(BT07, encodeProcedureInitiate({ procedureId: BP10, selector: 0, sequence, parameters }, order)),
      "provisioning",
    );
  assert.equal(write("be", 1), 0);
  const done = decodeProcedureResponse(tableOf(meter, BT08), "be");
  assert.ok(done.ok);
  assert.deepEqual(
    [done.value.procedureId, done.value.sequence, done.value.resultCode],
    [BP10, 1, PROCEDURE_RESULT.completed],
  );
  assert.equal(write("le", 2), 0);
  const wrong = decodeProcedureResponse(tableOf(meter, BT08), "be");
  assert.ok(wrong.ok);
  assert.notEqual(
    wrong.value.resultCode,
    PROCEDURE_RESULT.completed,
    "BP10 read LSB first is procedure 0x0a00, which the meter has not",
  );
});

test("bt00-data-order-lies: BT00 declares the other order than the one the tables keep", () => {
  const lying = meterOf("reference", ["bt00-data-order-lies"]).meter;
  assert.equal(bt00Of(lying).dataOrder, "be");
  assert.deepEqual(tableOf(lying, BT51), tableOf(meterOf("reference").meter, BT51), "the tables stay LSB first");
  assert.equal(bt00Of(meterOf("msb-first", ["bt00-data-order-lies"]).meter).dataOrder, "le");
});

test("the simulator's PIXIT gives BT00.0's hard-coded value (6.5) as each profile's meter declares it", () => {
  // A.1's FORMAT_CONTROL_1: bit 0 the data order (1 = MSB first), bits 1..3 the character format (1 = ASCII).
  for (const [profile, byte0] of [
    ["reference", "02"],
    ["msb-first", "03"],
  ] as const) {
    assert.equal(toHex(tableOf(meterOf(profile).meter, BT00).subarray(0, 1)), byte0, profile);
    const values = simulatorPixit(profileNamed(profile)).vci.values;
    assert.deepEqual(
      values.filter((v) => v.startsWith("BT00.")),
      [`BT00.0=${byte0}`],
      profile,
    );
  }
});
