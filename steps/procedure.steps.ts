import { Then, When } from "@cucumber/cucumber";
import { codesNamed, expectResponseCode, expectServed, valueOf } from "../harness/conformance/checks";
import { readDeviceClock } from "../harness/conformance/device-clock";
import { expectPosted, expectResult, expectResultWithin, setDateTimeTo } from "../harness/conformance/procedure-calls";
import { anUndeclaredManufacturerProcedure } from "../harness/conformance/table-selection";
import { parseHex } from "../harness/bytes/parse-hex";
import { BP10 } from "../harness/protocol/procedures/bp10-set-date-time";
import type { ProcedureOutcome } from "../harness/session/procedure-runner";
import type { PixitExpectation } from "./support/pixit-names";
import { calledProcedure as call, run } from "./support/procedure-runs";
import type { OsgpWorld } from "./world";
import { now } from "../harness/transport/timers";

function outcome(world: OsgpWorld): ProcedureOutcome {
  return valueOf(world.procedure, "procedure outcome");
}

When("the client runs BP10 setting the device clock to its own time", async function (this: OsgpWorld) {
  const clock = await readDeviceClock(this.client());
  await run(this, BP10, setDateTimeTo(clock.epochMs + (now() - clock.at)));
});

When(
  "the client runs BP10 setting the device clock to its own time with sequence number {int}",
  async function (this: OsgpWorld, sequence: number) {
    const clock = await readDeviceClock(this.client());
    await run(this, BP10, setDateTimeTo(clock.epochMs + (now() - clock.at)), sequence);
  },
);

When("the client runs BP10 with parameters {string}", async function (this: OsgpWorld, hex: string) {
  await run(this, BP10, parseHex(hex));
});

When("the client runs a manufacturer procedure that BT00 does not declare", async function (this: OsgpWorld) {
  await run(this, anUndeclaredManufacturerProcedure((await this.description()).config), new Uint8Array(0));
});

Then("the BT07 write was answered ok", function (this: OsgpWorld) {
  expectServed(outcome(this).initiate.code, "the BT07 write");
});

Then(
  "the BT07 write was answered with one of the PIXIT's {pixitExpectation} codes",
  function (this: OsgpWorld, item: PixitExpectation) {
    expectResponseCode(
      outcome(this).initiate.code,
      codesNamed(this.pixit.expect[item], `expect.${item}`),
      `the BT07 write (PIXIT expect.${item})`,
      [],
    );
  },
);

Then("BT08 holds the result of that call", function (this: OsgpWorld) {
  expectPosted(outcome(this), call(this), (l, b) => this.evidence(l, b));
});

Then("the procedure result is {string}", function (this: OsgpWorld, result: string) {
  expectResult(outcome(this), call(this), [result], (l, b) => this.evidence(l, b));
});

Then(
  "the procedure outcome is one of the PIXIT's {pixitExpectation} results",
  function (this: OsgpWorld, item: PixitExpectation) {
    expectResult(outcome(this), call(this), this.pixit.expect[item], (l, b) => this.evidence(l, b));
  },
);

Then('the result was in BT08 within the PIXIT\'s "procedures.resultWithinMs"', function (this: OsgpWorld) {
  const evidence = (l: string, b: Uint8Array) => this.evidence(l, b);
  const done = expectPosted(outcome(this), call(this), evidence);
  expectResultWithin(done.timing, this.pixit.procedures.resultWithinMs, evidence);
});
