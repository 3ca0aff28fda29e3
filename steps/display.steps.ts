import { Then, When } from "@cucumber/cucumber";
import { expectBytes, expectThat } from "../harness/conformance/checks";
import { readBytes, readDisplaySources } from "../harness/conformance/control-tables";
import {
  listBytes,
  listOfFirst,
  messageBytes,
  sourceIds,
  sourceProblems,
  unknownSourceId,
} from "../harness/conformance/display-checks";
import { readDeviceClock } from "../harness/conformance/device-clock";
import { Inconclusive } from "../harness/conformance/verdicts";
import { describeResponseCode } from "../harness/protocol/response-codes";
import {
  activeMessageOffset,
  displayConfigurationSize,
  ET07,
  ET07_SETTINGS_SIZE,
  messageOffset,
} from "../harness/protocol/tables/et07-display-configuration";
import type { DisplaySourceMapping } from "../harness/protocol/tables/et67-display-source-mapping";
import { displayListSize, ET77 } from "../harness/protocol/tables/et77-secondary-display-list";
import { epochMsToLTimeDate } from "../harness/protocol/types/time-types";
import type { DisplayWrite } from "./support/scenario-state";
import { writeControlBytes } from "./support/table-writes";
import type { OsgpWorld } from "./world";

/**
 * 8.9: ET67's sources, the display lists (ET07's primary, ET77's secondary) and ET07's scheduled
 * messages. A write step keeps the region it wrote and its bytes before (state.control.displayWrite).
 */
async function writeRegion(world: OsgpWorld, tableId: number, offset: number, data: Uint8Array): Promise<void> {
  const before = await readBytes(world.client(), tableId, offset, data.length);
  world.state.control.displayWrite = { tableId, offset, before, written: data };
  await writeControlBytes(world, tableId, offset, data);
}

function region(world: OsgpWorld): DisplayWrite {
  const r = world.state.control.displayWrite;
  if (r === undefined) throw new Inconclusive("nothing was written to the display tables");
  return r;
}

async function expectRegion(world: OsgpWorld, expected: Uint8Array, what: string): Promise<void> {
  const r = region(world);
  const now = await readBytes(world.client(), r.tableId, r.offset, r.written.length);
  expectBytes(now, expected, what, [world.evidence("read back", now), world.evidence("expected", expected)]);
}

function listPlace(which: string, m: DisplaySourceMapping): { tableId: number; offset: number } {
  if (which === "primary") return { tableId: ET07, offset: ET07_SETTINGS_SIZE };
  if (which === "secondary") return { tableId: ET77, offset: 0 };
  throw new Inconclusive(
    `"${which}" is neither the primary nor the secondary display list (${m.listLength} entries each)`,
  );
}

Then("ET67 lists distinct source ids, none of them 0", async function (this: OsgpWorld) {
  const problems = sourceProblems(await readDisplaySources(this.client(), (await this.description()).format));
  expectThat(problems.length === 0, problems.join("; "));
});

Then("ET07 and ET77 are as long as ET67's dimensions give", async function (this: OsgpWorld) {
  const m = await readDisplaySources(this.client(), (await this.description()).format);
  for (const [id, size] of [
    [ET07, displayConfigurationSize(m)],
    [ET77, displayListSize(m.listLength)],
  ] as const) {
    const r = await this.client().readFull(id);
    if (!("data" in r))
      throw new Inconclusive(
        `a full read of ${id === ET07 ? "ET07" : "ET77"} was answered ${describeResponseCode(r.code)}`,
      );
    expectThat(
      r.data.length === size,
      `${id === ET07 ? "ET07" : "ET77"} is ${r.data.length} bytes; ET67's dimensions (list of ${m.listLength}, ${m.messageSlots} messages) give ${size}`,
    );
  }
});

When(
  "the client writes the {word} display list with the first {int} source ids of ET67",
  async function (this: OsgpWorld, which: string, n: number) {
    const m = await readDisplaySources(this.client(), (await this.description()).format);
    const p = listPlace(which, m);
    await writeRegion(
      this,
      p.tableId,
      p.offset,
      listBytes(listOfFirst(m, n), m.listLength, (await this.description()).format.order),
    );
  },
);

When(
  "the client writes the {word} display list with a source id ET67 does not list",
  async function (this: OsgpWorld, which: string) {
    const m = await readDisplaySources(this.client(), (await this.description()).format);
    const p = listPlace(which, m);
    const list = listOfFirst(m, 1);
    const entries = [...list.entries];
    entries[1] = unknownSourceId(m);
    await writeRegion(
      this,
      p.tableId,
      p.offset,
      listBytes({ count: 2, entries }, m.listLength, (await this.description()).format.order),
    );
  },
);

When(
  "the client writes the {word} display list with a count one above its length",
  async function (this: OsgpWorld, which: string) {
    const m = await readDisplaySources(this.client(), (await this.description()).format);
    const p = listPlace(which, m);
    const ids = sourceIds(m);
    const entries = Array.from({ length: m.listLength }, (_, i) => ids[i % ids.length] as number);
    await writeRegion(
      this,
      p.tableId,
      p.offset,
      listBytes({ count: m.listLength + 1, entries }, m.listLength, (await this.description()).format.order),
    );
  },
);

Then("the display tables hold what was written", async function (this: OsgpWorld) {
  await expectRegion(this, region(this).written, "the display table after the write");
});

Then("the display tables are as they were before the write", async function (this: OsgpWorld) {
  await expectRegion(this, region(this).before, "the display table after a refused write");
});

async function messageAt(world: OsgpWorld, n: number): Promise<{ m: DisplaySourceMapping; offset: number }> {
  const m = await readDisplaySources(world.client(), (await world.description()).format);
  if (n < 1 || n > m.messageSlots)
    throw new Inconclusive(`ET07 holds ${m.messageSlots} scheduled message(s), no message ${n}`);
  return { m, offset: messageOffset(m, n - 1) };
}

async function presentMinute(world: OsgpWorld) {
  return { ...epochMsToLTimeDate((await readDeviceClock(world.client(), "the present minute")).epochMs) };
}

When(
  "the client schedules display message {int} from the present minute for {int} minutes saying {string}",
  async function (this: OsgpWorld, n: number, minutes: number, text: string) {
    const { offset } = await messageAt(this, n);
    await writeRegion(
      this,
      ET07,
      offset,
      messageBytes(
        await presentMinute(this),
        minutes,
        new TextEncoder().encode(text),
        (await this.description()).format.order,
      ),
    );
  },
);

When(
  "the client schedules display message {int} with the text byte {int}",
  async function (this: OsgpWorld, n: number, byte: number) {
    const { offset } = await messageAt(this, n);
    await writeRegion(
      this,
      ET07,
      offset,
      messageBytes(
        await presentMinute(this),
        10,
        Uint8Array.of(0x41, byte, 0x42),
        (await this.description()).format.order,
      ),
    );
  },
);

When("the client schedules display message {int} starting in month 13", async function (this: OsgpWorld, n: number) {
  const { offset } = await messageAt(this, n);
  const bytes = messageBytes(
    await presentMinute(this),
    10,
    new TextEncoder().encode("MONTH"),
    (await this.description()).format.order,
  );
  bytes[1] = 13;
  await writeRegion(this, ET07, offset, bytes);
});

Then("ET07 shows display message {int} as the one on the display now", async function (this: OsgpWorld, n: number) {
  const { m } = await messageAt(this, n);
  const active = (await readBytes(this.client(), ET07, activeMessageOffset(m), 1))[0];
  expectThat(active === n, `ET07's message shown now is ${active}; message ${n} was scheduled from the present minute`);
});
