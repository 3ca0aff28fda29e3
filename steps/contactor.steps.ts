import { Given, Then, When } from "@cucumber/cucumber";
import { expectThat, valueOf } from "../harness/conformance/checks";
import {
  causeName,
  contactorAction,
  contactorState,
  openCause,
  presentLoad,
  scaled,
  stateName,
  withLimitBy,
  withOption,
  type PresentLoad,
} from "../harness/conformance/contactor-checks";
import { controlProcedure } from "../harness/conformance/control-pixit";
import { readMeterStatus, readPowerQuality } from "../harness/conformance/control-status";
import { readDecoded } from "../harness/conformance/control-tables";
import { byHand, inTurn, procedureRestore, writeRestore } from "../harness/conformance/bench-restore";
import { Inconclusive } from "../harness/conformance/verdicts";
import { describeResponseCode } from "../harness/protocol/response-codes";
import {
  CONTROL_BENCH_ACTION,
  EP94,
  encodeControlBenchAction,
} from "../harness/protocol/procedures/ep94-control-bench";
import { encodeContactorAction } from "../harness/protocol/procedures/ep30-load-contactor-control";
import {
  decodeMaxPowerCurrent,
  encodeMaxPowerCurrent,
  ET30,
  type MaxPowerCurrent,
} from "../harness/protocol/tables/et30-maximum-power-current";
import { CONTACTOR_STATE } from "../harness/protocol/tables/et54-meter-status";
import {
  CONTACTOR_OPTION,
  decodeMeterConfiguration,
  encodeMeterConfiguration,
  ET55,
  type MeterConfiguration,
} from "../harness/protocol/tables/et55-meter-configuration";
import type { TableFormat } from "../harness/protocol/table-format";
import type { TableClient } from "../harness/session/table-client";
import { benchOf } from "./support/cleanups";
import { runControl, runControlCompleted } from "./support/control-procedures";
import { afterTheRun } from "./support/device-reaction";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/** 8.10: the load contactor, its thresholds (ET30), configuration (ET55), state (ET54) and EP30. */
async function et55(c: TableClient, f: TableFormat): Promise<MeterConfiguration> {
  return (await readDecoded(c, f, ET55, decodeMeterConfiguration)).value;
}

async function et30(c: TableClient, f: TableFormat): Promise<MaxPowerCurrent> {
  return (await readDecoded(c, f, ET30, decodeMaxPowerCurrent)).value;
}

async function write(c: TableClient, tableId: number, data: Uint8Array, what: string): Promise<void> {
  const r = await c.writePartial(tableId, 0, data);
  if (r.code !== 0) throw new Inconclusive(`${what} was answered ${describeResponseCode(r.code)}`);
}

const writeEt55 = (c: TableClient, f: TableFormat, v: MeterConfiguration, what: string) =>
  write(c, ET55, encodeMeterConfiguration(v, f.order), what);

Given("the contactor will be put back as it was after the scenario", async function (this: OsgpWorld) {
  const c = this.client();
  const f = (await this.description()).format;
  const [limits, config, state] = [await et30(c, f), await et55(c, f), (await readMeterStatus(c, f)).contactorState];
  const et30Back = encodeMaxPowerCurrent(limits, f.order);
  const eased = withOption(
    withOption(config, CONTACTOR_OPTION.prepaid, false),
    CONTACTOR_OPTION.reconnectNeedsArming,
    false,
  );
  const close = encodeContactorAction(contactorAction("close"));
  const b = benchOf(this);
  this.cleanups.push({
    what: "put the contactor back",
    run: async (s) => {
      await write(s, ET30, et30Back, "restoring ET30");
      await writeEt55(s, f, eased, "easing ET55 to close the contactor");
      const now = (await readMeterStatus(s, f)).contactorState;
      if (state === CONTACTOR_STATE.closed && now !== CONTACTOR_STATE.closed)
        await runControlCompleted(this, controlProcedure(this.pixit, "contactor"), close, "closing the contactor");
      await writeEt55(s, f, config, "restoring ET55");
    },
    restore: inTurn([
      writeRestore(b, ET30, 0, et30Back),
      writeRestore(b, ET55, 0, encodeMeterConfiguration(eased, f.order)),
      ...(state === CONTACTOR_STATE.closed
        ? [
            byHand(
              `if ET54 shows the contactor open, close it: ${procedureRestore(b, controlProcedure(this.pixit, "contactor"), close)}`,
            ),
          ]
        : []),
      writeRestore(b, ET55, 0, encodeMeterConfiguration(config, f.order)),
    ]),
  });
});

Given("the contactor is closed", async function (this: OsgpWorld) {
  const s = (await readMeterStatus(this.client(), (await this.description()).format)).contactorState;
  if (s !== CONTACTOR_STATE.closed) throw new Inconclusive(`the contactor is ${stateName(s)} at the start (ET54)`);
});

Given("the present load is read from ET09", async function (this: OsgpWorld) {
  this.state.control.presentLoad = presentLoad(
    await readPowerQuality(this.client(), (await this.description()).format),
  );
});

function load(world: OsgpWorld): PresentLoad {
  const l = world.state.control.presentLoad;
  if (l === undefined) throw new Inconclusive("the present load was not read first");
  return l;
}

async function limit(world: OsgpWorld, by: "power" | "current", limits: MaxPowerCurrent): Promise<void> {
  const c = world.client();
  const f = (await world.description()).format;
  await writeEt55(c, f, withLimitBy(await et55(c, f), by), `choosing to limit the ${by} in ET55`);
  await write(c, ET30, encodeMaxPowerCurrent(limits, f.order), "writing ET30's thresholds");
}

When(
  "the client limits the import power to {float} times the present power for {int} second(s)",
  async function (this: OsgpWorld, factor: number, seconds: number) {
    await limit(this, "power", {
      maxPowerW: scaled(load(this).powerW, factor, this.pixit.control.limits.maxPowerW),
      maxCurrentCentiA: 0,
      durationSeconds: seconds,
    });
  },
);

When(
  "the client limits the phase current to {float} times the present highest current for {int} second(s)",
  async function (this: OsgpWorld, factor: number, seconds: number) {
    await limit(this, "current", {
      maxPowerW: 0,
      maxCurrentCentiA: scaled(load(this).currentCentiA, factor, this.pixit.control.limits.maxCurrentCentiA),
      durationSeconds: seconds,
    });
  },
);

When(
  "the client limits the current, with only the power threshold below the present power, for {int} second(s)",
  async function (this: OsgpWorld, seconds: number) {
    await limit(this, "current", {
      maxPowerW: scaled(load(this).powerW, 0.5, this.pixit.control.limits.maxPowerW),
      maxCurrentCentiA: 0,
      durationSeconds: seconds,
    });
  },
);

When(
  "the client limits the power, with only the current threshold below the present current, for {int} second(s)",
  async function (this: OsgpWorld, seconds: number) {
    await limit(this, "power", {
      maxPowerW: 0,
      maxCurrentCentiA: scaled(load(this).currentCentiA, 0.5, this.pixit.control.limits.maxCurrentCentiA),
      durationSeconds: seconds,
    });
  },
);

Then("ET54 shows the contactor {word}", async function (this: OsgpWorld, name: string) {
  const s = (await readMeterStatus(this.client(), (await this.description()).format)).contactorState;
  expectThat(s === contactorState(name), `ET54 shows the contactor ${stateName(s)}; expected ${name}`);
});

Then("ET54 shows the contactor opened by {word}", async function (this: OsgpWorld, cause: string) {
  await afterTheRun(this, async () => {
    const s = await readMeterStatus(this.client(), (await this.description()).format);
    expectThat(
      s.contactorState !== CONTACTOR_STATE.closed,
      `ET54 shows the contactor closed; the ${cause} should have opened it`,
    );
    expectThat(
      s.openCause === openCause(cause),
      `ET54 says the contactor was opened by ${causeName(s.openCause)}; expected ${cause}`,
    );
  });
});

When("the client runs the contactor procedure to {word}", async function (this: OsgpWorld, action: string) {
  await runControl(this, "contactor", encodeContactorAction(contactorAction(action)));
});

When("the client runs the contactor procedure with action {int}", async function (this: OsgpWorld, action: number) {
  await runControl(this, "contactor", encodeContactorAction(action));
});

Then("BT08 says the contactor is {word}", function (this: OsgpWorld, name: string) {
  const o = valueOf(this.procedure, "procedure outcome");
  if (o.status !== "done") throw new Inconclusive("the contactor procedure has no result in BT08");
  const s = o.result.responseData[0] ?? -1;
  expectThat(
    s === contactorState(name),
    `BT08's response data says the contactor is ${stateName(s)}; expected ${name}`,
    [this.evidence("BT08", o.bt08)],
  );
});

When("the client turns prepaid on with a credit of {int} Wh", async function (this: OsgpWorld, wh: number) {
  const c = this.client();
  const f = (await this.description()).format;
  await writeEt55(
    c,
    f,
    { ...withOption(await et55(c, f), CONTACTOR_OPTION.prepaid, true), creditWh: wh, lowCreditWh: 0 },
    "turning prepaid on in ET55",
  );
  this.state.control.creditWrittenWh = wh;
});

When("the client requires a local reconnect", async function (this: OsgpWorld) {
  const c = this.client();
  const f = (await this.description()).format;
  await writeEt55(
    c,
    f,
    withOption(await et55(c, f), CONTACTOR_OPTION.reconnectNeedsArming, true),
    "requiring a local reconnect in ET55",
  );
});

Then("ET55's credit has gone down from what was written", async function (this: OsgpWorld) {
  const credit = (await et55(this.client(), (await this.description()).format)).creditWh;
  const written = kept(this.state.control.creditWrittenWh, "credit written");
  expectThat(
    credit < written,
    `ET55's credit is ${credit} Wh, as much as the ${written} Wh written, although energy was imported`,
  );
});

Then("ET55's credit is still what was written", async function (this: OsgpWorld) {
  const credit = (await et55(this.client(), (await this.description()).format)).creditWh;
  const written = kept(this.state.control.creditWrittenWh, "credit written");
  expectThat(credit === written, `ET55's credit went from ${written} to ${credit} Wh`);
});

When("the bench presses the contactor's button", async function (this: OsgpWorld) {
  await runControlCompleted(
    this,
    EP94,
    encodeControlBenchAction({ action: CONTROL_BENCH_ACTION.pressButton, argument: 0 }),
    "the bench pressing the button",
  );
});
