import { Given, Then } from "@cucumber/cucumber";
import { expectThat } from "../harness/conformance/checks";
import { readDecoded } from "../harness/conformance/control-tables";
import { pulseGrowth, weightProblem } from "../harness/conformance/pulse-input-checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { now } from "../harness/transport/timers";
import { decodePulseInputs, ET06, type PulseChannel } from "../harness/protocol/tables/et06-pulse-inputs";
import type { OsgpWorld } from "./world";

/** 8.7: ET06's pulse counts and values. */
async function channel(world: OsgpWorld, n: number): Promise<PulseChannel> {
  const channels = (await readDecoded(world.client(), (await world.description()).format, ET06, decodePulseInputs))
    .value;
  const c = channels[n - 1];
  if (c === undefined) throw new Inconclusive(`ET06 has ${channels.length} channel(s), no channel ${n}`);
  return c;
}

function before(world: OsgpWorld, n: number): PulseChannel {
  const c = world.state.control.pulseChannelsBefore.get(n);
  if (c === undefined) throw new Inconclusive(`ET06 channel ${n} was not read first`);
  return c;
}

Given("ET06 channel {int} is read", async function (this: OsgpWorld, n: number) {
  this.state.control.pulseChannelsBefore.set(n, await channel(this, n));
  this.state.control.pulsesReadAtMs = now();
});

Then(
  "ET06 channel {int} has counted pulses, each adding its pulse weight to its value",
  async function (this: OsgpWorld, n: number) {
    const first = before(this, n);
    const last = await channel(this, n);
    const problem = weightProblem(first, last);
    expectThat(problem === null, `ET06 channel ${n}: ${problem}`);
    if (pulseGrowth(first, last).pulses === 0) {
      const waited = ((now() - (this.state.control.pulsesReadAtMs ?? now())) * this.pixit.clock.speed) / 1000;
      throw new Inconclusive(`ET06 channel ${n}: no pulse arrived in ${Math.round(waited)} s: nothing to judge`);
    }
  },
);

Then("ET06 channel {int} has counted no pulse", async function (this: OsgpWorld, n: number) {
  const g = pulseGrowth(before(this, n), await channel(this, n));
  expectThat(
    g.pulses === 0 && g.value === 0,
    `disabled ET06 channel ${n} counted ${g.pulses} pulse(s) and its value moved by ${g.value}`,
  );
});
