import { Given, Then, When } from "@cucumber/cucumber";
import { expectThat, valueOf } from "../harness/conformance/checks";
import { readPowerQuality } from "../harness/conformance/control-status";
import {
  eventCount,
  presentValueProblems,
  provokingThresholds,
  thresholdBytes,
  PQ_EVENTS,
  type PqEvent,
} from "../harness/conformance/power-quality-checks";
import { Inconclusive } from "../harness/conformance/verdicts";
import { ET09, type PowerQuality } from "../harness/protocol/tables/et09-power-quality";
import { onceTheDeviceActs } from "./support/device-reaction";
import { setUpControlBytes, writeControlBytes } from "./support/table-writes";
import type { OsgpWorld } from "./world";

/** 8.8 and 8.8.1: ET09's thresholds, event counts and present values. */
function before(world: OsgpWorld): PowerQuality {
  const pq = world.state.control.powerQualityBefore;
  if (pq === undefined) throw new Inconclusive("ET09 was not read first");
  return pq;
}

function pqEvent(name: string): PqEvent {
  if (!(PQ_EVENTS as readonly string[]).includes(name))
    throw new Inconclusive(`"${name}" is not a power-quality event (${PQ_EVENTS.join(", ")})`);
  return name as PqEvent;
}

Given("ET09 is read", async function (this: OsgpWorld) {
  this.state.control.powerQualityBefore = await readPowerQuality(this.client(), (await this.description()).format);
});

When(
  "the client makes the present voltage a(n) {word} qualifying after {int} second(s)",
  async function (this: OsgpWorld, name: string, seconds: number) {
    await writeControlBytes(
      this,
      ET09,
      0,
      thresholdBytes(
        provokingThresholds(pqEvent(name), before(this), seconds),
        (await this.description()).format.order,
      ),
    );
    const x = valueOf(this.exchange, "the ET09 threshold write");
    expectThat(
      x.response[0] === 0,
      "the device refused thresholds that only move the under-/over-voltage or sag/swell limits past the present voltage",
      this.exchangeEvidence(x),
    );
  },
);

When("the client writes back ET09's thresholds as they were", async function (this: OsgpWorld) {
  const data = thresholdBytes(before(this), (await this.description()).format.order);
  await setUpControlBytes(this, ET09, 0, data, "ET09's thresholds as they were");
});

When("the client writes a sag threshold above the swell threshold", async function (this: OsgpWorld) {
  const pq = before(this);
  await writeControlBytes(
    this,
    ET09,
    0,
    thresholdBytes({ ...pq, sagDv: pq.swellDv + 10 }, (await this.description()).format.order),
  );
});

When("the client writes an under-voltage threshold above the over-voltage threshold", async function (this: OsgpWorld) {
  const pq = before(this);
  await writeControlBytes(
    this,
    ET09,
    0,
    thresholdBytes({ ...pq, underDv: pq.overDv + 10 }, (await this.description()).format.order),
  );
});

Then("ET09's thresholds are as they were", async function (this: OsgpWorld) {
  const was = before(this);
  const now = await readPowerQuality(this.client(), (await this.description()).format);
  const names = ["sagDv", "swellDv", "underDv", "overDv", "qualifyingSeconds"] as const;
  const changed = names.filter((n) => now[n] !== was[n]);
  expectThat(changed.length === 0, `a refused write changed ET09's ${changed.join(", ")}`);
});

/**
 * ET09's count and duration of `e` once they show the event the scenario caused and then ended: a
 * meter may count an event, and add up its duration, when it ends, and a little after. A count that
 * has not moved (or a duration short of `seconds` beside one more event) is looked for again; a count
 * that moved by more than one is judged at once.
 */
async function expectCountedOnce(world: OsgpWorld, e: PqEvent, seconds: number): Promise<void> {
  const was = eventCount(before(world), e);
  const one = (was.count + 1) & 0xffff;
  const now = await onceTheDeviceActs(world, null, async () => {
    const n = eventCount(await readPowerQuality(world.client(), (await world.description()).format), e);
    expectThat(n.count !== was.count, `ET09's ${e} count stayed at ${n.count}; one ${e} was caused and has ended`);
    expectThat(
      n.count !== one || n.seconds - was.seconds >= seconds,
      `ET09's ${e} duration grew by ${n.seconds - was.seconds} s; the ${e} lasted at least ${seconds} s`,
    );
    return n;
  });
  expectThat(now.count === one, `ET09's ${e} count went from ${was.count} to ${now.count}; one ${e} was caused`);
}

Then(
  "ET09 counts one more {word}, lasting at least {int} second(s)",
  async function (this: OsgpWorld, name: string, seconds: number) {
    await expectCountedOnce(this, pqEvent(name), seconds);
  },
);

Then("ET09 counts one more {word}", async function (this: OsgpWorld, name: string) {
  await expectCountedOnce(this, pqEvent(name), 0);
});

Then("ET09's present values are plausible", async function (this: OsgpWorld) {
  const problems = presentValueProblems(await readPowerQuality(this.client(), (await this.description()).format));
  expectThat(problems.length === 0, `ET09's present values show ${problems.join("; ")}`);
});
