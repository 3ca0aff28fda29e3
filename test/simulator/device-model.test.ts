import { test } from "node:test";
import assert from "node:assert/strict";
import { MeteringModel, type LoadShape, type MeteringStep } from "../../harness/simulator/device-model/metering-model";
import { EventLog } from "../../harness/simulator/device-model/event-log";
import { MeterActions } from "../../harness/simulator/device-model/meter-actions";
import { SimClock } from "../../harness/simulator/sim-clock";
import { FakeTicks } from "./meter-requests";

const HOUR = 3_600_000;
/** A flat 1 kW load (plus the model's +-10 % minute-by-minute variation), no solar, one phase, 3 tiers. */
const FLAT: LoadShape = { baseW: 1000, peakW: 0, solarPeakW: 0, seed: 7, nominalVoltageV: 230, phases: 1, tiers: 3 };
const MIDNIGHT = Date.UTC(2024, 0, 1);

function model(
  shape: LoadShape = FLAT,
  startMs = MIDNIGHT,
  speed = 1,
): { m: MeteringModel; clock: SimClock; ticks: FakeTicks } {
  const ticks = new FakeTicks();
  const clock = new SimClock(startMs, speed, ticks.source);
  return { m: new MeteringModel(clock, shape), clock, ticks };
}

test("an hour of a 1 kW load books 900-1100 Wh of import, no export, all in tier 0", () => {
  const { m, ticks } = model();
  ticks.advance(HOUR);
  const r = m.registers();
  assert.ok(r.activeImportWh >= 900 && r.activeImportWh <= 1100, `${r.activeImportWh} Wh`);
  assert.equal(r.activeExportWh, 0);
  assert.equal(r.activeImportWhByTier[0], r.activeImportWh);
});

test("energy accrues over time that passed, at the clock's speed; setting the clock books none", () => {
  const fast = model(FLAT, MIDNIGHT, 10);
  fast.ticks.advance(HOUR / 10);
  const slow = model();
  slow.ticks.advance(HOUR);
  assert.equal(fast.m.registers().activeImportWh, slow.m.registers().activeImportWh);
  const before = slow.m.registers().activeImportWh;
  slow.clock.set(MIDNIGHT + 30 * 24 * HOUR);
  assert.equal(slow.m.registers().activeImportWh, before);
});

test("steps end on whole minutes of meter time (the last at the present moment), and a clock jump is reported once with both times", () => {
  const { m, clock, ticks } = model(FLAT, MIDNIGHT + 30_500);
  const steps: MeteringStep[] = [];
  const jumps: Array<[number, number]> = [];
  m.onStep((s) => steps.push(s));
  m.onClockJump((from, to) => jumps.push([from, to]));
  ticks.advance(150_000);
  m.advance();
  assert.deepEqual(
    steps.map((s) => s.toMs - MIDNIGHT),
    [60_000, 120_000, 180_000, 180_500],
  );
  clock.set(MIDNIGHT + HOUR);
  assert.deepEqual(jumps, [[MIDNIGHT + 180_500, MIDNIGHT + HOUR]]);
});

test("a step listener that reads the registers does not book the same energy twice", () => {
  const plain = model();
  const reentrant = model();
  reentrant.m.onStep(() => reentrant.m.registers());
  plain.ticks.advance(HOUR);
  reentrant.ticks.advance(HOUR);
  assert.equal(reentrant.m.registers().activeImportWh, plain.m.registers().activeImportWh);
});

test("the tariff decides the tier; an open contactor stops the flow of energy", () => {
  const { m, ticks } = model();
  m.setTariff(() => 2);
  ticks.advance(HOUR);
  const r = m.registers();
  assert.equal(r.activeImportWhByTier[2], r.activeImportWh);
  assert.equal(r.activeImportWhByTier[0], 0);
  m.setSupplyConnected(false);
  ticks.advance(HOUR);
  assert.equal(m.registers().activeImportWh, r.activeImportWh);
  assert.equal(m.present().activePowerW, 0);
  assert.deepEqual(m.present().currentA, [0]);
});

test("solar production above the load at noon is booked as export, and present power is negative", () => {
  const { m, ticks } = model({ ...FLAT, solarPeakW: 5000 }, Date.UTC(2024, 5, 1, 11, 30));
  ticks.advance(HOUR);
  const r = m.registers();
  assert.ok(r.activeExportWh > 3000, `${r.activeExportWh} Wh exported`);
  assert.ok(m.present().activePowerW < 0);
});

test("there is no solar production at night: a midnight hour with a big solar plant books import only", () => {
  const { m, ticks } = model({ ...FLAT, solarPeakW: 5000 }, Date.UTC(2024, 5, 1, 23, 30));
  ticks.advance(HOUR);
  assert.equal(m.registers().activeExportWh, 0);
});

test("the event log numbers entries from 1, keeps its capacity, and drops the oldest", () => {
  const ticks = new FakeTicks();
  const log = new EventLog(new SimClock(MIDNIGHT, 1, ticks.source), 2);
  const seen: number[] = [];
  log.onEvent((e) => seen.push(e.code));
  log.post(20);
  ticks.advance(1000);
  log.post(21, { argument: Uint8Array.of(1) });
  log.post(3);
  assert.deepEqual(
    log.all().map((e) => [e.sequence, e.code]),
    [
      [2, 21],
      [3, 3],
    ],
  );
  assert.equal(log.all()[0]?.clockMs, MIDNIGHT + 1000);
  assert.deepEqual(seen, [20, 21, 3]);
  assert.equal(log.peekNextSequence(), 4);
});

test("an action runs every handler registered for it; an action nobody handles says so", () => {
  const a = new MeterActions();
  const ran: string[] = [];
  a.on("demand-reset", () => ran.push("billing"));
  a.on("demand-reset", () => ran.push("demand"));
  assert.equal(a.run("demand-reset"), true);
  assert.equal(a.run("self-read"), false);
  assert.deepEqual(ran, ["billing", "demand"]);
});
