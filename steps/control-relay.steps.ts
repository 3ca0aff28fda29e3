import { Given, Then, When, type DataTable } from "@cucumber/cucumber";
import { expectThat, valueOf } from "../harness/conformance/checks";
import { controlProcedure, pixitCodes } from "../harness/conformance/control-pixit";
import { inTurn, procedureRestore } from "../harness/conformance/bench-restore";
import { hostPartsRestores, restoreHostParts } from "../harness/conformance/control-fields";
import { readControlTable, readDecoded } from "../harness/conformance/control-tables";
import { iso, readDeviceClock, waitDeviceSeconds } from "../harness/conformance/device-clock";
import { setDateTimeTo } from "../harness/conformance/procedure-calls";
import {
  randomisedSwitchProblem,
  relayAnswer,
  relayCommand,
  type RelayAnswer,
} from "../harness/conformance/relay-checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { parseHex } from "../harness/bytes/parse-hex";
import { describeResponseCode } from "../harness/protocol/response-codes";
import { BP10 } from "../harness/protocol/procedures/bp10-set-date-time";
import { encodeRelayCommand, RELAY_COMMAND } from "../harness/protocol/procedures/ep05-control-relay";
import { decodeControlOutputSettings, ET05 } from "../harness/protocol/tables/et05-control-output-settings";
import { decodeControlOutputData, ET46, type RelayData } from "../harness/protocol/tables/et46-control-output-data";
import { calendarEntryOffset, ET61 } from "../harness/protocol/tables/et61-relay-calendar";
import { lTimeDateToEpochMs } from "../harness/protocol/types/time-types";
import { benchOf } from "./support/cleanups";
import { runControl, runControlCompleted } from "./support/control-procedures";
import { kept } from "./support/scenario-state";
import { writeControlBytes } from "./support/table-writes";
import { onceTheDeviceActs } from "./support/device-reaction";
import type { OsgpWorld } from "./world";

/** 8.11: the control relays (ET05 settings, ET46 state, ET61 calendar, EP05 commands). */
async function relays(world: OsgpWorld): Promise<RelayData[]> {
  return (await readDecoded(world.client(), (await world.description()).format, ET46, decodeControlOutputData)).value;
}

async function relay(world: OsgpWorld, n: number): Promise<RelayData> {
  const all = await relays(world);
  const r = all[n - 1];
  if (r === undefined) throw new Inconclusive(`ET46 has ${all.length} relay(s), no relay ${n}`);
  return r;
}

async function windowOf(world: OsgpWorld, n: number): Promise<number> {
  const s = (await readDecoded(world.client(), (await world.description()).format, ET05, decodeControlOutputSettings))
    .value[n - 1];
  if (s === undefined) throw new Inconclusive(`ET05 has no relay ${n}`);
  return s.windowSeconds;
}

const command = (relayNumber: number, c: number) => encodeRelayCommand({ relay: relayNumber, command: c });

Given("the control relays will be put back as they were after the scenario", async function (this: OsgpWorld) {
  const c = this.client();
  const f = (await this.description()).format;
  const [et05, et61, states] = [
    await readControlTable(c, f, ET05),
    await readControlTable(c, f, ET61),
    await relays(this),
  ];
  const back = states.map((r, i) => command(i + 1, r.state === 1 ? RELAY_COMMAND.on : RELAY_COMMAND.off));
  const b = benchOf(this);
  this.cleanups.push({
    what: "put the control relays back",
    run: async (s) => {
      await restoreHostParts(s, ET05, et05);
      await restoreHostParts(s, ET61, et61);
      for (const [i, params] of back.entries())
        await runControlCompleted(this, controlProcedure(this.pixit, "relay"), params, `switching relay ${i + 1} back`);
    },
    restore: inTurn([
      ...hostPartsRestores(b, ET05, et05),
      ...hostPartsRestores(b, ET61, et61),
      ...back.map((params) => procedureRestore(b, controlProcedure(this.pixit, "relay"), params)),
    ]),
  });
});

Given("relay {int} is off", async function (this: OsgpWorld, n: number) {
  await runControlCompleted(
    this,
    controlProcedure(this.pixit, "relay"),
    command(n, RELAY_COMMAND.off),
    `switching relay ${n} off`,
  );
});

When(
  "the client runs the relay procedure for relay {int} with command {word}",
  async function (this: OsgpWorld, n: number, name: string) {
    await runControl(this, "relay", command(n, relayCommand(name)));
  },
);

When(
  "the client runs the relay procedure for relay {int} with command number {int}",
  async function (this: OsgpWorld, n: number, c: number) {
    await runControl(this, "relay", command(n, c));
  },
);

async function answer(world: OsgpWorld): Promise<RelayAnswer> {
  const o = valueOf(world.procedure, "procedure outcome");
  if (o.status !== "done") throw new Inconclusive("the relay procedure has no result in BT08");
  return relayAnswer(o.result.responseData, (await world.description()).format.order);
}

Then("BT08 says relay {int} waits a random delay within its window", async function (this: OsgpWorld, n: number) {
  const a = await answer(this);
  const problem = randomisedSwitchProblem(a, await windowOf(this, n));
  expectThat(problem === null, `relay ${n}: ${problem}`);
  this.state.control.relayDelaySeconds = a.delaySeconds;
});

Then("ET46 shows relay {int} {word}", async function (this: OsgpWorld, n: number, state: string) {
  if (state !== "on" && state !== "off") throw new Inconclusive(`"${state}" is neither on nor off`);
  const r = await relay(this, n);
  expectThat(
    r.state === (state === "on" ? 1 : 0),
    `ET46 shows relay ${n} ${r.state === 1 ? "on" : "off"}; expected ${state}`,
  );
});

Then("relay {int} is on once that delay has passed", async function (this: OsgpWorld, n: number) {
  const delay = kept(this.state.control.relayDelaySeconds, "relay delay");
  await waitDeviceSeconds(delay + 1, this.pixit.clock.speed);
  const r = await relay(this, n);
  expectThat(r.state === 1, `ET46 shows relay ${n} off after the ${delay} s delay it drew`);
});

When("the client chooses the whole minute after the next", async function (this: OsgpWorld) {
  const now = (await readDeviceClock(this.client(), "which whole minute comes next")).epochMs;
  this.state.control.chosenMinuteMs = (Math.floor(now / 60_000) + 2) * 60_000;
});

When("the device clock is set {int} second(s) before that minute", async function (this: OsgpWorld, seconds: number) {
  await runControlCompleted(
    this,
    BP10,
    setDateTimeTo(minute(this) - seconds * 1000),
    "setting the clock before the chosen minute",
  );
});

function minute(world: OsgpWorld): number {
  const m = world.state.control.chosenMinuteMs;
  if (m === undefined) throw new Inconclusive("no minute was chosen");
  return m;
}

When(
  "the client writes calendar entry {int} switching relay {int} on at that minute, every day",
  async function (this: OsgpWorld, entry: number, n: number) {
    const t = new Date(minute(this));
    await writeControlBytes(
      this,
      ET61,
      calendarEntryOffset(entry - 1),
      Uint8Array.of(n, t.getUTCHours(), t.getUTCMinutes(), 1, 0x7f),
    );
  },
);

When(
  "the client writes calendar entry {int} as {string}",
  async function (this: OsgpWorld, entry: number, hex: string) {
    await writeControlBytes(this, ET61, calendarEntryOffset(entry - 1), parseHex(hex));
  },
);

Then("ET46 shows relay {int} switched on at that minute", async function (this: OsgpWorld, n: number) {
  await onceTheDeviceActs(this, minute(this), async () => {
    const r = await relay(this, n);
    const at = r.lastSwitch === null ? null : lTimeDateToEpochMs(r.lastSwitch);
    expectThat(r.state === 1, `ET46 shows relay ${n} off after the calendar's switch time ${iso(minute(this))}`);
    expectThat(
      at !== null && Math.abs(at - minute(this)) <= this.pixit.clock.toleranceSeconds * 1000,
      `ET46 says relay ${n} last switched at ${at === null ? "no time" : iso(at)}; the calendar said ${iso(minute(this))}`,
    );
  });
});

Then("ET05, ET46 and ET61 agree on the relays", async function (this: OsgpWorld) {
  const c = this.client();
  const f = (await this.description()).format;
  const n05 = (await readControlTable(c, f, ET05))[0];
  const n46 = (await readControlTable(c, f, ET46))[0];
  expectThat(n05 === n46, `ET05 describes ${n05} relay(s), ET46 ${n46}`);
  const et61 = await readControlTable(c, f, ET61);
  for (let i = 0; i < (et61[0] as number); i++) {
    const relayNumber = et61[calendarEntryOffset(i)] as number;
    expectThat(relayNumber <= (n05 as number), `ET61 entry ${i + 1} names relay ${relayNumber}; ET05 has ${n05}`);
  }
});

Then(
  "each of these calendar entries is refused with one of the PIXIT's {pixitList} codes:",
  async function (this: OsgpWorld, path: string, table: DataTable) {
    const allowed = pixitCodes(this.pixit, path);
    const c = this.client();
    const f = (await this.description()).format;
    const problems: string[] = [];
    for (const row of table.hashes()) {
      const before = await readControlTable(c, f, ET61);
      const r = await c.writePartial(ET61, calendarEntryOffset(0), parseHex(row.entry ?? ""));
      const after = await readControlTable(c, f, ET61);
      if (!allowed.includes(r.code))
        problems.push(`entry ${row.entry} (${row.because}): answered ${describeResponseCode(r.code)}`);
      else if (Buffer.compare(Buffer.from(before), Buffer.from(after)) !== 0)
        problems.push(`entry ${row.entry} (${row.because}): refused, yet ET61 changed`);
    }
    expectThat(problems.length === 0, problems.join("\n"));
  },
);
