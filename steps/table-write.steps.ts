import { Given, Then, When } from "@cucumber/cucumber";
import { expectBytes } from "../harness/conformance/checks";
import {
  isWholeTable,
  readScratchArea,
  readScratchTable,
  restoreScratchArea,
  type ScratchArea,
} from "../harness/conformance/scratch-area";
import { testPattern } from "../harness/conformance/test-pattern";
import { writeRestore } from "../harness/conformance/bench-restore";
import { Inconclusive } from "../harness/conformance/verdicts";
import { encodeTableRequest, withWrongDataChecksum } from "../harness/protocol/table-requests";
import { tableName } from "../harness/protocol/table-id";
import { benchOf } from "./support/cleanups";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/**
 * Writes touch only the PIXIT's scratch area. Every write step records what it sent, and where
 * (state.scratch.written), and the Then steps compare the table read back with the saved content
 * and what was written.
 */
function scratch(world: OsgpWorld): ScratchArea {
  const a = world.state.scratch.area;
  if (a === undefined) throw new Inconclusive("the scratch area was not read before the write");
  return a;
}

async function saveScratch(world: OsgpWorld): Promise<ScratchArea> {
  const a = await readScratchArea(world.client(), world.pixit);
  world.state.scratch.area = a;
  world.cleanups.push({
    what: `restore ${tableName(a.tableId)}`,
    run: (s) => restoreScratchArea(s, a),
    restore: writeRestore(benchOf(world), a.tableId, a.offset, a.saved.subarray(a.offset, a.offset + a.length)),
  });
  return a;
}

async function write(world: OsgpWorld, offset: number | null, data: Uint8Array, wrongChecksum = false): Promise<void> {
  const a = scratch(world);
  const req = encodeTableRequest(
    offset === null
      ? { service: "full-write", tableId: a.tableId, data }
      : { service: "partial-write", tableId: a.tableId, offset, data },
    world.client().codec,
  );
  world.state.scratch.written = { offset: offset ?? 0, data };
  await world.exchangeRaw(wrongChecksum ? withWrongDataChecksum(req) : req);
}

function written(world: OsgpWorld): { readonly offset: number; readonly data: Uint8Array } {
  return kept(world.state.scratch.written, "write to the scratch area");
}

/** The table as it should be: the saved content with `data` laid over it from `offset`, clipped to the table. */
function overlay(saved: Uint8Array, offset: number, data: Uint8Array): Uint8Array {
  const out = saved.slice();
  out.set(data.subarray(0, Math.max(0, out.length - offset)), offset);
  return out;
}

async function expectTable(world: OsgpWorld, expected: Uint8Array, what: string): Promise<void> {
  const a = scratch(world);
  const now = await readScratchTable(world.client(), a);
  expectBytes(now, expected, `${tableName(a.tableId)} after ${what}`, [
    world.evidence("saved before", a.saved),
    world.evidence("read back", now),
    world.evidence("expected", expected),
  ]);
}

Given(
  "the scratch table is a whole table whose content is saved and will be restored",
  async function (this: OsgpWorld) {
    const a = await saveScratch(this);
    if (!isWholeTable(a))
      throw new Inconclusive(
        `the PIXIT's scratch area is not the whole of ${tableName(a.tableId)}, and full writes replace whole tables: ` +
          "give a whole table the suite may write in PIXIT device.scratch (offset 0, length null)",
      );
  },
);

Given("the scratch area's content is saved and will be restored", async function (this: OsgpWorld) {
  await saveScratch(this);
});

When("the client writes the scratch table in full with a test pattern", async function (this: OsgpWorld) {
  const a = scratch(this);
  await write(this, null, testPattern(a.saved.length, a.saved));
});

When(
  "the client writes the first {int} bytes of the scratch table with a full write",
  async function (this: OsgpWorld, n: number) {
    const a = scratch(this);
    await write(this, null, testPattern(Math.min(n, a.saved.length), a.saved));
  },
);

When(
  "the client writes the scratch table in full with {int} bytes more than it holds",
  async function (this: OsgpWorld, extra: number) {
    const a = scratch(this);
    await write(this, null, testPattern(a.saved.length + extra, a.saved));
  },
);

When("the client writes the scratch table in full with a wrong data checksum", async function (this: OsgpWorld) {
  const a = scratch(this);
  await write(this, null, testPattern(a.saved.length, a.saved), true);
});

When(
  "the client writes {int} byte(s) of a test pattern at offset {int} of the scratch area",
  async function (this: OsgpWorld, n: number, at: number) {
    const a = scratch(this);
    if (at + n > a.length)
      throw new Inconclusive(`the scratch area is ${a.length} bytes, too small for ${n} bytes at offset ${at}`);
    await write(this, a.offset + at, testPattern(n, a.saved.subarray(a.offset + at)));
  },
);

When(
  "the client writes {int} byte(s) of a test pattern at the last offset of the scratch area",
  async function (this: OsgpWorld, n: number) {
    const a = scratch(this);
    const at = a.offset + a.length - n;
    await write(this, at, testPattern(n, a.saved.subarray(at)));
  },
);

When(
  "the client writes {int} bytes of a test pattern starting {int} bytes before the end of the scratch table",
  async function (this: OsgpWorld, n: number, back: number) {
    const a = scratch(this);
    if (a.offset + a.length !== a.saved.length)
      throw new Inconclusive(
        "the PIXIT's scratch area does not reach the end of its table: give one that does in PIXIT device.scratch (length null)",
      );
    const at = a.saved.length - back;
    await write(this, at, testPattern(n, a.saved.subarray(at)));
  },
);

When(
  "the client writes {int} bytes at offset {int} of the scratch area with a wrong data checksum",
  async function (this: OsgpWorld, n: number, at: number) {
    const a = scratch(this);
    await write(this, a.offset + at, testPattern(n, a.saved.subarray(a.offset + at)), true);
  },
);

Then("the scratch table holds what was written", async function (this: OsgpWorld) {
  await expectTable(this, written(this).data, "the full write");
});

Then(
  "the scratch table holds what was written followed by the rest of its saved content",
  async function (this: OsgpWorld) {
    const w = written(this);
    await expectTable(this, overlay(scratch(this).saved, 0, w.data), `a full write of ${w.data.length} byte(s)`);
  },
);

Then("the scratch table holds the first bytes of what was written", async function (this: OsgpWorld) {
  const a = scratch(this);
  await expectTable(this, written(this).data.subarray(0, a.saved.length), "a full write longer than the table");
});

Then("the scratch table still holds its saved content", async function (this: OsgpWorld) {
  await expectTable(this, scratch(this).saved, "a refused write");
});

Then("the scratch area still holds its saved content", async function (this: OsgpWorld) {
  await expectTable(this, scratch(this).saved, "a refused write");
});

Then(
  "the scratch area holds its saved content with the written bytes at offset {int}",
  async function (this: OsgpWorld, at: number) {
    const a = scratch(this);
    const w = written(this);
    if (w.offset !== a.offset + at) throw new Inconclusive("the step checks another offset than the one written");
    await expectTable(this, overlay(a.saved, w.offset, w.data), `a partial write at offset ${w.offset}`);
  },
);

Then(
  "the scratch area holds its saved content with the written bytes at its last offset",
  async function (this: OsgpWorld) {
    const w = written(this);
    await expectTable(this, overlay(scratch(this).saved, w.offset, w.data), `a partial write at offset ${w.offset}`);
  },
);

Then("the scratch table ends with the first {int} bytes written", async function (this: OsgpWorld, n: number) {
  const w = written(this);
  const a = scratch(this);
  if (w.offset + n !== a.saved.length)
    throw new Inconclusive(
      `the step checks a write ending ${n} byte(s) past the table's end; the write at offset ${w.offset} does not`,
    );
  await expectTable(this, overlay(a.saved, w.offset, w.data), `a partial write running past the end`);
});
