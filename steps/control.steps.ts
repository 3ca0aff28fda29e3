import { Given, Then, When } from "@cucumber/cucumber";
import { expectThat, valueOf } from "../harness/conformance/checks";
import { controlProcedure, pixitList, type ControlProcedure } from "../harness/conformance/control-pixit";
import {
  MAX_ENERGY_WAIT_SECONDS,
  readMeterStatus,
  readPowerQuality,
  secondsToImport,
} from "../harness/conformance/control-status";
import { readDeviceClock, waitDeviceSeconds } from "../harness/conformance/device-clock";
import { expectResult, setDateTimeTo } from "../harness/conformance/procedure-calls";
import { alarmState, isMeterAlarm } from "../harness/conformance/self-test-checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { parseHex } from "../harness/bytes/parse-hex";
import { BP10 } from "../harness/protocol/procedures/bp10-set-date-time";
import { ET09 } from "../harness/protocol/tables/et09-power-quality";
import { isTableUsed } from "../harness/protocol/tables/bt00-general-configuration";
import { proceduresCleanup, runControl, runControlCompleted } from "./support/control-procedures";
import { afterTheRun } from "./support/device-reaction";
import { calledProcedure } from "./support/procedure-runs";
import type { OsgpWorld } from "./world";

/** What the control scenarios share: time and load on the bench, the PIXIT's procedures, ET54's alarms. */
Given("the bench load imports power", async function (this: OsgpWorld) {
  const at = this.pixit.control.loadImportsAt;
  if (at === "any") return;
  const m = /^(\d{2}):(\d{2}):(\d{2})$/.exec(at);
  if (m === null) throw new Inconclusive(`PIXIT control.loadImportsAt "${at}" is neither "any" nor hh:mm:ss`);
  const now = await readDeviceClock(this.client(), "which day the bench load imports on");
  const midnight = Math.floor(now.epochMs / 86_400_000) * 86_400_000;
  await runControlCompleted(
    this,
    BP10,
    setDateTimeTo(midnight + (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000),
    "setting the clock to when the bench load imports (PIXIT control.loadImportsAt)",
  );
});

When("the meter runs for {int} device second(s)", async function (this: OsgpWorld, seconds: number) {
  this.state.clock.ranOn = true;
  await waitDeviceSeconds(seconds, this.pixit.clock.speed);
});

When("the meter runs until about {int} Wh has/have been imported", async function (this: OsgpWorld, wh: number) {
  if (!isTableUsed((await this.description()).config, ET09))
    throw new Inconclusive("the device does not declare ET09, whose present power says how long that takes");
  const p = (await readPowerQuality(this.client(), (await this.description()).format)).activePowerW;
  if (p <= 0)
    throw new Inconclusive(`the bench load does not import (ET09 says ${p} W): see PIXIT control.loadImportsAt`);
  const seconds = secondsToImport(wh, p);
  if (seconds > MAX_ENERGY_WAIT_SECONDS)
    throw new Inconclusive(`at ${p} W the bench load needs ${seconds} s to import ${wh} Wh`);
  this.state.clock.ranOn = true;
  await waitDeviceSeconds(seconds, this.pixit.clock.speed);
});

// The rule applies to the device all the same: only the harness cannot act it out on a real bench.
Given("the simulator's control bench is available", function (this: OsgpWorld) {
  if (!this.pixit.control.simulatorBench)
    throw new Inconclusive(
      "the scenario needs hands on the meter (press its button, make a self-test fail), which the suite drives " +
        "only on the built-in simulator's bench (PIXIT control.simulatorBench): check it by hand",
    );
});

When(
  "the client runs the PIXIT's {controlProcedure} procedure",
  async function (this: OsgpWorld, which: ControlProcedure) {
    await runControl(this, which, new Uint8Array(0));
  },
);

When(
  "the client runs the PIXIT's {controlProcedure} procedure with parameters {string}",
  async function (this: OsgpWorld, which: ControlProcedure, hex: string) {
    await runControl(this, which, parseHex(hex));
  },
);

Then(
  "the control procedure was refused with one of the PIXIT's {pixitList} results",
  function (this: OsgpWorld, path: string) {
    expectResult(
      valueOf(this.procedure, "procedure outcome"),
      calledProcedure(this),
      pixitList(this.pixit, path),
      (l, b) => this.evidence(l, b),
    );
  },
);

Given("the alarms will be cleared after the scenario", function (this: OsgpWorld) {
  this.cleanups.push(
    proceduresCleanup(this, "clear the latched alarms", [
      { id: controlProcedure(this.pixit, "clearAlarms"), parameters: new Uint8Array(0), doing: "clearing the alarms" },
    ]),
  );
});

async function expectAlarm(world: OsgpWorld, name: string, raised: boolean, latched: boolean): Promise<void> {
  if (!isMeterAlarm(name)) throw new Inconclusive(`"${name}" is not an alarm of ET54`);
  const say = (on: boolean) => (on ? "" : "not ");
  await afterTheRun(world, async () => {
    const s = alarmState(await readMeterStatus(world.client(), (await world.description()).format), name);
    expectThat(
      s.raised === raised && s.latched === latched,
      `ET54's ${name} alarm is ${say(s.raised)}raised and ${say(s.latched)}latched; expected ${say(raised)}raised and ${say(latched)}latched`,
    );
  });
}

Then("ET54 shows the {string} alarm raised and latched", async function (this: OsgpWorld, name: string) {
  await expectAlarm(this, name, true, true);
});

Then("ET54 shows the {string} alarm latched but no longer raised", async function (this: OsgpWorld, name: string) {
  await expectAlarm(this, name, false, true);
});

Then("ET54 shows the {string} alarm neither raised nor latched", async function (this: OsgpWorld, name: string) {
  await expectAlarm(this, name, false, false);
});
