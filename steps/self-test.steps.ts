import { Given, Then, When } from "@cucumber/cucumber";
import { expectThat } from "../harness/conformance/checks";
import { readBt03, readMeterStatus } from "../harness/conformance/control-status";
import { readDecoded } from "../harness/conformance/control-tables";
import { iso, readDeviceClock } from "../harness/conformance/device-clock";
import { setDateTimeTo } from "../harness/conformance/procedure-calls";
import {
  bt03FlagOf,
  failedTestsIn,
  isSelfTestName,
  nextPeriodBoundary,
  nextSelfTestDue,
  selfTestDisagreements,
  selfTestStampProblem,
} from "../harness/conformance/self-test-checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { BP10 } from "../harness/protocol/procedures/bp10-set-date-time";
import {
  CONTROL_BENCH_ACTION,
  EP94,
  encodeControlBenchAction,
} from "../harness/protocol/procedures/ep94-control-bench";
import { decodeRamOnlyStatus, ET70, type RamOnlyStatus } from "../harness/protocol/tables/et70-ram-only-status";
import { decodeDeltaDataAlerts, ET71, type DeltaDataAlerts } from "../harness/protocol/tables/et71-delta-data-alerts";
import {
  decodeStatusExtension,
  ET58,
  SELF_TEST,
  selfTestErrorCode,
  type SelfTestName,
  type StatusExtension,
} from "../harness/protocol/tables/et58-status-extension";
import { lTimeDateToEpochMs } from "../harness/protocol/types/time-types";
import { proceduresCleanup, runControlCompleted } from "./support/control-procedures";
import { onceTheDeviceActs } from "./support/device-reaction";
import { kept } from "./support/scenario-state";
import { controlProcedure } from "../harness/conformance/control-pixit";
import type { OsgpWorld } from "./world";
import { sleep } from "../harness/transport/timers";

const NEXT_SELF_TEST = "when the next self-test is due";

/** 8.6: the periodic self-test (ET58), its flags (BT03) and alarms (ET54), ET70 and ET71. */
async function et58(world: OsgpWorld): Promise<StatusExtension> {
  return (await readDecoded(world.client(), (await world.description()).format, ET58, decodeStatusExtension)).value;
}

async function et71(world: OsgpWorld): Promise<DeltaDataAlerts> {
  return (await readDecoded(world.client(), (await world.description()).format, ET71, decodeDeltaDataAlerts)).value;
}

async function et70(world: OsgpWorld): Promise<RamOnlyStatus> {
  return (await readDecoded(world.client(), (await world.description()).format, ET70, decodeRamOnlyStatus)).value;
}

function testName(name: string): SelfTestName {
  if (!isSelfTestName(name))
    throw new Inconclusive(`"${name}" is not a self-test of ET58 (${Object.keys(SELF_TEST).join(", ")})`);
  return name;
}

Given("ET58 is read", async function (this: OsgpWorld) {
  this.state.selfTest.statusBefore = await et58(this);
});

When(
  "the device clock is set {int} second(s) before the next self-test",
  async function (this: OsgpWorld, seconds: number) {
    const period = (await et58(this)).periodSeconds;
    if (period === 0) throw new Inconclusive("ET58 gives a self-test period of 0");
    const boundary = nextPeriodBoundary(
      (await readDeviceClock(this.client(), NEXT_SELF_TEST)).epochMs + seconds * 1000,
      period,
    );
    await runControlCompleted(
      this,
      BP10,
      setDateTimeTo(boundary - seconds * 1000),
      "setting the clock before the next self-test",
    );
  },
);

Then("ET58 counts another self-test by a period after its last one", async function (this: OsgpWorld) {
  const before = kept(this.state.selfTest.statusBefore, "ET58 before");
  if (before.periodSeconds === 0) throw new Inconclusive("ET58 gives a self-test period of 0");
  if (before.lastTest === null)
    throw new Inconclusive("ET58 records no self-test yet, so the period has no phase to follow");
  const last = lTimeDateToEpochMs(before.lastTest);
  const from = (await readDeviceClock(this.client(), NEXT_SELF_TEST)).epochMs;
  const due = nextSelfTestDue(last, from, before.periodSeconds);
  if (due === null)
    throw new Inconclusive(
      `ET58's last self-test is stamped ${iso(last)}, after the device's clock (${iso(from)}): the clock was set back since, so when the next one is due cannot be said`,
    );
  const now = await onceTheDeviceActs(this, due, async () => {
    const s = await et58(this);
    expectThat(
      s.testCount > before.testCount,
      `ET58's self-test count stayed at ${s.testCount}; the next self-test was due at ${iso(due)}, a whole number of its ${before.periodSeconds} s periods after the last at ${iso(last)}`,
    );
    return s;
  });
  const c = this.pixit.clock;
  const stamp = selfTestStampProblem(
    now.lastTest === null ? null : lTimeDateToEpochMs(now.lastTest),
    from,
    due,
    c.reactionSeconds,
    c.toleranceSeconds,
  );
  expectThat(stamp === null, stamp ?? "");
});

Then("ET58, ET54 and BT03 agree about the last self-test", async function (this: OsgpWorld) {
  const c = this.client();
  const f = (await this.description()).format;
  const problems = selfTestDisagreements(
    await et58(this),
    await readMeterStatus(c, f),
    (await readBt03(c, f)).standardStatus,
  );
  expectThat(problems.length === 0, `the self-test results disagree:\n${problems.join("\n")}`);
});

Given("the self-tests will be healed and the flags and alarms cleared after the scenario", function (this: OsgpWorld) {
  const none = new Uint8Array(0);
  this.cleanups.push(
    proceduresCleanup(this, "heal the self-tests and clear the flags and alarms", [
      {
        id: EP94,
        parameters: encodeControlBenchAction({ action: CONTROL_BENCH_ACTION.healSelfTests, argument: 0 }),
        doing: "the bench healing the self-tests",
      },
      { id: controlProcedure(this.pixit, "clearStatusFlags"), parameters: none, doing: "clearing BT03's flags" },
      { id: controlProcedure(this.pixit, "clearAlarms"), parameters: none, doing: "clearing the alarms" },
    ]),
  );
});

When("the bench makes the {string} self-test fail", async function (this: OsgpWorld, name: string) {
  await runControlCompleted(
    this,
    EP94,
    encodeControlBenchAction({ action: CONTROL_BENCH_ACTION.failSelfTest, argument: SELF_TEST[testName(name)] }),
    "the bench failing a self-test",
  );
});

When("the bench heals the self-tests", async function (this: OsgpWorld) {
  await runControlCompleted(
    this,
    EP94,
    encodeControlBenchAction({ action: CONTROL_BENCH_ACTION.healSelfTests, argument: 0 }),
    "the bench healing the self-tests",
  );
});

Then("ET58 says the {string} self-test failed, with its error code", async function (this: OsgpWorld, name: string) {
  const t = testName(name);
  const now = await et58(this);
  expectThat(
    failedTestsIn(now.failedTests).includes(t),
    `ET58's failed tests are ${failedTestsIn(now.failedTests).join(", ") || "none"}; the ${t} test was made to fail`,
  );
  expectThat(
    now.errorCode === selfTestErrorCode(t),
    `ET58's error code is ${now.errorCode}; a failed ${t} test gives ${selfTestErrorCode(t)}`,
  );
});

Then("BT03 shows the {string} failure and a self-check error", async function (this: OsgpWorld, name: string) {
  const flag = bt03FlagOf(testName(name));
  const s = (await readBt03(this.client(), (await this.description()).format)).standardStatus;
  expectThat(
    s[flag] === 1 && s.selfCheckError === 1,
    `BT03's ${flag} is ${s[flag]} and its self-check error ${s.selfCheckError}; both should be set`,
  );
});

Then("BT03 shows no self-check error", async function (this: OsgpWorld) {
  const s = (await readBt03(this.client(), (await this.description()).format)).standardStatus;
  expectThat(
    s.selfCheckError === 0,
    "BT03's self-check error flag is still set after the flags were cleared and the self-tests pass",
  );
});

Given("ET71 is read", async function (this: OsgpWorld) {
  this.state.selfTest.deltaAlertsBefore = await et71(this);
});

Then("ET71 counts a new alert, latched", async function (this: OsgpWorld) {
  const before = kept(this.state.selfTest.deltaAlertsBefore, "ET71 before");
  const now = await et71(this);
  expectThat(
    now.alertCount !== before.alertCount,
    `ET71's alert count stayed at ${now.alertCount} while more than the delta was imported`,
  );
  expectThat(now.alertLatched === 1, "ET71 counted an alert but does not show it latched");
});

Then("ET71's alert is no longer latched", async function (this: OsgpWorld) {
  expectThat((await et71(this)).alertLatched === 0, "ET71's alert is still latched after the alarms were cleared");
});

Then("ET70's uptime grows and its conditions are ET54's", async function (this: OsgpWorld) {
  const first = await et70(this);
  const status = await readMeterStatus(this.client(), (await this.description()).format);
  await sleep(1100 / this.pixit.clock.speed);
  const second = await et70(this);
  expectThat(
    second.uptimeSeconds > first.uptimeSeconds,
    `ET70's uptime went from ${first.uptimeSeconds} to ${second.uptimeSeconds} s over more than a device second`,
  );
  expectThat(
    first.conditions === status.conditions,
    `ET70's alarm conditions are 0x${first.conditions.toString(16)}, ET54's 0x${status.conditions.toString(16)}`,
  );
});
