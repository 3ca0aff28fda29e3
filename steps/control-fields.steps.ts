import { Given, Then, When, type DataTable } from "@cucumber/cucumber";
import { expectResponseCode, expectThat, isUndecidingRefusal } from "../harness/conformance/checks";
import {
  controlField,
  fieldData,
  hostPartsRestores,
  readField,
  restoreHostParts,
  type ControlField,
} from "../harness/conformance/control-fields";
import { controlValue, pixitCodes } from "../harness/conformance/control-pixit";
import { readControlTable } from "../harness/conformance/control-tables";
import { valueOf } from "../harness/conformance/checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { describeResponseCode } from "../harness/protocol/response-codes";
import { fieldBytes } from "../harness/protocol/types/uint-fields";
import { tableName } from "../harness/protocol/table-id";
import { inTurn } from "../harness/conformance/bench-restore";
import { benchOf } from "./support/cleanups";
import { kept } from "./support/scenario-state";
import { setUpControlBytes, writeControlBytes } from "./support/table-writes";
import type { OsgpWorld } from "./world";

/**
 * The control tables' fields by name (control-fields.ts): write one, read it back, see a bad value
 * refused. A write step keeps the field's value from before (state.control.fieldBefore).
 */
Given(
  "the control table {table} will be restored after the scenario",
  async function (this: OsgpWorld, tableId: number) {
    const saved = await readControlTable(this.client(), (await this.description()).format, tableId);
    this.cleanups.push({
      what: `restore ${tableName(tableId)}`,
      run: (c) => restoreHostParts(c, tableId, saved),
      restore: inTurn(hostPartsRestores(benchOf(this), tableId, saved)),
    });
  },
);

When(
  "the client writes {int} to the control field {string}",
  async function (this: OsgpWorld, value: number, name: string) {
    const f = controlField(name);
    const { order } = (await this.description()).format;
    this.state.control.fieldBefore = await readField(this.client(), f, order);
    await writeControlBytes(this, f.tableId, f.place.offset, fieldData(f, value, order));
  },
);

Given("the control field {string} is set to {int}", async function (this: OsgpWorld, name: string, value: number) {
  const f = controlField(name);
  const data = fieldData(f, value, (await this.description()).format.order);
  await setUpControlBytes(this, f.tableId, f.place.offset, data, `${name} = ${value}`);
});

Then("the control field {string} reads {int}", async function (this: OsgpWorld, name: string, value: number) {
  const now = await readField(this.client(), controlField(name), (await this.description()).format.order);
  expectThat(now === value, `${name} reads ${now} after ${value} was written`);
});

Then(
  "the control field {string} still reads what it held before the write",
  async function (this: OsgpWorld, name: string) {
    const before = kept(this.state.control.fieldBefore, "field value before the write");
    const now = await readField(this.client(), controlField(name), (await this.description()).format.order);
    expectThat(now === before, `${name} held ${before} before the refused write; it reads ${now}`);
  },
);

Then(
  "the control write is refused with one of the PIXIT's {pixitList} codes",
  function (this: OsgpWorld, path: string) {
    const x = valueOf(this.exchange, "write response");
    expectResponseCode(
      x.response[0] ?? -1,
      pixitCodes(this.pixit, path),
      `the write (PIXIT ${path})`,
      this.exchangeEvidence(x),
    );
  },
);

/** A row's judgement: a breach, a refusal that decides nothing (checks.ts, isUndecidingRefusal), or null. */
type RowVerdict = string | { readonly undecided: string } | null;

/** Writes each row's value into its field: every problem found, for one verdict over the whole table. */
async function writeRows(
  world: OsgpWorld,
  rows: readonly Record<string, string>[],
  judge: (f: ControlField, value: number, code: number, before: number, after: number) => RowVerdict,
): Promise<void> {
  const { order } = (await world.description()).format;
  const problems: string[] = [];
  const undecided: string[] = [];
  const unfit: string[] = [];
  for (const row of rows) {
    const f = controlField(row.field ?? "");
    const value = controlValue(world.pixit, row.value ?? "");
    const named = /^\s*\d+\s*$/.test(row.value ?? "") ? `${value}` : `${value} (${row.value})`;
    // A limit the lab states at the edge of the field leaves no value past it to write.
    if (fieldBytes(value, { ...f.place, offset: 0 }, order) === null) {
      unfit.push(`${f.name} cannot hold ${named}`);
      continue;
    }
    const before = await readField(world.client(), f, order);
    const r = await world.client().writePartial(f.tableId, f.place.offset, fieldData(f, value, order));
    const verdict = judge(f, value, r.code, before, await readField(world.client(), f, order));
    if (typeof verdict === "string") problems.push(`${f.name} = ${named}: ${verdict}`);
    else if (verdict !== null) undecided.push(`${f.name} = ${named}: ${verdict.undecided}`);
  }
  if (unfit.length > 0) await world.attach(`not written: ${unfit.join("; ")}`);
  if (unfit.length === rows.length) throw new Inconclusive(`no value of the table fits its field: ${unfit.join("; ")}`);
  expectThat(problems.length === 0, problems.join("\n"));
  if (undecided.length > 0) throw new Inconclusive(`not judged: ${undecided.join("; ")}`);
}

Then("each of these control field values is kept:", async function (this: OsgpWorld, table: DataTable) {
  await writeRows(this, table.hashes(), (_f, value, code, _before, after) =>
    code !== 0
      ? isUndecidingRefusal(code)
        ? { undecided: `the write was answered ${describeResponseCode(code)}, which does not say the value is refused` }
        : `the write was answered ${describeResponseCode(code)}`
      : after !== value
        ? `the field reads ${after} after the write`
        : null,
  );
});

Then(
  "each of these control field values is refused with one of the PIXIT's {pixitList} codes, leaving the field as it was:",
  async function (this: OsgpWorld, path: string, table: DataTable) {
    const allowed = pixitCodes(this.pixit, path);
    await writeRows(this, table.hashes(), (_f, _value, code, before, after) =>
      !allowed.includes(code)
        ? `the write was answered ${describeResponseCode(code)}; allowed (PIXIT ${path}): ${allowed.map(describeResponseCode).join(" or ")}`
        : after !== before
          ? `the refused write changed the field from ${before} to ${after}`
          : null,
    );
  },
);
