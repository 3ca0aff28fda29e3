import { Then, When } from "@cucumber/cucumber";
import { readClockState, readTouSetup } from "../harness/conformance/calendar-checks";
import { calendarContentProblems } from "../harness/conformance/calendar-checks";
import { codesNamed, expectThat, refusalVerdict, valueOf } from "../harness/conformance/checks";
import { readDeviceClock } from "../harness/conformance/device-clock";
import { readPendingStatus } from "../harness/conformance/pending-checks";
import { raiseFindings, sweepExtendedTableIds, type SweepFindings } from "../harness/conformance/table-sweeps";
import {
  pixitFields,
  sweepFieldValues,
  sweepHostFields,
  sweepProtectedFields,
} from "../harness/conformance/vci-checks";
import { parseFieldReference, referencedValue, type FieldReference } from "../harness/conformance/vci-field-references";
import { Inconclusive } from "../harness/conformance/verdicts";
import { toHex } from "../harness/bytes/hex";
import { encodeClockDelta } from "../harness/protocol/procedures/ep16-clock-delta";
import { parseProcedureName } from "../harness/protocol/procedure-id";
import { describeResponseCode } from "../harness/protocol/response-codes";
import { dataOrderName, type TableFormat } from "../harness/protocol/table-format";
import { PENDING_BASE, parseTableName, tableName } from "../harness/protocol/table-id";
import type { GeneralConfiguration } from "../harness/protocol/tables/bt00-general-configuration";
import { BT08 } from "../harness/protocol/tables/bt08-procedure-response";
import { readProcedureField } from "../harness/protocol/tables/bt07-procedure-initiate";
import { ByteReader } from "../harness/bytes/cursor";
import { lTimeDateToEpochMs } from "../harness/protocol/types/time-types";
import { run } from "./support/procedure-runs";
import type { OsgpWorld } from "./world";

/** 6.1, 6.2 and 6.4-6.7: the device's tables read with the types and conventions of clause 6. */
async function config(world: OsgpWorld): Promise<GeneralConfiguration> {
  return (await world.description()).config;
}

async function format(world: OsgpWorld): Promise<TableFormat> {
  return (await world.description()).format;
}

Then(
  "BT08 gives the number of the procedure just run in the data order BT00 declares",
  async function (this: OsgpWorld) {
    const id = this.state.procedure.call?.procedureId;
    if (id === undefined) throw new Inconclusive("no procedure was run");
    const { order } = await format(this);
    const r = await this.client().readPartial(BT08, 0, 2);
    if (!("data" in r)) throw new Inconclusive(`BT08 could not be read: ${describeResponseCode(r.code)}`);
    // BT08's procedure field is table data (9.13), so in the order BT00 declares (6.1); whether that
    // order is OSGP's is A.1's to judge, from BT00 itself.
    const field = readProcedureField(new ByteReader(r.data, "BT08"), order).procedureId;
    expectThat(
      field === id,
      `BT08 starts with ${toHex(r.data)}: procedure ${field} read ${dataOrderName(order)}, as BT00 declares; the procedure just run is ${id}`,
      [this.evidence("BT08", r.data)],
    );
  },
);

Then(
  "BT51's calendar size, read in the data order BT00 declares, is the length of BT54",
  async function (this: OsgpWorld) {
    await readTouSetup(this.client(), await format(this));
  },
);

Then("BT52's clock is a valid LTIME_DATE", async function (this: OsgpWorld) {
  await readDeviceClock(this.client());
});

Then("BT55's clock is a valid LTIME_DATE within 15 hours of BT52's", async function (this: OsgpWorld) {
  const utc = await readDeviceClock(this.client());
  const { state, bytes } = await readClockState(this.client(), (await format(this)).order);
  expectThat(state.clock !== null, "BT55's clock is the all-zero date", [this.evidence("BT55", bytes)]);
  const hours = (lTimeDateToEpochMs(state.clock as NonNullable<typeof state.clock>) - utc.epochMs) / 3_600_000;
  expectThat(
    Math.abs(hours) <= 15,
    `BT55's local clock is ${hours.toFixed(1)} h from BT52's UTC clock; no time zone and DST are that far apart`,
    [this.evidence("BT55", bytes)],
  );
});

Then("BT54's dates are valid ANSI_DATE and RDATE values", async function (this: OsgpWorld) {
  const setup = await readTouSetup(this.client(), await format(this));
  const problems = calendarContentProblems(setup.calendar, setup.dims);
  expectThat(problems.length === 0, `BT54's dates are not valid:\n  ${problems.join("\n  ")}`, [
    this.evidence("BT54", setup.bt54),
  ]);
});

Then("BT04's times decode as STIME_DATE and its records as PEDs", async function (this: OsgpWorld) {
  await readPendingStatus(this.client(), await format(this));
});

/**
 * Sweeps the fields of a PIXIT list: inconclusive when the list is empty (nothing to try); a field in a
 * table the device does not declare is undecided, beside the sweep's own findings.
 */
async function sweepPixitFields(
  world: OsgpWorld,
  texts: readonly string[],
  item: string,
  sweep: (fields: FieldReference[]) => Promise<SweepFindings>,
  rule: string,
): Promise<void> {
  if (texts.length === 0) throw new Inconclusive(`PIXIT ${item} is empty: list the device's fields to try`);
  const { fields, undeclared } = pixitFields(texts, item, await config(world));
  const found = await sweep(fields);
  raiseFindings({ violations: found.violations, undecided: [...undeclared, ...found.undecided] }, rule);
}

Then(
  "a write changing any of the PIXIT's {word} fields is refused with one of the PIXIT's VCI codes and changes nothing",
  async function (this: OsgpWorld, kind: string) {
    const lists: Record<string, readonly string[]> = {
      fixed: this.pixit.vci.fixed,
      "meter-controlled": this.pixit.vci.meter,
    };
    const texts = lists[kind];
    if (texts === undefined) throw new Inconclusive(`"${kind}" is not fixed or meter-controlled`);
    const refused = codesNamed(this.pixit.vci.refusedCodes, "vci.refusedCodes");
    return sweepPixitFields(
      this,
      texts,
      `vci.${kind === "fixed" ? "fixed" : "meter"}`,
      (f) => sweepProtectedFields(this.client(), f, refused, kind === "fixed" ? "F" : "M"),
      `6.4: ${kind} fields are not the host's to change`,
    );
  },
);

Then("a write of its own value into each of the PIXIT's host fields is accepted", async function (this: OsgpWorld) {
  return sweepPixitFields(
    this,
    this.pixit.vci.host,
    "vci.host",
    (f) => sweepHostFields(this.client(), f),
    "6.4: host-controlled fields take the host's writes",
  );
});

Then("each of the PIXIT's fields with a hard-coded value holds it", async function (this: OsgpWorld) {
  return sweepPixitFields(
    this,
    this.pixit.vci.values,
    "vci.values",
    (f) => sweepFieldValues(this.client(), f),
    "6.5: a fixed field holds its hard-coded value",
  );
});

async function fieldValue(world: OsgpWorld, text: string): Promise<number> {
  const ref = parseFieldReference(text, "the scenario's field");
  const r = await world.client().readPartial(ref.tableId, ref.offset, 1);
  if (!("data" in r))
    throw new Inconclusive(`${tableName(ref.tableId)} could not be read: ${describeResponseCode(r.code)}`);
  return referencedValue(ref, r.data);
}

Then("the field {string} holds BT00's data order bit", async function (this: OsgpWorld, text: string) {
  const { order } = await format(this);
  // FORMAT_CONTROL_1 bit 0 (A.1): 0 for LSB first, 1 for MSB first.
  const expected = order === "le" ? 0 : 1;
  const v = await fieldValue(this, text);
  expectThat(
    v === expected,
    `the field ${text} (6.6: table, byte offset, bit) reads ${v}; BT00, decoded from the whole table, says ${dataOrderName(order)} (${expected})`,
  );
});

Then("the field {string} holds BT00's {word}", async function (this: OsgpWorld, text: string, name: string) {
  const c = await config(this);
  const expected = (c as unknown as Record<string, unknown>)[name];
  if (typeof expected !== "number") throw new Inconclusive(`BT00 has no numeric field ${name}`);
  const v = await fieldValue(this, text);
  expectThat(
    v === expected,
    `the field ${text} reads ${v}; BT00's ${name}, decoded from the whole table, is ${expected}`,
  );
});

Then(
  "every extended table BT00 declares answers at 2048 plus its number, and not at its number alone",
  async function (this: OsgpWorld) {
    const clearance = codesNamed(
      [...this.pixit.expect.insufficientKey, ...this.pixit.expect.hardwareLock],
      "expect.insufficientKey/hardwareLock",
    );
    raiseFindings(
      await sweepExtendedTableIds(this.client(), await config(this), clearance),
      "6.7: ETn is table 2048 + n",
    );
  },
);

Then("the pending table answers at 4096 plus its id with a PED before its content", async function (this: OsgpWorld) {
  const id = parseTableName(this.pixit.pending.table);
  const own = await this.client().readFull(id);
  const pending = await this.client().readFull(PENDING_BASE + id);
  if (!("data" in own)) throw new Inconclusive(`${tableName(id)} could not be read: ${describeResponseCode(own.code)}`);
  if (!("data" in pending))
    throw refusalVerdict(pending.code, `a read of ${PENDING_BASE + id} (${tableName(PENDING_BASE + id)})`);
  const n = pending.data.length;
  expectThat(
    n === own.data.length + 6,
    `${tableName(PENDING_BASE + id)} is ${n} bytes; a 6-byte PED and ${tableName(id)}'s ${own.data.length} bytes make ${own.data.length + 6}`,
  );
});

/** After the 8.3.2 PICS gate and the check that BT00 declares the PIXIT's procedure (clock.steps.ts). */
When("the client runs the PIXIT's delta procedure with a delta of 0 seconds", async function (this: OsgpWorld) {
  const name = this.pixit.clock.deltaProcedure;
  if (name === null)
    throw new Inconclusive("PIXIT clock.deltaProcedure is null, so the manufacturer procedure to run is unknown");
  await run(this, parseProcedureName(name), encodeClockDelta({ deltaSeconds: 0 }, (await format(this)).order));
  valueOf(this.procedure, "procedure outcome");
});
