import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { setDefaultTimeout, setWorldConstructor, World, type IWorldOptions } from "@cucumber/cucumber";
import { capture, mustDecode, valueOf, type Outcome } from "../harness/conformance/checks";
import { readDeviceDescription, recordIdentity, type DeviceDescription } from "../harness/conformance/device-description";
import { keyFor, type Pixit } from "../harness/conformance/pixit";
import { runConfig, runConfigFromEnv, sessionSettings, type RunConfig } from "../harness/conformance/run-config";
import { linkHealthFor, type LinkHealth } from "../harness/conformance/link-health";
import { admitToLink, probeLink } from "../harness/conformance/link-probe";
import { observed, type ExchangeObserver } from "../harness/session/exchange-observer";
import type { ByteTransport } from "../harness/transport/byte-transport";
import { createTarget, describeTarget, type Target } from "../harness/conformance/target";
import { ConformanceAssertionError, Inconclusive, type Evidence } from "../harness/conformance/verdicts";
import { describeResponseCode } from "../harness/protocol/response-codes";
import { decodeReadResponse } from "../harness/protocol/table-responses";
import { Redactor } from "../harness/security/redactor";
import { redactAttachment } from "../harness/report/redacted-attachment";
import { Secret } from "../harness/security/secret";
import { OpticalSession, type OpticalSessionSettings } from "../harness/session/optical-session";
import { ProcedureSequence, type ProcedureOutcome } from "../harness/session/procedure-runner";
import { formatTrace, type Trace } from "../harness/session/trace";
import { MepSession } from "../harness/session/mep-session";
import { PlcSession } from "../harness/session/plc-session";
import type { SecuredRole, SecuredSession } from "../harness/session/secured-session";
import type { TableClient } from "../harness/session/table-client";
import { mepSessionSettings, plcSessionSettings } from "../harness/conformance/secured-suites";
import { mepSuitesFor, paddedPassword, plcSuitesFor } from "../harness/conformance/open-client";
import { PcapFile } from "../harness/report/pcap-file";
import { C1218Probe } from "../harness/session/c1218-probe";
import { probeSettings } from "../harness/conformance/c1218-probe-session";
import { derivePics } from "../harness/conformance/pics/pics";
import { picsReportPath, writePicsReport } from "../harness/conformance/pics/pics-comparison";
import { captureDatagrams } from "../harness/transport/datagram-capture";
import { peerTransport } from "../harness/transport/peer-transport";
import { pcapPathFor } from "../harness/report/pcap-paths";
import { wireFigures } from "../harness/report/wire-figures";
import { appendWireRecord } from "../harness/report/wire-summary";

/**
 * The state of one scenario: the target, the session(s) opened on it, what the last When step
 * got back, and the clean-ups that put the device back as it was. Everything else lives in harness/.
 */
export type SessionRole = "master" | "provisioning" | "reader" | "none";

export interface Exchange {
  readonly request: Uint8Array;
  readonly response: Uint8Array;
}

/** A password no device should accept: used by the wrong-password scenarios. */
const WRONG_PASSWORD = Secret.fromText("OSGPCONF-WRONG-KEY!!", "wrong password");

const envConfig = runConfigFromEnv();
setDefaultTimeout(envConfig.pixit.steps.timeoutMs);

let cachedDescription: { target: string; description: DeviceDescription } | null = null;

/** Where the run command picks up the device identity for the report (OSGP_REPORTS_DIR, set by `run`). */
const IDENTITY_FILE = `${process.env.OSGP_REPORTS_DIR || "reports"}/.device-identity.json`;

export class OsgpWorld extends World<{ target?: string }> {
  readonly config: RunConfig;
  readonly target: Target;
  /** Shared by every session of the scenario, so that a key used once is masked everywhere. */
  readonly redactor = new Redactor();
  readonly procedureSequence: ProcedureSequence;
  session: OpticalSession | null = null;
  sessionRole: SessionRole | null = null;
  /** The open session of a secured link (MEP, PLC), and the key role it protects requests with. */
  secured: SecuredSession | null = null;
  /** The link probe of a link-layer scenario, while its connection is open. */
  probe: C1218Probe | null = null;
  securedRole: SecuredRole | null = null;
  /** This scenario's capture of every PLC datagram (reports/pcap/), opened with the first PLC session. */
  pcap: PcapFile | null = null;
  /** The scenario's feature file and name, set by the Before hook: they name the pcap file. */
  scenario: { uri: string; name: string; tags: readonly string[] } = { uri: "", name: "", tags: [] };
  /** Set when a session used a suite whose framing is our stand-in: every report of it must say so. */
  provisionalNotice: string | null = null;
  /** What the provisional notice is about, as the report's label names it. */
  provisionalLabel = "AES-128-PSK profile";
  exchange: Outcome<Exchange> | null = null;
  procedure: Outcome<ProcedureOutcome> | null = null;
  /** Values a step keeps for a later one: "clock before", "scratch before", "written pattern". */
  readonly saved = new Map<string, unknown>();
  /** Run in reverse order after the scenario, with a master-key session, to restore the device. */
  readonly cleanups: { what: string; run: (s: TableClient) => Promise<void> }[] = [];
  readonly traces: { trace: Trace; attachedUpTo: number; name: string }[] = [];
  /** What this process has learnt of the link to this target: shared by every scenario against it. */
  readonly linkHealth: LinkHealth;
  /** Above 0 while a step sends requests that must go unanswered (expectingSilence). */
  private silenceExpected = 0;
  /** Every session of the scenario reports here how each exchange ended. */
  readonly linkObserver: ExchangeObserver = (o) => this.linkHealth.record(o, Date.now(), this.silenceExpected > 0);

  constructor(options: IWorldOptions<{ target?: string }>) {
    super(options);
    this.config = options.parameters.target === undefined ? envConfig : runConfig(options.parameters.target, envConfig.pixitFile);
    this.target = createTarget(this.config.target, this.config.pixit);
    const l = this.config.pixit.link;
    this.linkHealth = linkHealthFor(this.config.targetText, { deadAfterFailures: l.deadAfterFailures, probeIntervalMs: l.deadProbeIntervalSeconds * 1000 });
    this.procedureSequence = new ProcedureSequence(this.config.pixit.procedures.firstSequence);
    for (const role of ["master", "provisioning", "reader", "mepAdvanced", "mepBasic", "omak"] as const) {
      const k = keyFor(this.config.pixit, role);
      if (k !== null) this.redactor.add(k, paddedPassword(k));
    }
    // Every attachment leaves through the redactor: the steps', the hooks' and Allure's runtime messages alike.
    const { attach, log, redactor } = this;
    Object.assign(this, {
      attach: (data: unknown, media?: string | { mediaType: string }, callback?: () => void) => (attach as (...a: unknown[]) => unknown)(redactAttachment(redactor, data, media), media, callback),
      log: (text: string) => log(redactor.scrub(text)),
    });
  }

  get pixit() {
    return this.config.pixit;
  }

  /** Closes any open session, then opens one and logs on with the key of `role`. */
  async openSession(role: SessionRole): Promise<OpticalSession> {
    await this.closeSession();
    const password = role === "none" ? null : this.keyOf(role);
    await this.admitToLink();
    const session = new OpticalSession(await this.connect(), this.opticalSettings(), this.redactor);
    this.session = session;
    this.sessionRole = role;
    this.traces.push({ trace: session.trace, attachedUpTo: 0, name: `session ${this.traces.length + 1} (${role})` });
    await session.open(password);
    if (cachedDescription === null && password !== null) {
      // The report names the device under test, so the first keyed session reads BT00/BT01; a
      // device that refuses here is judged by the A.1/A.2 scenarios, not by this one.
      await this.description().catch((e: Error) => session.trace.note(`device description not read: ${e.message}`));
    }
    return session;
  }

  /**
   * A session of this target's secured link whose requests the key of `role` protects: on MEP the
   * MAK (advanced) or MBK (basic), on PLC the OMAK (advanced; there is no basic key).
   */
  async openSecuredSession(role: SecuredRole, suite: Pixit["security"]["suite"] = this.pixit.security.suite): Promise<SecuredSession> {
    await this.closeSession();
    await this.admitToLink();
    const session = this.config.target.link === "plc" ? await this.newPlcSession(role, suite) : await this.newMepSession(role, suite);
    session.role = role;
    this.secured = session;
    this.securedRole = role;
    this.provisionalNotice ??= session.suite(role).provisionalNotice ?? null;
    this.traces.push({ trace: session.trace, attachedUpTo: 0, name: `${session.linkName} session ${this.traces.length + 1} (${role} key)` });
    if (session instanceof PlcSession) await session.open();
    if (cachedDescription === null) await this.description().catch((e: Error) => session.trace.note(`device description not read: ${e.message}`));
    return session;
  }

  private async newMepSession(role: SecuredRole, suite: Pixit["security"]["suite"]): Promise<MepSession> {
    const pixit = this.pixit;
    const suites = mepSuitesFor(pixit, role, suite);
    return new MepSession(await this.connect(), { ...mepSessionSettings(pixit), observer: this.linkObserver }, suites, this.redactor);
  }

  private async newPlcSession(role: SecuredRole, suite: Pixit["security"]["suite"]): Promise<PlcSession> {
    const pixit = this.pixit;
    const suites = plcSuitesFor(pixit, role, suite);
    const bench = await observed(this.linkObserver, this.target.openDatagrams(), true);
    this.pcap ??= new PcapFile(pcapPathFor(process.env.OSGP_REPORTS_DIR || "reports", this.config.targetText, this.scenario.uri, this.scenario.name));
    const pcap = this.pcap;
    const endpoint = captureDatagrams(bench.endpoint, (d) => pcap.add(d));
    return new PlcSession(peerTransport(endpoint, bench.gateway), { ...plcSessionSettings(pixit), observer: this.linkObserver }, suites, this.redactor);
  }

  /** The PIXIT items of 9.7 for this target's secured link: mep.* or plc.*. */
  get securedPixit(): { readonly firstSequence: number; readonly sequenceWindow: number; readonly encrypt: boolean } {
    return this.config.target.link === "plc" ? this.pixit.plc : this.pixit.mep;
  }

  /** The open session of a secured link. */
  requireSecured(): SecuredSession {
    if (this.secured === null) throw new Inconclusive("no secured session is open (the scenario's Given steps did not open one)");
    return this.secured;
  }

  /** The open PLC session. */
  requirePlc(): PlcSession {
    if (!(this.secured instanceof PlcSession)) throw new Inconclusive("no PLC session is open (the scenario's Given steps did not open one)");
    return this.secured;
  }

  /** Whichever session is open, for the checks that serve every link. */
  client(): TableClient {
    const c = this.session ?? this.secured;
    if (c === null) throw new Inconclusive("no session is open (the scenario's Given steps did not open one)");
    return c;
  }

  /** A session with full access on this target's link, for clean-ups. */
  async adminClient(): Promise<TableClient> {
    if (this.config.target.link !== "optical") return this.securedRole === "advanced" && this.secured !== null ? this.secured : this.openSecuredSession("advanced");
    return this.sessionRole === "master" && this.session !== null ? this.session : this.openSession("master");
  }

  /** A session up to identification only (no logon): for the service-sequence scenarios. */
  async openIdentifiedSession(): Promise<OpticalSession> {
    await this.closeSession();
    await this.admitToLink();
    const session = new OpticalSession(await this.connect(), this.opticalSettings(), this.redactor);
    this.session = session;
    this.sessionRole = "none";
    this.traces.push({ trace: session.trace, attachedUpTo: 0, name: `session ${this.traces.length + 1} (identified only)` });
    await session.wake();
    await session.identify();
    await session.negotiate();
    return session;
  }

  /**
   * A fresh connection driven by the link probe (link-layer scenarios): it closes any session
   * first, and its frames go to the report like a session's.
   */
  async openProbe(): Promise<C1218Probe> {
    await this.closeSession();
    // Its deliberate malformations may rightly go unanswered, so it does not report to the link
    // health; but over a link already lost it would only wait out its time-outs.
    await this.admitToLink();
    const probe = new C1218Probe(await this.target.connect(), probeSettings(this.pixit), this.redactor);
    this.probe = probe;
    this.traces.push({ trace: probe.trace, attachedUpTo: 0, name: `link probe ${this.traces.length + 1}` });
    return probe;
  }

  async closeSession(): Promise<void> {
    const s = this.session;
    const m = this.secured;
    const p = this.probe;
    this.probe = null;
    if (p !== null) await p.close();
    this.session = null;
    this.sessionRole = null;
    this.secured = null;
    this.securedRole = null;
    // Over a lost link, logoff and terminate would each wait out every retransmission for nothing.
    if (s !== null) await s.close({ farewell: this.linkHealth.state.kind === "healthy" });
    if (m !== null) await m.close();
  }

  /** The optical session settings of the PIXIT, reporting to the link health. */
  opticalSettings(): OpticalSessionSettings {
    return { ...sessionSettings(this.pixit), observer: this.linkObserver };
  }

  /** A byte link to the target; a port that does not open counts against the link. */
  connect(): Promise<ByteTransport> {
    return observed(this.linkObserver, this.target.connect(), true);
  }

  /**
   * Before a session opens: once the link is lost (PIXIT link.deadAfterFailures), the scenario is
   * inconclusive at once, without traffic, unless a probe is due and the device answers it.
   */
  async admitToLink(): Promise<void> {
    // A device that answers in packets that never check is lost to every other scenario, but the
    // 9.1 ones judge those very packets: refusing them would turn its breach into an inconclusive.
    if (this.linkHealth.garbled && this.scenario.tags.includes("@clause-9.1")) return;
    await admitToLink(this.linkHealth, this, () =>
      probeLink(this.config.target.link, {
        target: this.target,
        pixit: this.pixit,
        redactor: this.redactor,
        observer: (o) => this.linkHealth.record(o, Date.now()),
        keepTrace: (trace) => this.traces.push({ trace, attachedUpTo: 0, name: `link check ${this.traces.length + 1} (the link was lost)` }),
      }),
    );
  }

  /** For requests the device must leave unanswered: their time-outs are the device doing right, not a dead link. */
  async expectingSilence<T>(work: () => Promise<T>): Promise<T> {
    this.silenceExpected++;
    try {
      return await work();
    } finally {
      this.silenceExpected--;
    }
  }

  requireSession(): OpticalSession {
    if (this.session === null) throw new Inconclusive("no session is open (the scenario's Given steps did not open one)");
    return this.session;
  }

  keyOf(role: "master" | "provisioning" | "reader"): Secret {
    const key = keyFor(this.pixit, role);
    if (key === null) throw new Inconclusive(`the PIXIT gives no ${role} key (keys.${role})`);
    return key;
  }

  wrongPassword(): Secret {
    return WRONG_PASSWORD;
  }

  /** BT00 and BT01 as the device states them; read once per run and target. */
  async description(): Promise<DeviceDescription> {
    if (cachedDescription !== null && cachedDescription.target === this.config.targetText) return cachedDescription.description;
    const description = await readDeviceDescription(this.client());
    cachedDescription = { target: this.config.targetText, description };
    recordIdentity(IDENTITY_FILE, description);
    writePicsReport(picsReportPath(process.env.OSGP_REPORTS_DIR || "reports", this.config.targetText), this.config.pics, derivePics(description.config));
    return description;
  }

  /** Sends raw request bytes on the open session, whatever its link, and keeps what happened for the Then steps. */
  async exchangeRaw(request: Uint8Array): Promise<void> {
    const client = this.client();
    this.exchange = await capture(async () => ({ request, response: await client.requestRaw(request) }));
  }

  /**
   * Opens the session a key role gives on this target's link: the optical port's MK/PK/RK, the MEP
   * port's MAK (for master) and MBK (for reader), the PLC link's OMAK (for master). Returns why not,
   * when the link has no such key.
   */
  async openRole(role: SessionRole): Promise<string | null> {
    const link = this.config.target.link;
    if (link === "optical") {
      await this.openSession(role);
      return null;
    }
    const roles: Partial<Record<SessionRole, SecuredRole>> = link === "mep" ? { master: "advanced", reader: "basic" } : { master: "advanced" };
    const mapped = roles[role];
    if (mapped === undefined) return `the ${link === "mep" ? "MEP" : "PLC"} link has no ${role === "none" ? "session without a key" : `${role} key`}`;
    await this.openSecuredSession(mapped);
    return null;
  }

  /** Hex through the scenario's redactor, for verdict evidence. */
  evidence(label: string, bytes: Uint8Array): Evidence {
    return { label, hex: this.redactor.hex(bytes).hex };
  }

  exchangeEvidence(x: Exchange): Evidence[] {
    return [this.evidence("request", x.request), this.evidence("response", x.response)];
  }

  /** The frames recorded since the last call, as one text attachment per session. */
  async attachNewFrames(): Promise<void> {
    for (const t of this.traces) {
      const fresh = t.trace.entries(t.attachedUpTo);
      if (fresh.length === 0) continue;
      t.attachedUpTo += fresh.length;
      await this.attach(formatTrace(fresh), { mediaType: "text/plain", fileName: `frames, ${t.name}` });
    }
  }

  /** The scenario's PLC capture, as Wireshark opens it; the file stays under reports/pcap/. */
  async attachPcap(): Promise<void> {
    const p = this.pcap;
    if (p === null) return;
    if (existsSync(p.path)) await this.attach(readFileSync(p.path), { mediaType: "application/vnd.tcpdump.pcap", fileName: basename(p.path) });
    if (p.unrecorded > 0) await this.attach(`${p.unrecorded} datagram(s) were not written to ${p.path} (too long for a pcap record${p.lastError === null ? "" : `, or the write failed: ${p.lastError}`}); the frame trace holds them`, { mediaType: "text/plain", fileName: "pcap, datagrams left out" });
  }

  /** On a real serial line, what the scenario cost on the wire, for the run's summary (wire-summary.ts). */
  recordWireFigures(): void {
    const t = this.config.target;
    if (t.kind !== "serial" || this.traces.length === 0) return;
    const p = this.pixit;
    const figures = wireFigures(
      this.traces.map((x) => x.trace.entries()),
      { baudRate: p.serial.baudRate, minRequestIntervalMs: t.link === "mep" ? p.mep.minRequestIntervalMs : p.session.minRequestIntervalMs, wakeupIntervalMs: p.session.wakeup.intervalMs },
    );
    appendWireRecord(process.env.OSGP_REPORTS_DIR || "reports", { target: describeTarget(t), scenario: this.scenario.name, uri: this.scenario.uri, at: new Date().toISOString(), ...figures });
  }

  async attachFullTraces(): Promise<void> {
    for (const t of this.traces) {
      await this.attach(JSON.stringify(t.trace.entries(), null, 1), { mediaType: "application/json", fileName: `trace, ${t.name}` });
    }
  }
}

setWorldConstructor(OsgpWorld);

/** The table data of the last exchange, which must be an ok read response that decodes. */
export function readDataOf(world: OsgpWorld, x: Exchange | null = null): Uint8Array {
  const ex = x ?? valueOf(world.exchange, "read response");
  const r = mustDecode(decodeReadResponse(ex.response, world.client().codec), "the read response", world.exchangeEvidence(ex));
  if (!("data" in r)) throw new ConformanceAssertionError(`expected table data, the device answered ${describeResponseCode(r.code)}`, world.exchangeEvidence(ex));
  return r.data;
}

/** The data of the last full read a step made (kept under "full read"). */
export function fullReadData(world: OsgpWorld): Uint8Array {
  const o = world.saved.get("full read") as Outcome<Exchange> | undefined;
  return readDataOf(world, valueOf(o ?? null, "full read"));
}
