import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import {
  alertInsideViolations,
  framingViolations,
  responseTimeViolations,
} from "../../harness/conformance/mep-link-checks";
import { MAX_PAYLOAD } from "../../harness/link/mep/mep-frame";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { mepKeys } from "../../harness/security/rc4-psk";
import { Redactor } from "../../harness/security/redactor";
import { rc4PskSuite } from "../../harness/security/security-suite";
import { Secret } from "../../harness/security/secret";
import { MepProbe } from "../../harness/session/mep-probe";
import { SECURED_TABLE_CODEC } from "../../harness/session/secured-session";
import { DEFECTS, type DefectName } from "../../harness/simulator/defects";
import { MEP_LINK_DEFECTS } from "../../harness/simulator/defects/mep-link-defects";
import { DEFAULT_FIRST_SEQUENCE, MepPort } from "../../harness/simulator/mep-port";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import { createInProcessPair } from "../../harness/transport/in-process";

/**
 * The MEP port's link defects, each shown by the harness's probe against the port in process: a
 * check that is false on the clean meter and true with the defect on. In process each write of
 * the port arrives as one chunk, so a response sent in one burst shows as one chunk here, which
 * the scenarios cannot rely on (they judge gaps on a line).
 */
const MAK = Uint8Array.from(Buffer.from("MAK-OSGP-SIM-KEY", "latin1"));
const MBK = Uint8Array.from(Buffer.from("MBK-OSGP-SIM-KEY", "latin1"));
const READ = encodeTableRequest({ service: "full-read", tableId: BT01 }, SECURED_TABLE_CODEC);
// 200 bytes of BT23: a 213-byte response frame, two segments.
const LONG_READ = encodeTableRequest(
  { service: "partial-read", tableId: 23, offset: 0, count: 200 },
  SECURED_TABLE_CODEC,
);
const FIRST = (DEFAULT_FIRST_SEQUENCE + 1) >>> 0;

async function withProbe(t: TestContext, defects: DefectName[]) {
  const [client, device] = createInProcessPair();
  const meter = new ReferenceMeter({ profile: profileNamed("reference"), defects });
  const port = new MepPort(device, { meter, keys: { mak: new Secret(MAK, "MAK"), mbk: new Secret(MBK, "MBK") } });
  const suite = rc4PskSuite(mepKeys(MAK), { responseKeystream: "continue", emptyInput: "one-zero-block" });
  const probe = new MepProbe(
    client,
    suite,
    // Twice the MEP guide's response time, as the scenarios wait: a late response is seen, not missed.
    { maxPayload: MAX_PAYLOAD, minRequestIntervalMs: 0, firstByteWithinMs: 1000, quietMs: 100 },
    new Redactor(),
  );
  t.after(async () => {
    await probe.close();
    await port.close();
  });
  return { probe, meter };
}

type Check = (p: MepProbe, meter: ReferenceMeter) => Promise<boolean>;

const CHECKS: Record<keyof typeof MEP_LINK_DEFECTS, Check> = {
  "mep-length-off-by-one": async (p) => {
    await p.exchange(p.protect(READ, FIRST, true));
    return framingViolations(p.exchanges()).length > 0;
  },
  "mep-alert-inside-response": async (p, meter) => {
    meter.interface.alertPending = true;
    await p.exchange(p.protect(LONG_READ, FIRST, true));
    return alertInsideViolations(p.exchanges()).length > 0;
  },
  "mep-response-not-segmented": async (p) => {
    await p.exchange(p.protect(LONG_READ, FIRST, true));
    return p.exchanges().some((x) => x.rx.some((c) => c.bytes.length > 117));
  },
  "mep-response-late": async (p) => {
    await p.exchange(p.protect(READ, FIRST, true));
    return responseTimeViolations(p.exchanges(), 500, { byteTimeMs: 0, marginMs: 20 }).length > 0;
  },
  "mep-retransmission-executed-twice": async (p) => {
    const request = p.protect(READ, FIRST, true);
    await p.exchange(request);
    const again = await p.exchange(request);
    return again.outcome?.kind === "response" && again.outcome.apdu[0] === 0x00;
  },
};

test("every MEP link defect has a check, lives on the MEP link, and only the timing ones need a pty", () => {
  assert.deepEqual(Object.keys(CHECKS).sort(), Object.keys(MEP_LINK_DEFECTS).sort());
  const timing = ["mep-response-late", "mep-response-not-segmented"];
  for (const [name, d] of Object.entries(MEP_LINK_DEFECTS)) {
    assert.equal(d.link, "mep", name);
    assert.equal((d as { bench?: string }).bench === "pty", timing.includes(name), name);
  }
});

for (const [defect, violated] of Object.entries(CHECKS) as [keyof typeof MEP_LINK_DEFECTS, Check][]) {
  test(`defect ${defect} (${DEFECTS[defect].clause}): ${DEFECTS[defect].what}`, async (t) => {
    const clean = await withProbe(t, []);
    assert.equal(await violated(clean.probe, clean.meter), false, "the clean meter keeps the rule");
    const broken = await withProbe(t, [defect]);
    assert.equal(await violated(broken.probe, broken.meter), true, "the defect breaks it");
  });
}

test("the clean port segments a 213-byte response as 117 + 96 bytes and answers a retransmission 0x0C", async (t) => {
  const { probe } = await withProbe(t, []);
  await probe.exchange(probe.protect(LONG_READ, FIRST, true));
  assert.deepEqual(
    probe.exchanges()[0]?.rx.map((c) => c.bytes.length),
    [117, 96],
  );
  const request = probe.protect(READ, FIRST + 1, true);
  await probe.exchange(request);
  const again = await probe.exchange(request);
  assert.equal(again.outcome?.kind === "response" && again.outcome.apdu[0], 0x0c);
});
