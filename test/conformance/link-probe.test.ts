import { test } from "node:test";
import assert from "node:assert/strict";
import { LinkHealth } from "../../harness/conformance/link-health";
import { admitToLink, probeLink } from "../../harness/conformance/link-probe";
import { keyFor, overlayPixit } from "../../harness/conformance/pixit";
import { sessionSettings } from "../../harness/conformance/run-config";
import { mepSessionSettings, omakSuites, plcCarriage, plcSessionSettings, suiteFor } from "../../harness/conformance/secured-suites";
import { simulatedPlcBench } from "../../harness/conformance/plc-bench";
import { CNIP_PORT } from "../../harness/link/cnip/cnip-header";
import { PlcSession } from "../../harness/session/plc-session";
import { DatagramNetwork, IN_PROCESS_GATEWAY_ADDRESS, IN_PROCESS_HARNESS_ADDRESS } from "../../harness/transport/in-process-datagrams";
import { peerTransport } from "../../harness/transport/peer-transport";
import { simulatorPixit, type LinkKind, type Target } from "../../harness/conformance/target";
import { Inconclusive } from "../../harness/conformance/verdicts";
import { Redactor } from "../../harness/security/redactor";
import type { ExchangeObserver } from "../../harness/session/exchange-observer";
import { MepSession } from "../../harness/session/mep-session";
import { OpticalSession } from "../../harness/session/optical-session";
import type { TableClient } from "../../harness/session/table-client";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultMepKeys, MepPort } from "../../harness/simulator/mep-port";
import { defaultOpticalKeys } from "../../harness/simulator/optical-keys";
import { OpticalPort } from "../../harness/simulator/optical-port";
import { profileNamed } from "../../harness/simulator/profiles";
import { createInProcessPair } from "../../harness/transport/in-process";

const PIXIT = overlayPixit(simulatorPixit(profileNamed("reference")), {
  link: { ackTimeoutMs: 100, retries: 1, deadAfterFailures: 2, deadProbeIntervalSeconds: 5 },
  session: { responseTimeoutMs: 200, wakeup: { count: 0 } },
  mep: { responseTimeoutMs: 100, retries: 1 },
  plc: { responseTimeoutSeconds: 0.2, retries: 1 },
});
const INTERVAL_MS = PIXIT.link.deadProbeIntervalSeconds * 1000;

/** The simulator behind a switch: off, each connection's device end (or gateway) reads everything and answers nothing. */
function switchableTarget(link: LinkKind): Target & { up: boolean; bytesHeard: number } {
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  const plc = simulatedPlcBench(meter, () => new ReferenceMeter({ profile: profileNamed("reference") }), plcCarriage(PIXIT));
  const t = {
    up: false,
    bytesHeard: 0,
    spec: { kind: "sim" as const, link, profile: "reference", defects: [] },
    meter,
    async connect() {
      const [client, device] = createInProcessPair();
      if (!t.up) device.setListener({ data: (b) => void (t.bytesHeard += b.length), closed: () => undefined });
      else if (link === "optical") new OpticalPort(device, { meter, keys: defaultOpticalKeys(), link: PIXIT.link, channelTrafficTimeoutMs: 6000 });
      else new MepPort(device, { meter, keys: defaultMepKeys() });
      return client;
    },
    async openDatagrams() {
      if (t.up) return plc.open();
      const silent = new DatagramNetwork();
      silent.bind(IN_PROCESS_GATEWAY_ADDRESS, CNIP_PORT).setListener({ datagram: (b) => void (t.bytesHeard += b.length), closed: () => undefined });
      return { endpoint: silent.bind(IN_PROCESS_HARNESS_ADDRESS), gateway: { address: IN_PROCESS_GATEWAY_ADDRESS, port: CNIP_PORT } };
    },
    close: () => plc.close(),
  };
  return t;
}

/** A scenario's session as the world opens it: its exchanges reported to the link health. */
async function useTheLink(link: LinkKind, target: Target, observer: ExchangeObserver): Promise<TableClient & { close(): Promise<void> }> {
  if (link === "optical") {
    const s = new OpticalSession(await target.connect(), { ...sessionSettings(PIXIT), observer });
    try {
      await s.open(keyFor(PIXIT, "reader"));
    } catch (e) {
      await s.close({ farewell: false });
      throw e;
    }
    return s;
  }
  if (link === "plc") {
    const bench = await target.openDatagrams();
    const s = new PlcSession(peerTransport(bench.endpoint, bench.gateway), { ...plcSessionSettings(PIXIT), observer }, omakSuites(PIXIT, keyFor(PIXIT, "omak")), new Redactor());
    try {
      await s.open();
      await s.readFull(1);
    } catch (e) {
      await s.close();
      throw e;
    }
    return s;
  }
  const suite = suiteFor(PIXIT, keyFor(PIXIT, "mepAdvanced"));
  const s = new MepSession(await target.connect(), { ...mepSessionSettings(PIXIT), observer }, { advanced: suite, basic: null }, new Redactor());
  try {
    // The first request learns the device's sequence number, so a dead link fails right here.
    await s.readFull(1);
  } catch (e) {
    await s.close();
    throw e;
  }
  return s;
}

for (const link of ["optical", "mep", "plc"] as const) {
  test(`${link}: a lost link ends scenarios at once without traffic, is probed once per interval, and is used again when it comes back`, async () => {
    const target = switchableTarget(link);
    const health = new LinkHealth({ deadAfterFailures: PIXIT.link.deadAfterFailures, probeIntervalMs: INTERVAL_MS });
    let now = new Date(2026, 0, 2, 9, 0, 0).getTime();
    const observer: ExchangeObserver = (o) => health.record(o, now);
    const probe = () => probeLink(link, { target, pixit: PIXIT, redactor: new Redactor(), observer });

    for (const scenario of ["s1", "s2"]) {
      await admitToLink(health, scenario, probe, () => now);
      await assert.rejects(useTheLink(link, target, observer));
    }
    assert.equal(health.state.kind, "lost");

    const heard = target.bytesHeard;
    await assert.rejects(admitToLink(health, "s3", probe, () => now), (e: unknown) => e instanceof Inconclusive && /^the link to the device was lost at 09:00:00 after 2 consecutive failures \(last: OSGP_ERR_[A-Z_]+: .*\); not probed again until 09:00:05$/.test(e.message));
    assert.equal(target.bytesHeard, heard, "a refused scenario sends nothing");

    now += INTERVAL_MS;
    await assert.rejects(admitToLink(health, "s4", probe, () => now), (e: unknown) => e instanceof Inconclusive && /probed at 09:00:05 without an answer; not probed again until 09:00:10/.test(e.message));
    assert.ok(target.bytesHeard > heard, "the probe went out");
    const probed = target.bytesHeard;
    await assert.rejects(admitToLink(health, "s4", probe, () => now + INTERVAL_MS), Inconclusive, "one probe per scenario");
    await assert.rejects(admitToLink(health, "s5", probe, () => now + 1000), Inconclusive, "one probe per interval");
    assert.equal(target.bytesHeard, probed);

    target.up = true;
    now += INTERVAL_MS;
    await admitToLink(health, "s6", probe, () => now);
    assert.deepEqual(health.state, { kind: "healthy", consecutiveFailures: 0 });
    const s = await useTheLink(link, target, observer);
    try {
      const r = await s.readFull(1);
      assert.equal(r.code, 0, "the link that came back serves the scenario");
    } finally {
      await s.close();
    }
    await admitToLink(health, "s7", probe, () => now);
    await target.close();
  });
}
