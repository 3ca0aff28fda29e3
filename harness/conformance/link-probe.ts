import { keyFor, type Pixit } from "./pixit";
import { sessionSettings } from "./run-config";
import { mepSessionSettings, omakSuites, plcSessionSettings, suiteFor } from "./secured-suites";
import type { LinkKind, Target } from "./target";
import { Inconclusive } from "./verdicts";
import type { LinkHealth } from "./link-health";
import { encodeTableRequest } from "../protocol/table-requests";
import type { Redactor } from "../security/redactor";
import { observed, type ExchangeObserver } from "../session/exchange-observer";
import { MepSession } from "../session/mep-session";
import { OpticalSession } from "../session/optical-session";
import { PlcSession } from "../session/plc-session";
import { SECURED_TABLE_CODEC } from "../session/secured-session";
import type { Trace } from "../session/trace";
import { peerTransport } from "../transport/peer-transport";

/**
 * Before a scenario uses the link: at once when it is healthy; when it is lost, a probe if one is
 * due (LinkHealth.admit) and answered, else Inconclusive with when and why the link was lost,
 * without a byte sent.
 */
export async function admitToLink(health: LinkHealth, scenario: unknown, probe: () => Promise<void>, now: () => number = Date.now): Promise<void> {
  const admission = health.admit(scenario, now());
  if (admission.kind === "go") return;
  if (admission.kind === "probe") {
    // The probe's sessions report to `health` themselves; what it threw is already counted there.
    await probe().catch(() => undefined);
    if (health.state.kind === "healthy") return;
  }
  throw new Inconclusive(health.lossReport());
}

export interface ProbeContext {
  readonly target: Target;
  readonly pixit: Pixit;
  readonly redactor: Redactor;
  /** Must reach the link health directly: a probe is never a silence the scenario asked for. */
  readonly observer: ExchangeObserver;
  /** Hands over the probe's frame trace, for the scenario's report. */
  readonly keepTrace?: (trace: Trace) => void;
}

/**
 * One short attempt to be answered over a lost link: a single request with no retransmission and
 * no retry (optical: wake-up and identification, then terminate; MEP and PLC: a read of BT00 under
 * the first key the PIXIT gives). Any answer, a refusal or a sequence error included, is a link
 * that carries. Without a key for a secured link there is nothing to probe with, and no traffic.
 */
export async function probeLink(link: LinkKind, c: ProbeContext): Promise<void> {
  const p = c.pixit;
  const probeRead = encodeTableRequest({ service: "full-read", tableId: 0 }, SECURED_TABLE_CODEC);
  switch (link) {
    case "optical": {
      const s = new OpticalSession(await observed(c.observer, c.target.connect(), true), { ...sessionSettings(p), link: { ...p.link, retries: 0 }, observer: c.observer }, c.redactor);
      c.keepTrace?.(s.trace);
      try {
        await s.wake();
        await s.identify();
        // Identified, the device waits for a session; terminate puts it back in its base state.
        await s.terminate();
      } finally {
        await s.close({ farewell: false });
      }
      return;
    }
    case "mep": {
      const suite = suiteFor(p, keyFor(p, "mepAdvanced") ?? keyFor(p, "mepBasic"));
      if (suite === null) return;
      const settings = mepSessionSettings(p);
      const s = new MepSession(await observed(c.observer, c.target.connect(), true), { ...settings, link: { ...settings.link, retries: 0 }, observer: c.observer }, { advanced: suite, basic: null }, c.redactor);
      c.keepTrace?.(s.trace);
      try {
        await s.exchange(probeRead, { resynchronise: false });
      } finally {
        await s.close();
      }
      return;
    }
    case "plc": {
      const suites = omakSuites(p, keyFor(p, "omak"));
      if (suites.advanced === null) return;
      const settings = plcSessionSettings(p);
      const bench = await observed(c.observer, c.target.openDatagrams(), true);
      const s = new PlcSession(peerTransport(bench.endpoint, bench.gateway), { ...settings, link: { ...settings.link, retries: 0 }, observer: c.observer }, suites, c.redactor);
      c.keepTrace?.(s.trace);
      try {
        await s.open();
        await s.exchange(probeRead, { resynchronise: false });
      } finally {
        await s.close();
      }
      return;
    }
  }
}
