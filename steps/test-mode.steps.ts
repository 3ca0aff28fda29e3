import { Given, Then, When } from "@cucumber/cucumber";
import { expectThat } from "../harness/conformance/checks";
import { controlField, fieldData } from "../harness/conformance/control-fields";
import { waitDeviceSeconds } from "../harness/conformance/device-clock";
import { controlProcedure } from "../harness/conformance/control-pixit";
import { readBt03 } from "../harness/conformance/control-status";
import { readDecoded } from "../harness/conformance/control-tables";
import { Inconclusive } from "../harness/conformance/verdicts";
import {
  encodeChangeEndDeviceMode,
  testModeParameters,
} from "../harness/protocol/procedures/bp06-change-end-device-mode";
import { decodeRamOnlyStatus, ET70, type RamOnlyStatus } from "../harness/protocol/tables/et70-ram-only-status";
import { proceduresCleanup, runControl } from "./support/control-procedures";
import { setUpControlBytes } from "./support/table-writes";
import { afterTheRun } from "./support/device-reaction";
import type { OsgpWorld } from "./world";

/** 8.16: test mode entered and left with the PIXIT's procedure (BP06), BT03's mode, ET70's test registers. */
async function et70(world: OsgpWorld): Promise<RamOnlyStatus> {
  return (await readDecoded(world.client(), (await world.description()).format, ET70, decodeRamOnlyStatus)).value;
}

Given("test mode will be left after the scenario", function (this: OsgpWorld) {
  this.cleanups.push(
    proceduresCleanup(this, "leave test mode", [
      {
        id: controlProcedure(this.pixit, "testMode"),
        parameters: testModeParameters(false),
        doing: "leaving test mode",
      },
    ]),
  );
});

/** The timeout is the lab's to give: a device whose shortest is above 1 s must still be judged (8.16). */
Given(
  "ET55's test-mode timeout is set to the PIXIT's control.testModeTimeoutSeconds",
  async function (this: OsgpWorld) {
    const f = controlField("ET55.testModeTimeoutSeconds");
    const seconds = this.pixit.control.testModeTimeoutSeconds;
    const data = fieldData(f, seconds, (await this.description()).format.order);
    await setUpControlBytes(
      this,
      f.tableId,
      f.place.offset,
      data,
      `ET55's test-mode timeout of ${seconds} s (PIXIT control.testModeTimeoutSeconds)`,
    );
  },
);

When("the meter runs for the test-mode timeout and 1 device second more", async function (this: OsgpWorld) {
  this.state.clock.ranOn = true;
  await waitDeviceSeconds(this.pixit.control.testModeTimeoutSeconds + 1, this.pixit.clock.speed);
});

When("the client enters test mode", async function (this: OsgpWorld) {
  await runControl(this, "testMode", testModeParameters(true));
});

When("the client leaves test mode", async function (this: OsgpWorld) {
  await runControl(this, "testMode", testModeParameters(false));
});

When("the client asks for meter-shop mode", async function (this: OsgpWorld) {
  await runControl(this, "testMode", encodeChangeEndDeviceMode({ metering: 0, test: 0, meterShop: 1, reserved: 0 }));
});

async function expectTestMode(world: OsgpWorld, on: boolean): Promise<void> {
  const mode = (await readBt03(world.client(), (await world.description()).format)).mode;
  expectThat(
    mode.test === (on ? 1 : 0),
    `BT03's test-mode flag is ${mode.test}; test mode should be ${on ? "on" : "off"}`,
  );
  expectThat(
    mode.metering === (on ? 0 : 1),
    `BT03's metering flag is ${mode.metering} while test mode is ${on ? "on" : "off"}`,
  );
  const ram = await et70(world);
  expectThat(
    ram.testMode === (on ? 1 : 0),
    `ET70 says test mode is ${ram.testMode === 1 ? "on" : "off"}; BT03 says ${on ? "on" : "off"}`,
  );
}

Then("BT03 and ET70 show test mode", async function (this: OsgpWorld) {
  await expectTestMode(this, true);
});

Then("BT03 and ET70 show normal metering", async function (this: OsgpWorld) {
  await afterTheRun(this, () => expectTestMode(this, false));
});

Given("ET70 is read", async function (this: OsgpWorld) {
  this.state.selfTest.ramOnlyStatusBefore = await et70(this);
});

Then("ET70's test registers have counted the energy imported", async function (this: OsgpWorld) {
  const now = await et70(this);
  expectThat(
    now.testImportMilliWh > 0,
    `ET70's test import register reads ${now.testImportMilliWh} mWh after energy was imported in test mode`,
  );
});

Then("ET70's test registers have not changed", async function (this: OsgpWorld) {
  const was = this.state.selfTest.ramOnlyStatusBefore;
  if (was === undefined) throw new Inconclusive("ET70 was not read first");
  const now = await et70(this);
  expectThat(
    now.testImportMilliWh === was.testImportMilliWh && now.testExportMilliWh === was.testExportMilliWh,
    `ET70's test registers moved outside test mode: import ${was.testImportMilliWh} -> ${now.testImportMilliWh} mWh, export ${was.testExportMilliWh} -> ${now.testExportMilliWh} mWh`,
  );
});
