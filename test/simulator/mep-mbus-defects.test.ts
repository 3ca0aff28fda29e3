import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeRemoveDevice, EP17 } from "../../harness/protocol/procedures/ep17-remove-device";
import { BENCH_ACTION } from "../../harness/protocol/procedures/ep95-simulator-bench";
import { ET13 } from "../../harness/protocol/tables/et13-mbus-device-configuration";
import { ET18 } from "../../harness/protocol/tables/et18-group-membership";
import { ET31, ONE_TIME_OUTCOME, ONE_TIME_STATE } from "../../harness/protocol/tables/et31-one-time-read-log";
import { ET50 } from "../../harness/protocol/tables/et50-mep-inbound-data-space";
import { ET51 } from "../../harness/protocol/tables/et51-mep-device-configuration";
import { lTimeDateToEpochMs } from "../../harness/protocol/types/time-types";
import { MEP_MBUS_DEFECTS } from "../../harness/simulator/defects/mep-mbus-defects";
import type { DefectName } from "../../harness/simulator/defects";
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { codeOf, meterOf, partialWrite, START_MS, tableOf, type FakeTicks } from "./meter-requests";
import {
  bench,
  configs,
  ep19,
  ep39,
  june15,
  oneTime,
  pass,
  postings,
  reading,
  recurring,
  requests,
  run,
  status,
} from "./mep-mbus-requests";

/**
 * Each defect of 8.13-8.18 breaks one requirement: the check below is false on the clean
 * reference meter and true with the defect on. Layout facts are restated here from the codecs'
 * doc comments: channel c's ET15 entry is c - 1 and the MEP entries are the last two; the seeded
 * gas meter is at address 5 on channel 1 (handle 0x0105); ET31's request is bytes 0-8.
 */
type Violation = (m: ReferenceMeter, t: FakeTicks) => boolean;

const NOON = { year: 2025, month: 6, day: 15, hour: 12, minute: 0 };
const oneTimeRequest = (id: number, group: number, what: number) =>
  Uint8Array.of(id, group & 0xff, group >> 8, 25, 6, 15, 12, 0, what);
const stage = (m: ReferenceMeter, data: number[]) =>
  codeOf(m, partialWrite(ET50, 0, Uint8Array.of(data.length, ...data)));
const MEP_DATA = 5;
const MEP_REQUEST = 6;

function beforeNoon(m: ReferenceMeter): void {
  m.clock.set(june15(11, 59, 59));
}

const VIOLATIONS: Record<keyof typeof MEP_MBUS_DEFECTS, Violation> = {
  "one-time-read-executed-twice": (m, t) => {
    beforeNoon(m);
    codeOf(m, partialWrite(ET31, 0, oneTimeRequest(9, 0, 1)));
    pass(m, t, 4000);
    return oneTime(m).log.filter((e) => e.requestId === 9 && e.outcome === ONE_TIME_OUTCOME.executed).length !== 1;
  },
  "group-request-non-member-executed": (m) => {
    beforeNoon(m);
    codeOf(m, partialWrite(ET31, 0, oneTimeRequest(9, 0x4f01, 1)));
    return oneTime(m).state !== ONE_TIME_STATE.ignored;
  },
  "mep-non-urgent-never-read": (m, t) => {
    ep39(m, { direction: "down", kind: 0, requestId: 0x21, data: Uint8Array.of(1, 2) });
    pass(m, t, 2000);
    return requests(m)[MEP_DATA]?.state !== 2;
  },
  "mep-unsupported-request-done": (m, t) => {
    ep39(m, { direction: "down", kind: 1, requestId: 0x22, data: Uint8Array.of(0x7f) });
    pass(m, t, 1000);
    return requests(m)[MEP_REQUEST]?.state !== 3;
  },
  "mep-scheduled-alarms-dropped": (m, t) => {
    bench(m, BENCH_ACTION.mepAlarms, 5);
    codeOf(m, partialWrite(ET51, 9, Uint8Array.of(1, 0)));
    beforeNoon(m);
    pass(m, t, 2000);
    return (
      recurring(m)
        .entries.filter((e) => e.type === 1)
        .at(-1)?.mep?.alarms !== 5
    );
  },
  "mep-on-demand-response-lost": (m, t) => {
    ep39(m, { direction: "down", kind: 1, requestId: 0x23, data: Uint8Array.of(1) });
    pass(m, t, 1000);
    return !postings(m).entries.some((p) => p.kind === 3 && p.requestId === 0x23);
  },
  "mep-unsolicited-data-truncated": (m) => {
    stage(m, [0xa, 0xb, 0xc]);
    ep39(m, { direction: "up", kind: 4, requestId: 0, alarms: 0 });
    return postings(m).entries.at(-1)?.data.length !== 3;
  },
  "mep-urgent-not-flagged": (m) => {
    stage(m, [0xa]);
    ep39(m, { direction: "up", kind: 5, requestId: 0, alarms: 0 });
    return ((postings(m).entries.at(-1)?.flags ?? 0) & 0x02) === 0 || postings(m).urgentCount !== 1;
  },
  "mep-alarms-only-carries-data": (m) => {
    stage(m, [0xa, 0xb]);
    ep39(m, { direction: "up", kind: 6, requestId: 0, alarms: 16 });
    return postings(m).entries.at(-1)?.data.length !== 0;
  },
  "mbus-on-demand-never-posted": (m, t) => {
    const before = reading(m, 1).telegram?.accessNumber;
    ep19(m, 1, 0, 0x31);
    pass(m, t, 1000);
    // Each answer of an M-Bus device carries the next access number: an unchanged one is an old telegram.
    return reading(m, 1).telegram?.accessNumber === before;
  },
  "mbus-et16-local-time": (m, t) => {
    ep19(m, 1, 0, 0x32);
    pass(m, t, 1000);
    // Time passes at the tick rate here (speed 1): the read ended between START and START + 1 s.
    return Math.abs(lTimeDateToEpochMs(reading(m, 1).readAt ?? NOON_LTIME) - START_MS) > 2000;
  },
  "mbus-scheduled-read-late": (m, t) => {
    const entry = tableOf(m, ET13).slice(0, 16);
    entry.set([0, 0, 0, 0, 0, 0]); // hourly at minute 0, no status reads
    assert.equal(codeOf(m, partialWrite(ET13, 0, entry)), 0);
    beforeNoon(m);
    pass(m, t, 2000);
    const e = recurring(m)
      .entries.filter((x) => x.handle === 0x0105)
      .at(-1);
    return (
      e?.mbus?.readAt === undefined || e.mbus.readAt === null || lTimeDateToEpochMs(e.mbus.readAt) !== june15(12, 0, 0)
    );
  },
  "mbus-one-time-read-ignored": (m, t) => {
    beforeNoon(m);
    codeOf(m, partialWrite(ET31, 0, oneTimeRequest(9, 0, 1 << 1)));
    pass(m, t, 2000);
    const logged = oneTime(m).log.at(-1)?.mbus[0];
    return logged !== reading(m, 1).telegram?.records[0]?.value;
  },
  "mbus-outage-read-reported-complete": (m) => {
    ep19(m, 1, 0, 0x33);
    bench(m, BENCH_ACTION.powerOutage, 1);
    return requests(m)[0]?.state !== 4;
  },
  "mbus-discovery-occupied-channel": (m, t) => {
    run(m, EP17, encodeRemoveDevice({ action: 0, handle: 0x0307 }, "le"));
    ep19(m, 0, 2, 0x34);
    pass(m, t, 1000);
    return configs(m)[0]?.address !== 5 || configs(m)[2]?.address !== 7;
  },
  "ep17-leaves-et14": (m) => {
    run(m, EP17, encodeRemoveDevice({ action: 0, handle: 0x0105 }, "le"));
    return status(m).channels[0]?.handle !== 0 || (status(m).occupancy & 1) !== 0;
  },
  "mbus-no-response-no-alarm": (m, t) => {
    bench(m, BENCH_ACTION.unplug, 5);
    ep19(m, 1, 0, 0x35);
    pass(m, t, 1000);
    return ((status(m).channels[0]?.alarms ?? 0) & 0x01) === 0 || status(m).channels[0]?.status !== 2;
  },
};

const NOON_LTIME = { ...NOON, second: 0 };

test("every defect of the group has a check here", () => {
  assert.deepEqual(Object.keys(VIOLATIONS).sort(), Object.keys(MEP_MBUS_DEFECTS).sort());
  assert.ok(
    codeOf(meterOf().meter, partialWrite(ET18, 0, Uint8Array.of(1, 0))) === 0,
    "ET18 exists in the reference profile",
  );
});

for (const [defect, violated] of Object.entries(VIOLATIONS) as [
  DefectName & keyof typeof MEP_MBUS_DEFECTS,
  Violation,
][]) {
  test(`defect ${defect} (${MEP_MBUS_DEFECTS[defect].clause}): ${MEP_MBUS_DEFECTS[defect].what}`, () => {
    const clean = meterOf("reference");
    assert.equal(violated(clean.meter, clean.ticks), false, "the clean meter must pass this check");
    const broken = meterOf("reference", [defect]);
    assert.equal(violated(broken.meter, broken.ticks), true, "the defect must show");
  });
}
