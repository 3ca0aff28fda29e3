import { Given, Then, When } from "@cucumber/cucumber";
import { dimensionsExceeded, BT20 } from "../harness/protocol/tables/bt21-register-dimensions";
import {
  BT24,
  BT25,
  datedRegisterDataSize,
  decodeDatedRegisterData,
} from "../harness/protocol/tables/bt24-bt25-dated-register-data";
import { BP09, decodeRemoteReset, encodeRemoteReset } from "../harness/protocol/procedures/bp09-remote-reset";
import { expectPosted, expectResult } from "../harness/conformance/procedure-calls";
import { PROCEDURE_RESULT } from "../harness/protocol/procedures/procedure-result-codes";
import { isTableUsed } from "../harness/protocol/tables/bt00-general-configuration";
import { BT51 } from "../harness/protocol/tables/bt51-actual-time-tou";
import { BT55 } from "../harness/protocol/tables/bt55-clock-state";
import { parseTableName, tableName } from "../harness/protocol/table-id";
import { readActualDimensions, readClockState } from "../harness/conformance/calendar-checks";
import { billingSizeFindings } from "../harness/conformance/billing-sizes";
import { raiseFindings } from "../harness/conformance/table-sweeps";
import {
  bracketProblems,
  growthProblems,
  indexOfSource,
  nesTierSourceProblems,
  remoteResetEffectProblems,
  stampProblem,
  tierGrowthProblems,
  tierSumProblems,
  totalEnergyProblems,
  totalGrowthProblems,
  type TotalIndices,
} from "../harness/conformance/billing-checks";
import {
  presentValueOf,
  readBytes,
  readBillingCounters,
  readDimensions,
  type BillingCounters,
} from "../harness/conformance/billing-reads";
import { atTimeOfDay, parseTimeOfDay } from "../harness/conformance/billing-times";
import { expectThat, mustDecode, valueOf } from "../harness/conformance/checks";
import { procedureRestore } from "../harness/conformance/bench-restore";
import { waitDeviceSeconds } from "../harness/conformance/device-clock";
import { Inconclusive } from "../harness/conformance/verdicts";
import { toHex } from "../harness/bytes/hex";
import { parseHex } from "../harness/bytes/parse-hex";
import {
  billingFor,
  deviceNow,
  expectNone,
  presentSelectionFor,
  readPresentNow,
  readRegisterSnapshot,
  selectionFor,
  setDeviceClock,
  totalOf,
} from "./support/billing-context";
import { benchOf } from "./support/cleanups";
import { calledProcedure, run } from "./support/procedure-runs";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/** 8.4, 8.4.2 and 8.4.3: the billing registers (self-reads are in billing-self-read.steps.ts). */
Then("BT21 holds no more registers than BT20 allows", async function (this: OsgpWorld) {
  const b = await billingFor(this);
  expectNone(dimensionsExceeded(b.dims, await readDimensions(b.client, BT20)), "BT21 exceeds BT20");
});

Then(
  "BT22 selects the PIXIT's forward and reverse active energy among its summations",
  async function (this: OsgpWorld) {
    const s = await selectionFor(this);
    const { forwardActive, reverseActive } = this.pixit.billing.sources;
    const missing = [forwardActive, reverseActive].filter((id) => !s.summationSources.includes(id));
    expectThat(
      missing.length === 0,
      `BT22's summations [${s.summationSources.join(", ")}] lack source(s) ${missing.join(", ")} (PIXIT billing.sources)`,
    );
  },
);

Then("every billing table BT00 declares has the size BT21 gives it", async function (this: OsgpWorld) {
  raiseFindings(
    await billingSizeFindings(await billingFor(this), (await this.description()).config),
    "billing tables whose size disagrees with BT21",
  );
});

Then("BT28 shows the PIXIT's forward and reverse active power, neither negative", async function (this: OsgpWorld) {
  const selection = await presentSelectionFor(this);
  const present = (await readPresentNow(this)).value;
  for (const [name, id] of Object.entries({
    forward: this.pixit.billing.sources.forwardActive,
    reverse: this.pixit.billing.sources.reverseActive,
  })) {
    const v = presentValueOf(selection, present, id);
    expectThat(
      v !== null,
      `BT27's present values [${selection.valueSources.join(", ")}] do not select ${name} active power (source ${id})`,
    );
    expectThat((v ?? 0) >= 0, `BT28 shows ${name} active power ${v} W: a flow one way is not negative`);
  }
});

Given("the device clock is at the PIXIT's load time", async function (this: OsgpWorld) {
  const at = parseTimeOfDay(this.pixit.billing.loadTime, "billing.loadTime");
  if (at !== null) await setDeviceClock(this, atTimeOfDay(await deviceNow(this), at));
});

When("the client reads BT23 block by block", async function (this: OsgpWorld) {
  this.state.billing.registers = await readRegisterSnapshot(this);
});

/**
 * Waits until the present load (BT28, forward plus reverse) has put
 * the PIXIT's growth into the registers, then reads BT23 again.
 */
When("the registers have grown by the PIXIT's growth", async function (this: OsgpWorld) {
  const p = this.pixit.billing;
  const selection = await presentSelectionFor(this);
  const power = (d: Awaited<ReturnType<typeof readPresentNow>>) =>
    (presentValueOf(selection, d.value, p.sources.forwardActive) ?? 0) +
    (presentValueOf(selection, d.value, p.sources.reverseActive) ?? 0);
  const before = power(await readPresentNow(this));
  const seconds = before > 0 ? (p.growthWh * 3600 * 1.1) / before : Infinity;
  if (seconds > p.growthWaitMaxSeconds)
    throw new Inconclusive(
      `at ${before} W the registers need ${seconds.toFixed(0)} s to grow by ${p.growthWh} Wh, more than PIXIT billing.growthWaitMaxSeconds (${p.growthWaitMaxSeconds} s)`,
    );
  this.state.billing.registersBefore = kept(this.state.billing.registers, "registers");
  await waitDeviceSeconds(seconds, this.pixit.clock.speed);
  this.state.billing.registers = await readRegisterSnapshot(this);
  this.state.billing.powersW = [before, power(await readPresentNow(this))];
});

Then("in BT23 the tiers add up to the total for every summation", async function (this: OsgpWorld) {
  const r = kept(this.state.billing.registers, "registers");
  const s = await selectionFor(this);
  expectNone(
    [
      ...tierSumProblems(r.reading, r.totalAfter.value, s.summationSources),
      ...nesTierSourceProblems(s, totalOf(r.reading)),
    ],
    "BT23's tiers do not account for its total",
  );
});

Then("in BT23 the tiers grew by what the total grew", async function (this: OsgpWorld) {
  const s = await selectionFor(this);
  expectNone(
    tierGrowthProblems(
      kept(this.state.billing.registersBefore, "registers before").reading,
      kept(this.state.billing.registers, "registers").reading,
      s.summationSources,
    ),
    "energy metered into BT23's total but not its tiers",
  );
});

function growthSeconds(world: OsgpWorld): number {
  const a = kept(world.state.billing.registersBefore, "registers before").reading.blocks[0];
  const b = kept(world.state.billing.registers, "registers").reading.blocks[0];
  return (((b?.at ?? 0) - (a?.at ?? 0)) / 1000) * world.pixit.clock.speed;
}

async function indices(world: OsgpWorld): Promise<TotalIndices> {
  const s = await selectionFor(world);
  const src = world.pixit.billing.sources;
  return {
    forward: indexOfSource(s, src.forwardActive),
    reverse: indexOfSource(s, src.reverseActive),
    total: indexOfSource(s, src.totalActive),
  };
}

Then("BT23's active energy grew as the power BT28 showed allows", async function (this: OsgpWorld) {
  const a = totalOf(kept(this.state.billing.registersBefore, "registers before").reading);
  const b = totalOf(kept(this.state.billing.registers, "registers").reading);
  expectNone(
    growthProblems(a, b, await indices(this), kept(this.state.billing.powersW, "powers"), growthSeconds(this)),
    "BT23 does not hold the present totals",
  );
});

Given("BT22 selects the PIXIT's total, forward and reverse active energy", async function (this: OsgpWorld) {
  const at = await indices(this);
  const s = await selectionFor(this);
  expectThat(
    Object.values(at).every((i) => i >= 0),
    `BT22's summations [${s.summationSources.join(", ")}] lack one of the PIXIT's billing.sources (total ${this.pixit.billing.sources.totalActive})`,
  );
});

Then("in every BT23 block the total energy is forward plus reverse", async function (this: OsgpWorld) {
  const at = await indices(this);
  const r = kept(this.state.billing.registers, "registers").reading;
  expectNone(
    r.blocks.flatMap((b, i) => totalEnergyProblems(b.value, at, i === 0 ? "total block" : `tier ${i - 1}`)),
    "total energy is not forward plus reverse",
  );
});

Then("the total energy grew by what forward and reverse energy grew", async function (this: OsgpWorld) {
  const a = totalOf(kept(this.state.billing.registersBefore, "registers before").reading);
  const b = totalOf(kept(this.state.billing.registers, "registers").reading);
  expectNone(totalGrowthProblems(a, b, await indices(this)), "the total energy does not follow the energy metered");
});

When("the client runs BP09 to reset the demands", async function (this: OsgpWorld) {
  this.state.billing.actionAtMs = await deviceNow(this);
  await run(this, BP09, encodeRemoteReset({ demandReset: true }));
});

/**
 * BT24 and BT25 belong to a device with seasons and demands, which 8.4 does not require: without
 * one, the device's own description leaves its copy nothing to observe.
 */
Given(
  /^the device keeps in (BT24|BT25) the registers of its (?:previous season|last demand reset)$/,
  async function (this: OsgpWorld, table: string) {
    if (!isTableUsed((await this.description()).config, parseTableName(table)))
      throw new Inconclusive(`BT00 does not declare ${table}, so the device keeps no such copy of its registers`);
  },
);

/**
 * Only a season the device's calendar has (BT51) is one it must take; the one in force (BT55)
 * would change nothing. Without a calendar of two seasons there is nothing to change to.
 */
When(
  "the client runs BP09 to change to a season of BT51 other than BT55's, restoring the season afterwards",
  async function (this: OsgpWorld) {
    const { order, config } = (await this.description()).format;
    const calendar = [BT51, BT55].filter((id) => !isTableUsed(config, id)).map(tableName);
    if (calendar.length > 0)
      throw new Inconclusive(
        `BT00 does not declare ${calendar.join(" or ")}: the device has no seasons to change between`,
      );
    const seasons = (await readActualDimensions(this.client(), order)).nbrSeasons;
    if (seasons < 2)
      throw new Inconclusive(`BT51 gives the calendar ${seasons} season(s): there is no other season to change to`);
    const current = (await readClockState(this.client(), order)).state.status.season;
    this.state.billing.actionAtMs = await deviceNow(this);
    await run(this, BP09, encodeRemoteReset({ seasonChange: true, newSeason: (current + 1) % seasons }));
    const back = encodeRemoteReset({ seasonChange: true, newSeason: current });
    this.cleanups.push({
      what: "restore the season",
      run: async () => run(this, BP09, back),
      restore: procedureRestore(benchOf(this), BP09, back),
    });
  },
);

async function readDated(world: OsgpWorld, table: typeof BT24 | typeof BT25) {
  const b = await billingFor(world);
  const r = await readBytes(b.client, table, 0, datedRegisterDataSize(b.dims));
  return mustDecode(decodeDatedRegisterData(r.value, b.dims, b.order, table === BT24 ? "BT24" : "BT25"), `BT${table}`, [
    { label: `BT${table}`, hex: toHex(r.value) },
  ]);
}

async function expectCopy(world: OsgpWorld, table: typeof BT24 | typeof BT25): Promise<void> {
  const copy = await readDated(world, table);
  const before = totalOf(kept(world.state.billing.registers, "registers").reading);
  const after = totalOf((await readRegisterSnapshot(world)).reading);
  const s = await selectionFor(world);
  const stamp = (await billingFor(world)).dims.functions1.dateTime
    ? stampProblem(copy.endTime, kept(world.state.billing.actionAtMs, "action at"), 1, `BT${table}'s time`)
    : null;
  expectNone(
    [
      ...(stamp === null ? [] : [stamp]),
      ...bracketProblems(copy.data.total, before, after, s.summationSources, `BT${table}`),
    ],
    `BT${table} is not a copy of that moment`,
  );
}

Then(
  "BT25 holds the registers of the moment of the reset, stamped with the device's time",
  async function (this: OsgpWorld) {
    await expectCopy(this, BT25);
  },
);

Then(
  "BT24 holds the registers of the moment of the change, stamped with the device's time",
  async function (this: OsgpWorld) {
    await expectCopy(this, BT24);
  },
);

Then("BT23 counts one more demand reset", async function (this: OsgpWorld) {
  const before = kept(this.state.billing.registers, "registers").reading.demandResets;
  if (before === null)
    throw new Inconclusive("BT21 says BT23 has no demand reset counter (DEMAND_RESET_CTR_FLAG clear)");
  const after = (await readRegisterSnapshot(this)).reading.demandResets;
  expectThat(after === (before + 1) % 256, `BT23 counted ${before} demand resets before, ${after} after one more`);
});

async function billingCounters(world: OsgpWorld): Promise<BillingCounters> {
  const { config } = await world.description();
  return readBillingCounters(await billingFor(world), (id) => isTableUsed(config, id));
}

When("the client reads the billing counters", async function (this: OsgpWorld) {
  this.state.billing.counters = await billingCounters(this);
});

When("the client runs BP09 with parameters {string}", async function (this: OsgpWorld, hex: string) {
  const parameters = parseHex(hex);
  const d = decodeRemoteReset(parameters);
  if (d.ok && d.value.reserved === 0 && (d.value.demandReset || d.value.selfRead || d.value.seasonChange))
    throw new Inconclusive(`"${hex}" is a valid BP09 call, not a bad one`);
  this.state.billing.resetParameters = parameters;
  await run(this, BP09, parameters);
});

Then("the procedure result is one of the PIXIT's billing.badParameters results", function (this: OsgpWorld) {
  expectResult(
    valueOf(this.procedure, "procedure outcome"),
    calledProcedure(this),
    this.pixit.billing.badParameters,
    (l, b) => this.evidence(l, b),
  );
});

async function expectEffects(world: OsgpWorld, asked: Parameters<typeof remoteResetEffectProblems>[2], what: string) {
  const before = kept(world.state.billing.counters, "counters");
  const after = await billingCounters(world);
  const coupling = (await billingFor(world)).dims.functions2.selfReadDemandReset;
  expectNone(remoteResetEffectProblems(before, after, asked, coupling), what);
}

const NO_ACTION = { demandReset: false, selfRead: false, seasonChange: false };

Then("the billing counters are as they were", async function (this: OsgpWorld) {
  await expectEffects(this, NO_ACTION, "a refused BP09 changed the billing registers");
});

/**
 * A reserved bit or a byte past ACTION_FLAG: refused and nothing changed, or, where the PIXIT says
 * the device ignores them, completed with just the actions of ACTION_FLAG's defined bits.
 */
Then(
  "BP09 was refused and changed nothing, or did just what its action bits ask as the PIXIT's billing.reservedParameters allows",
  async function (this: OsgpWorld) {
    const outcome = valueOf(this.procedure, "procedure outcome");
    const evidence = (l: string, b: Uint8Array) => this.evidence(l, b);
    const { badParameters, reservedParameters } = this.pixit.billing;
    const allowed = reservedParameters === "ignore" ? [...badParameters, "completed"] : badParameters;
    expectResult(outcome, calledProcedure(this), allowed, evidence);
    const ignored =
      reservedParameters === "ignore" &&
      expectPosted(outcome, calledProcedure(this), evidence).result.resultCode === PROCEDURE_RESULT.completed;
    if (!ignored) return expectEffects(this, NO_ACTION, "a refused BP09 changed the billing registers");
    const parameters = kept(this.state.billing.resetParameters, "BP09 parameters");
    await expectEffects(
      this,
      mustDecode(decodeRemoteReset(parameters.subarray(0, 1)), "BP09's ACTION_FLAG", []),
      `BP09 ${toHex(parameters)} completed (PIXIT billing.reservedParameters ignore), but did other than its action bits ask`,
    );
  },
);
