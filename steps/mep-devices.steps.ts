import { Given, Then, When } from "@cucumber/cucumber";
import { expectThat, valueOf } from "../harness/conformance/checks";
import { parseUtc } from "../harness/conformance/device-clock";
import { readRecurringLog, type MfgLayout } from "../harness/conformance/mbus-device-tables";
import { expectRequest, msOf } from "../harness/conformance/mbus-checks";
import { mustComplete } from "../harness/conformance/mbus-procedures";
import {
  expectAlarmsConsistent,
  expectMepScheduledRead,
  expectPosting,
  kindNamed,
  postingWith,
} from "../harness/conformance/mep-device-checks";
import {
  readMepConfiguration,
  readMepProcedureResponse,
  readMepSlots,
  readPostings,
  requireMepDimensions,
} from "../harness/conformance/mep-device-tables";
import { statePacing } from "../harness/conformance/poll-pacing";
import { Inconclusive } from "../harness/conformance/verdicts";
import { parseHex } from "../harness/bytes/parse-hex";
import { decodePostingSequence, encodePostMepData, EP39 } from "../harness/protocol/procedures/ep39-post-mep-data";
import { BENCH_ACTION, encodeBenchAction, EP95 } from "../harness/protocol/procedures/ep95-simulator-bench";
import { PROCEDURE_RESULT } from "../harness/protocol/procedures/procedure-result-codes";
import { describeResponseCode } from "../harness/protocol/response-codes";
import { REQUEST_STATE, type OnDemandRequest } from "../harness/protocol/tables/et15-on-demand-requests";
import { encodeInboundData, ET50, et50Size } from "../harness/protocol/tables/et50-mep-inbound-data-space";
import { ET51, ET51_SCHEDULED_READ } from "../harness/protocol/tables/et51-mep-device-configuration";
import { fieldBytes } from "../harness/protocol/types/uint-fields";
import { POSTING_KIND } from "../harness/protocol/tables/et74-mep-extended-log";
import { procedureRestore, writeBackCleanup } from "../harness/conformance/bench-restore";
import { benchOf } from "./support/cleanups";
import { dimensionsOf, procedureContext, writeTable } from "./support/mbus-context";
import { run } from "./support/procedure-runs";
import { kept } from "./support/scenario-state";
import { onceTheDeviceActs } from "./support/device-reaction";
import type { OsgpWorld } from "./world";
import { PollBackoff } from "../harness/session/poll-backoff";

/**
 * 8.17 MEP devices: downlink (EP39 kinds 0 and 1, taken by the MEP device: ET15's last two
 * entries), uplink (the device's responses, ET45/ET74/ET59; postings the client makes as a MEP
 * device from ET50). "mep request" keeps the id and data of the last downlink posting.
 */
async function mepDims(world: OsgpWorld): Promise<MfgLayout> {
  const d = await dimensionsOf(world, false);
  requireMepDimensions(d);
  return d;
}

let nextId = 0x20;

async function postDown(world: OsgpWorld, kind: number, data: Uint8Array): Promise<void> {
  nextId = nextId >= 0x7f ? 0x20 : nextId + 1;
  world.state.mepDevice.request = { requestId: nextId, data };
  await run(
    world,
    EP39,
    encodePostMepData({ direction: "down", kind, requestId: nextId, data }, (await world.description()).format.order),
  );
}

function mepRequest(world: OsgpWorld): { requestId: number; data: Uint8Array } {
  const r = world.state.mepDevice.request;
  if (r === undefined) throw new Inconclusive("the scenario posted nothing for the MEP device");
  return r;
}

/** Polls ET15's MEP entry until it leaves "pending", for at most `seconds` of device time. */
async function waitTaken(world: OsgpWorld, slot: "data" | "request", seconds: number): Promise<void> {
  const d = await mepDims(world);
  const pacing = new PollBackoff(
    statePacing(world.pixit, world.config.target.link, (seconds * 1000) / world.pixit.clock.speed),
  );
  let state: number;
  do state = (await readMepSlots(world.client(), d))[slot].state;
  while (state === REQUEST_STATE.pending && (await pacing.next()));
}

Given("the MEP configuration will be restored after the scenario", async function (this: OsgpWorld) {
  const { bytes } = await readMepConfiguration(this.client(), (await this.description()).format);
  this.cleanups.push(writeBackCleanup(benchOf(this), ET51, 0, bytes));
});

Given("ET50 will be restored after the scenario", async function (this: OsgpWorld) {
  const d = await mepDims(this);
  const r = await this.client().readPartial(ET50, 0, et50Size(d.mepDataSize));
  if (!("data" in r)) throw new Inconclusive(`ET50 could not be read: ${describeResponseCode(r.code)}`);
  this.cleanups.push(writeBackCleanup(benchOf(this), ET50, 0, r.data));
});

Given("the bench sets the MEP device's alarms to {int}", async function (this: OsgpWorld, alarms: number) {
  const ctx = await procedureContext(this);
  const clear = encodeBenchAction({ action: BENCH_ACTION.mepAlarms, argument: 0 }, ctx.order);
  this.cleanups.push({
    what: "clear the MEP device's alarms",
    run: async (s) => void (await mustComplete(s, ctx, EP95, clear, "clearing the MEP device's alarms")),
    restore: procedureRestore(benchOf(this), EP95, clear),
  });
  await mustComplete(
    this.client(),
    ctx,
    EP95,
    encodeBenchAction({ action: BENCH_ACTION.mepAlarms, argument: alarms }, ctx.order),
    "the bench's MEP alarms",
  );
  this.state.mepDevice.alarms = alarms;
});

Given("ET74 is recorded", async function (this: OsgpWorld) {
  this.state.mepDevice.postingsBefore = (await readPostings(this.client(), await mepDims(this))).log;
});

When(
  "the client posts non-urgent data {string} for the MEP device with EP39",
  async function (this: OsgpWorld, hex: string) {
    await postDown(this, POSTING_KIND.data, parseHex(hex));
  },
);

When("the client posts non-urgent data one byte longer than ET11's MEP data size", async function (this: OsgpWorld) {
  const d = await mepDims(this);
  await postDown(this, POSTING_KIND.data, new Uint8Array(d.mepDataSize + 1).fill(0x5a));
});

When(
  "the client posts the on-demand request {string} for the MEP device with EP39",
  async function (this: OsgpWorld, hex: string) {
    await postDown(this, POSTING_KIND.onDemandRequest, parseHex(hex));
  },
);

When("the client posts the PIXIT's unknown on-demand request for the MEP device", async function (this: OsgpWorld) {
  await postDown(this, POSTING_KIND.onDemandRequest, Uint8Array.of(this.pixit.mepMbus.unknownMepRequestCode));
});

When(
  "the client waits until the MEP device has taken the data, at most ET51's health timeout",
  async function (this: OsgpWorld) {
    await waitTaken(
      this,
      "data",
      (await readMepConfiguration(this.client(), (await this.description()).format)).config.healthTimeoutS,
    );
  },
);

When(
  "the client waits until the MEP device has taken the request, at most ET51's on-demand timeout",
  async function (this: OsgpWorld) {
    await waitTaken(
      this,
      "request",
      (await readMepConfiguration(this.client(), (await this.description()).format)).config.onDemandTimeoutS,
    );
  },
);

When(
  "the client sets the MEP device's scheduled read interval to {int} minute(s) in ET51",
  async function (this: OsgpWorld, minutes: number) {
    const bytes = fieldBytes(minutes, ET51_SCHEDULED_READ, (await this.description()).format.order);
    if (bytes === null) throw new Inconclusive(`${minutes} minutes does not fit ET51's UINT16 interval`);
    await writeTable(this, ET51, ET51_SCHEDULED_READ.offset, bytes);
  },
);

When("the client stages {string} in ET50", async function (this: OsgpWorld, hex: string) {
  const d = await mepDims(this);
  const data = parseHex(hex);
  this.state.mepDevice.staged = data;
  await writeTable(this, ET50, 0, encodeInboundData(data, d.mepDataSize));
});

When(
  "the client posts ET50's data as {string} with alarms {int}",
  async function (this: OsgpWorld, kind: string, alarms: number) {
    this.state.mepDevice.uplink = { kind: kindNamed(kind), alarms };
    await run(
      this,
      EP39,
      encodePostMepData(
        { direction: "up", kind: kindNamed(kind), requestId: 0, alarms },
        (await this.description()).format.order,
      ),
    );
  },
);

Then(
  "ET15 shows the MEP {word} {string}, taken after it was posted",
  async function (this: OsgpWorld, slot: string, state: string) {
    if (slot !== "data" && slot !== "request") throw new Inconclusive(`"${slot}" is neither "data" nor "request"`);
    const wanted = REQUEST_STATE[state as keyof typeof REQUEST_STATE];
    const e = expectRequest(
      (await readMepSlots(this.client(), await mepDims(this)))[slot],
      mepRequest(this).requestId,
      [wanted],
      `the MEP ${slot} posted`,
    );
    expectThat(
      e.count === mepRequest(this).data.length,
      `ET15 says ${e.count} bytes were posted; the client posted ${mepRequest(this).data.length}`,
    );
    if (wanted !== REQUEST_STATE.pending)
      expectThat(
        e.finishedAt !== null && msOf(e.finishedAt, "taken") >= msOf(e.postedAt, "posted"),
        "ET15's time the device took it is missing or before the posting",
      );
  },
);

Then("ET15 shows the MEP data posted or already taken", async function (this: OsgpWorld) {
  const e: OnDemandRequest = (await readMepSlots(this.client(), await mepDims(this))).data;
  expectRequest(e, mepRequest(this).requestId, [REQUEST_STATE.pending, REQUEST_STATE.done], "the MEP data posted");
});

Then("ET74 holds the MEP device's answer to that request, with data", async function (this: OsgpWorld) {
  const id = mepRequest(this).requestId;
  const p = postingWith(
    (await readPostings(this.client(), await mepDims(this))).log,
    (x) => x.kind === POSTING_KIND.onDemandResponse && x.requestId === id,
    `on-demand read response to request ${id}`,
  );
  expectThat(p.data.length > 0, `the MEP device's answer to request ${id} carries no data`);
  expectAlarmsConsistent((p.flags & 1) !== 0, p.alarms, "the MEP device's answer");
  const alarms = this.state.mepDevice.alarms;
  if (alarms !== undefined)
    expectThat(
      p.alarms === alarms,
      `the MEP device's answer carries alarms 0x${p.alarms.toString(16)}; the device had 0x${alarms.toString(16)}`,
    );
});

Then("ET59 shows the MEP device's EP39 completed", async function (this: OsgpWorld) {
  const r = await readMepProcedureResponse(this.client(), (await this.description()).format);
  expectThat(
    r.procedureId === EP39 && r.resultCode === PROCEDURE_RESULT.completed,
    `ET59 shows procedure ${r.procedureId} with result ${r.resultCode}, not the MEP device's completed EP39`,
  );
});

Then("ET45's newest MEP reading was received at {string}", async function (this: OsgpWorld, at: string) {
  const atMs = parseUtc(at);
  await onceTheDeviceActs(this, atMs, async () => {
    const e = expectMepScheduledRead(
      (await readRecurringLog(this.client(), await dimensionsOf(this, false))).log,
      atMs,
      this.pixit.clock.toleranceSeconds,
    );
    const alarms = this.state.mepDevice.alarms;
    if (alarms !== undefined)
      expectThat(
        e.mep?.alarms === alarms,
        `ET45's MEP reading carries alarms 0x${(e.mep?.alarms ?? 0).toString(16)}; the device had 0x${alarms.toString(16)}`,
      );
    const p = postingWith(
      (await readPostings(this.client(), await mepDims(this))).log,
      (x) => x.kind === POSTING_KIND.scheduledRead,
      "scheduled read response",
    );
    expectThat(
      p.alarms === e.mep?.alarms,
      "ET74's newest scheduled read response does not carry the alarms ET45 logged",
    );
  });
});

Then("ET74's posting of that sequence number is what was posted", async function (this: OsgpWorld) {
  const o = valueOf(this.procedure, "EP39 outcome");
  if (o.status !== "done") throw new Inconclusive("EP39 has no final result");
  const seq = decodePostingSequence(o.result.responseData, (await this.description()).format.order);
  if (!seq.ok) throw new Inconclusive("EP39's response data does not hold a sequence number");
  const up = kept(this.state.mepDevice.uplink, "uplink posting");
  const data =
    up.kind === POSTING_KIND.alarmsOnly ? new Uint8Array(0) : kept(this.state.mepDevice.staged, "data staged in ET50");
  const p = postingWith(
    (await readPostings(this.client(), await mepDims(this))).log,
    (x) => x.sequence === seq.value,
    `posting with sequence number ${seq.value}`,
  );
  expectPosting(p, up.kind, data, up.alarms);
});

Then("ET74 counts one more urgent posting", async function (this: OsgpWorld) {
  const before = kept(this.state.mepDevice.postingsBefore, "ET74 before");
  const now = (await readPostings(this.client(), await mepDims(this))).log;
  expectThat(
    now.urgentCount === ((before.urgentCount + 1) & 0xffff),
    `ET74 counted ${before.urgentCount} urgent postings before and ${now.urgentCount} after one more`,
  );
});

Then("ET74 holds no posting after the recorded ones", async function (this: OsgpWorld) {
  const before = kept(this.state.mepDevice.postingsBefore, "ET74 before");
  const now = (await readPostings(this.client(), await mepDims(this))).log;
  expectThat(
    now.newestSequence === before.newestSequence,
    `ET74's newest sequence number went from ${before.newestSequence} to ${now.newestSequence}`,
  );
});
