import { Given, Then, When } from "@cucumber/cucumber";
import {
  capture,
  expectBytes,
  expectServed,
  expectThat,
  isBusyRefusal,
  refusalVerdict,
  valueOf,
} from "../harness/conformance/checks";
import { anUndeclaredTable } from "../harness/conformance/table-selection";
import { ConformanceAssertionError, Inconclusive } from "../harness/conformance/verdicts";
import { RESPONSE_CODE } from "../harness/protocol/response-codes";
import { encodeTableRequest } from "../harness/protocol/table-requests";
import { BT00_FIXED_SIZE, generalConfigurationSize } from "../harness/protocol/tables/bt00-general-configuration";
import { parseTableName, tableName } from "../harness/protocol/table-id";
import type { ReadResponse } from "../harness/protocol/table-responses";
import { kept } from "./support/scenario-state";
import { readDataOf, type OsgpWorld } from "./world";

/** The data of the last full read a step made. */
function fullReadData(world: OsgpWorld): Uint8Array {
  return readDataOf(world, valueOf(world.state.tableRead.full ?? null, "full read"));
}

/** Requests in the encoding of the open session's link (with or without the C12.18 checksum). */
function fullRead(world: OsgpWorld, tableId: number): Uint8Array {
  return encodeTableRequest({ service: "full-read", tableId }, world.client().codec);
}

function partialRead(world: OsgpWorld, tableId: number, offset: number, count: number): Uint8Array {
  return encodeTableRequest({ service: "partial-read", tableId, offset, count }, world.client().codec);
}

When("the client reads {table} in full", async function (this: OsgpWorld, tableId: number) {
  await this.exchangeRaw(fullRead(this, tableId));
  this.state.tableRead.full = this.exchange ?? undefined;
});

When(
  "the client reads {int} bytes of {table} from offset {int}",
  async function (this: OsgpWorld, count: number, tableId: number, offset: number) {
    await this.exchangeRaw(partialRead(this, tableId, offset, count));
  },
);

When("the client reads the last byte of {table}", async function (this: OsgpWorld, tableId: number) {
  await this.exchangeRaw(partialRead(this, tableId, fullReadData(this).length - 1, 1));
});

When(
  "the client reads {int} bytes of {table} starting {int} bytes before its end",
  async function (this: OsgpWorld, count: number, tableId: number, back: number) {
    await this.exchangeRaw(partialRead(this, tableId, fullReadData(this).length - back, count));
  },
);

When(
  "the client reads {int} responses' worth of {table} from offset {int}",
  async function (this: OsgpWorld, n: number, tableId: number, offset: number) {
    const client = this.client();
    this.state.tableRead.joined = await capture(() => client.readPartial(tableId, offset, n * client.maxReadChunk));
  },
);

When("the client reads in full a table that BT00 does not declare", async function (this: OsgpWorld) {
  await this.exchangeRaw(fullRead(this, anUndeclaredTable((await this.description()).config)));
});

When(
  "the client reads {int} bytes from offset {int} of a table that BT00 does not declare",
  async function (this: OsgpWorld, count: number, offset: number) {
    await this.exchangeRaw(partialRead(this, anUndeclaredTable((await this.description()).config), offset, count));
  },
);

Given("the PIXIT names a table the reader key may not read", async function (this: OsgpWorld) {
  const name = this.pixit.device.readerDeniedTable;
  if (name === null)
    throw new Inconclusive(
      "the PIXIT names no table the reader key may not read: fill in PIXIT device.readerDeniedTable",
    );
  this.state.tableRead.deniedTable = parseTableName(name);
});

When("the client reads that table in full", async function (this: OsgpWorld) {
  await this.exchangeRaw(fullRead(this, kept(this.state.tableRead.deniedTable, "table the reader key may not read")));
});

Then("the data is as long as BT00's own dimensions give", function (this: OsgpWorld) {
  const x = valueOf(this.exchange, "read response");
  const data = readDataOf(this, x);
  expectThat(
    data.length >= BT00_FIXED_SIZE,
    `BT00 is ${data.length} bytes, shorter than its ${BT00_FIXED_SIZE} fixed bytes`,
    this.exchangeEvidence(x),
  );
  const size = generalConfigurationSize({
    dimStdTablesUsed: data[13] ?? 0,
    dimMfgTablesUsed: data[14] ?? 0,
    dimStdProcUsed: data[15] ?? 0,
    dimMfgProcUsed: data[16] ?? 0,
  });
  expectThat(
    data.length === size,
    `BT00's dimensions give ${size} bytes; the read returned ${data.length}`,
    this.exchangeEvidence(x),
  );
});

Then(
  "the data equals a partial read of {table} from offset 0 to its end",
  async function (this: OsgpWorld, tableId: number) {
    const full = readDataOf(this);
    const partial = await this.client().readPartial(tableId, 0, full.length);
    if (!("data" in partial)) throw refusalVerdict(partial.code, `the partial read of ${tableName(tableId)}`);
    expectBytes(full, partial.data, `full read versus partial read of ${tableName(tableId)}`, [
      this.evidence("full read", full),
    ]);
  },
);

Then(
  "the data equals bytes {int} to {int} + {int} of the full read",
  function (this: OsgpWorld, from: number, from2: number, count: number) {
    if (from !== from2) throw new Inconclusive("the step names two different offsets");
    const expected = fullReadData(this).subarray(from, from + count);
    expectBytes(readDataOf(this), expected, `partial read of ${count} byte(s) at offset ${from}`, [
      this.evidence("full read", fullReadData(this)),
    ]);
  },
);

Then("the data equals the last byte of the full read", function (this: OsgpWorld) {
  const full = fullReadData(this);
  expectBytes(readDataOf(this), full.subarray(full.length - 1), "partial read of the last byte", [
    this.evidence("full read", full),
  ]);
});

Then(
  "the data is the last {int} bytes of the full read followed by {int} zero bytes",
  function (this: OsgpWorld, tail: number, zeros: number) {
    const full = fullReadData(this);
    const expected = new Uint8Array(tail + zeros);
    expected.set(full.subarray(full.length - tail));
    expectBytes(readDataOf(this), expected, "partial read past the end of the table", [
      this.evidence("full read", full),
    ]);
  },
);

Then("every partial read was answered ok", function (this: OsgpWorld) {
  const r = valueOf(this.state.tableRead.joined ?? null, "split read");
  expectServed(r.code, "a partial read of the split read");
});

Then("the joined data starts with the full read and continues with zeros", function (this: OsgpWorld) {
  const r = valueOf(this.state.tableRead.joined ?? null, "split read");
  const joined = (r as Extract<ReadResponse, { code: 0 }>).data;
  const full = fullReadData(this);
  const expected = new Uint8Array(joined.length);
  expected.set(full.subarray(0, Math.min(full.length, joined.length)));
  expectBytes(joined, expected, "joined partial reads", [this.evidence("full read", full)]);
});

/** Clearance is not in doubt for a table the PIXIT says is open: isc or dlk FAILs; a busy device is undecided. */
Then("each of the PIXIT's open tables can be read in full", async function (this: OsgpWorld) {
  const session = this.client();
  let undecided: Inconclusive | null = null;
  for (const name of this.pixit.device.openTables) {
    const r = await session.readFull(parseTableName(name));
    if (r.code === RESPONSE_CODE.ok) continue;
    const verdict = refusalVerdict(
      r.code,
      `full read of ${name} without a password (PIXIT device.openTables)`,
      session.lastResponse === null ? [] : [this.evidence("response", session.lastResponse)],
      isBusyRefusal,
    );
    // A busy answer decides nothing, but a later table's refusal may still prove a breach.
    if (verdict instanceof ConformanceAssertionError) throw verdict;
    undecided ??= verdict;
  }
  if (undecided !== null) throw undecided;
});
