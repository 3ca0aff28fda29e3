import { test } from "node:test";
import assert from "node:assert/strict";
import type { LinkJudgement } from "../../harness/conformance/c1218-link-checks";
import {
  observeAcknowledgements,
  observeAnsweredOnce,
  observeBadCrcRequest,
  observeNakedResponse,
  observePacketLimits,
  observeRepeatedRequest,
  observeServiceSequence,
  observeToggles,
  observeUnacknowledgedResponse,
  type ProbeContext,
} from "../../harness/conformance/c1218-link-observations";
import { probeSettings } from "../../harness/conformance/c1218-probe-session";
import { PIXIT_DEFAULTS, type Pixit } from "../../harness/conformance/pixit";
import { Redactor } from "../../harness/security/redactor";
import { Secret } from "../../harness/security/secret";
import { C1218Probe } from "../../harness/session/c1218-probe";
import type { DefectName } from "../../harness/simulator/defects";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultOpticalKeys } from "../../harness/simulator/optical-keys";
import { OpticalPort } from "../../harness/simulator/optical-port";
import { profileNamed } from "../../harness/simulator/profiles";
import { createInProcessPair } from "../../harness/transport/in-process";
import { EP16 } from "../../harness/protocol/procedures/ep16-clock-delta";

/**
 * Each link defect of the reference meter, with and without it, seen through the observation of
 * the link scenario that must catch it: no breach on the clean port, a breach with the defect.
 */
const PIXIT: Pixit = {
  ...PIXIT_DEFAULTS,
  link: { ...PIXIT_DEFAULTS.link, ackTimeoutMs: 150, interCharTimeoutMs: 50, retries: 2 },
  session: { ...PIXIT_DEFAULTS.session, responseTimeoutMs: 300, wakeup: { byte: 0x55, count: 0, intervalMs: 0 } },
};
// The documented default keys of the simulator (optical-keys.ts).
const RK = Secret.fromText("SIM-READER-KEY", "RK");
const MK = Secret.fromText("SIM-MASTER-KEY", "MK");
let psn = 10;

async function observeOn(
  defects: DefectName[],
  observe: (ctx: ProbeContext) => Promise<LinkJudgement>,
): Promise<LinkJudgement> {
  const meter = new ReferenceMeter({ profile: profileNamed("reference"), defects });
  const ports: OpticalPort[] = [];
  const ctx: ProbeContext = {
    pixit: PIXIT,
    open: async () => {
      const [client, device] = createInProcessPair();
      ports.push(
        new OpticalPort(device, { meter, keys: defaultOpticalKeys(), link: PIXIT.link, channelTrafficTimeoutMs: 6000 }),
      );
      return new C1218Probe(client, probeSettings(PIXIT), new Redactor());
    },
  };
  try {
    return await observe(ctx);
  } finally {
    for (const p of ports) await p.close();
  }
}

const CASES: [DefectName, (ctx: ProbeContext) => Promise<LinkJudgement>][] = [
  ["bad-crc-acked", (ctx) => observeBadCrcRequest(ctx, MK, () => undefined)],
  ["logoff-not-acked", (ctx) => observeAcknowledgements(ctx, RK)],
  ["toggle-not-alternating", (ctx) => observeToggles(ctx, RK)],
  ["negotiate-in-session-accepted", (ctx) => observeServiceSequence(ctx, RK)],
  [
    "duplicate-executed-twice",
    (ctx) => observeRepeatedRequest(ctx, MK, { procedureId: EP16, order: "le", sequence: () => ++psn }),
  ],
  ["nak-resend-changed", (ctx) => observeNakedResponse(ctx, RK)],
  ["response-sent-twice", (ctx) => observeAnsweredOnce(ctx, RK)],
  ["unacked-retries-unbounded", (ctx) => observeUnacknowledgedResponse(ctx, RK)],
  ["packet-size-ignored", (ctx) => observePacketLimits(ctx, RK)],
  ["packet-count-ignored", (ctx) => observePacketLimits(ctx, RK)],
  ["multi-packet-numbering-off", (ctx) => observePacketLimits(ctx, RK)],
];

for (const [defect, observe] of CASES) {
  test(`${defect}: the clean port shows no breach, the defect shows one`, async () => {
    const clean = await observeOn([], observe);
    assert.deepEqual(
      clean.breaches.map((b) => b.rule),
      [],
    );
    assert.deepEqual(clean.undecided, []);
    const broken = await observeOn([defect], observe);
    assert.ok(broken.breaches.length > 0, `no breach seen with ${defect}`);
  });
}
