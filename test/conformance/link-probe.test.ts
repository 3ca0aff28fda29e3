import { test } from "node:test";
import assert from "node:assert/strict";
import { LinkHealth } from "../../harness/conformance/link-health";
import { admitToLink } from "../../harness/conformance/link-probe";
import { overlayPixit } from "../../harness/conformance/pixit";
import { plcCarriage } from "../../harness/links/plc/plc-settings";
import { simulatedPlcBench } from "../../harness/links/plc/plc-bench";
import { CNIP_PORT } from "../../harness/link/cnip/cnip-header";
import type { LinkSession } from "../../harness/links/link-contract";
import type { TargetPort } from "../../harness/links/target-port";
import {
  DatagramNetwork,
  IN_PROCESS_GATEWAY_ADDRESS,
  IN_PROCESS_HARNESS_ADDRESS,
} from "../../harness/transport/in-process-datagrams";
import { simulatorPixit, targetOver, type LinkKind, type Target } from "../../harness/conformance/target";
import { Inconclusive } from "../../harness/conformance/verdicts";
import { Redactor } from "../../harness/security/redactor";
import type { ExchangeObserver } from "../../harness/session/exchange-observer";
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

/**
 * The simulator behind a switch: off, each connection's device end (or gateway) reads everything and answers nothing.
 */
function switchableTarget(link: LinkKind): Target & { up: boolean; bytesHeard: number } {
  const meter = new ReferenceMeter({ profile: profileNamed("reference") });
  const plc = simulatedPlcBench(
    meter,
    () => new ReferenceMeter({ profile: profileNamed("reference") }),
    plcCarriage(PIXIT),
  );
  const state = { up: false, bytesHeard: 0 };
  const bytes: TargetPort = {
    kind: "bytes",
    async connect() {
      const [client, device] = createInProcessPair();
      if (!state.up) device.setListener({ data: (b) => void (state.bytesHeard += b.length), closed: () => undefined });
      else if (link === "optical")
        new OpticalPort(device, { meter, keys: defaultOpticalKeys(), link: PIXIT.link, channelTrafficTimeoutMs: 6000 });
      else new MepPort(device, { meter, keys: defaultMepKeys() });
      return client;
    },
    close: async () => undefined,
  };
  const datagrams: TargetPort = {
    kind: "datagrams",
    async open() {
      if (state.up) return plc.open();
      const silent = new DatagramNetwork();
      silent
        .bind(IN_PROCESS_GATEWAY_ADDRESS, CNIP_PORT)
        .setListener({ datagram: (b) => void (state.bytesHeard += b.length), closed: () => undefined });
      return {
        endpoint: silent.bind(IN_PROCESS_HARNESS_ADDRESS),
        gateway: { address: IN_PROCESS_GATEWAY_ADDRESS, port: CNIP_PORT },
      };
    },
    close: () => plc.close(),
  };
  const target = targetOver(
    { kind: "sim", link, profile: "reference", defects: [] },
    link === "plc" ? datagrams : bytes,
    meter,
  );
  return Object.defineProperties(target, {
    up: { get: () => state.up, set: (v: boolean) => void (state.up = v) },
    bytesHeard: { get: () => state.bytesHeard },
  }) as Target & { up: boolean; bytesHeard: number };
}

/** A scenario's session as the world opens it (its exchanges reported to the link health), and a first read. */
async function useTheLink(link: LinkKind, target: Target, observer: ExchangeObserver): Promise<LinkSession> {
  const s = await target.open(link === "optical" ? "reader" : "master", {
    pixit: PIXIT,
    redactor: new Redactor(),
    observer,
  });
  try {
    // On the secured links the first request learns the device's sequence number, so a dead link fails right here.
    await s.client.readFull(1);
  } catch (e) {
    await s.close({ farewell: false });
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
    const probe = () => target.probe({ pixit: PIXIT, redactor: new Redactor(), observer });

    for (const scenario of ["s1", "s2"]) {
      await admitToLink(health, scenario, probe, () => now);
      await assert.rejects(useTheLink(link, target, observer));
    }
    assert.equal(health.state.kind, "lost");

    const heard = target.bytesHeard;
    await assert.rejects(
      admitToLink(health, "s3", probe, () => now),
      (e: unknown) =>
        e instanceof Inconclusive &&
        /^the link to the device was lost at 09:00:00 after 2 consecutive failures \(last: OSGP_ERR_[A-Z_]+: .*\); not probed again until 09:00:05$/.test(
          e.message,
        ),
    );
    assert.equal(target.bytesHeard, heard, "a refused scenario sends nothing");

    now += INTERVAL_MS;
    await assert.rejects(
      admitToLink(health, "s4", probe, () => now),
      (e: unknown) =>
        e instanceof Inconclusive &&
        /probed at 09:00:05 without an answer; not probed again until 09:00:10/.test(e.message),
    );
    assert.ok(target.bytesHeard > heard, "the probe went out");
    const probed = target.bytesHeard;
    await assert.rejects(
      admitToLink(health, "s4", probe, () => now + INTERVAL_MS),
      Inconclusive,
      "one probe per scenario",
    );
    await assert.rejects(
      admitToLink(health, "s5", probe, () => now + 1000),
      Inconclusive,
      "one probe per interval",
    );
    assert.equal(target.bytesHeard, probed);

    target.up = true;
    now += INTERVAL_MS;
    await admitToLink(health, "s6", probe, () => now);
    assert.deepEqual(health.state, { kind: "healthy", consecutiveFailures: 0 });
    const s = await useTheLink(link, target, observer);
    try {
      const r = await s.client.readFull(1);
      assert.equal(r.code, 0, "the link that came back serves the scenario");
    } finally {
      await s.close();
    }
    await admitToLink(health, "s7", probe, () => now);
    await target.close();
  });
}
