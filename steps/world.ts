import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { setDefaultTimeout, setWorldConstructor, World, type IWorldOptions } from "@cucumber/cucumber";
import { capture, mustDecode, refusalVerdict, valueOf, type Outcome } from "../harness/conformance/checks";
import {
  readDeviceDescription,
  recordIdentity,
  type DeviceDescription,
} from "../harness/conformance/device-description";
import { keyFor, type Pixit } from "../harness/conformance/pixit";
import { runConfig, runConfigFromEnv, type RunConfig } from "../harness/conformance/run-config";
import { linkHealthFor, type LinkHealth } from "../harness/conformance/link-health";
import { admitToLink } from "../harness/conformance/link-probe";
import { observed, type ExchangeObserver } from "../harness/session/exchange-observer";
import type { ByteTransport } from "../harness/transport/byte-transport";
import { createTarget, describeTarget, type Target } from "../harness/conformance/target";
import { sessionsPerScenario } from "../harness/conformance/recorded-target";
import { Inconclusive, type Evidence } from "../harness/conformance/verdicts";
import { decodeReadResponse } from "../harness/protocol/table-responses";
import { TABLE_SERVICE_CODES } from "../harness/protocol/table-requests";
import { Redactor } from "../harness/security/redactor";
import { redactAttachment } from "../harness/report/redacted-attachment";
import { Secret } from "../harness/security/secret";
import { OpticalSession } from "../harness/session/optical-session";
import { ProcedureSequence, type ProcedureOutcome } from "../harness/session/procedure-runner";
import { formatTrace, type Trace } from "../harness/session/trace";
import { PlcSession } from "../harness/session/plc-session";
import type { SecuredRole, SecuredSession } from "../harness/session/secured-session";
import type { TableClient } from "../harness/session/table-client";
import { paddedPassword } from "../harness/conformance/open-client";
import { keepLimitsOf, SessionKeeper } from "../harness/conformance/session-keeper";
import { logonHoldOffFor, type LogonHoldOff } from "../harness/conformance/logon-hold-off";
import type { BenchRole, Link, LinkContext, LinkSession, SessionRole } from "../harness/links/link-contract";
import { bytePort } from "../harness/links/target-port";
import { opticalSessionSettings } from "../harness/links/optical/optical-settings";
import { PcapFile } from "../harness/report/pcap-file";
import { C1218Probe } from "../harness/session/c1218-probe";
import { probeSettings } from "../harness/conformance/c1218-probe-session";
import { derivePics } from "../harness/conformance/pics/pics";
import { picsReportPath, writePicsReport } from "../harness/conformance/pics/pics-comparison";
import { pcapPathFor } from "../harness/report/pcap-paths";
import { wireFigures } from "../harness/report/wire-figures";
import { appendWireRecord } from "../harness/report/wire-summary";
import { beginSetUp, endSetUp } from "../harness/session/set-up-notes";
import { newScenarioState } from "./support/scenario-state";
import { useVirtualTime, wallNow } from "../harness/transport/timers";

/**
 * The state of one scenario: the target, the session(s) opened on it, what the last When step
 * got back, and the clean-ups that put the device back as it was. Everything else lives in harness/.
 */
export type { SessionRole };

export interface Exchange {
  readonly request: Uint8Array;
  readonly response: Uint8Array;
}

/** A password no device should accept: used by the wrong-password scenarios. */
const WRONG_PASSWORD = Secret.fromText("OSGPCONF-WRONG-KEY!!", "wrong password");

const envConfig = runConfigFromEnv();
setDefaultTimeout(envConfig.pixit.steps.timeoutMs);

let cachedDescription: { target: string; description: DeviceDescription } | null = null;

/** A kept session whose trace has grown this long is renewed, so that a long run stays in bounded memory. */
const MAX_KEPT_TRACE_ENTRIES = 50_000;

/**
 * One keeper per real target in this process (a cucumber worker);
 * the simulator gets a fresh meter, and sessions, per scenario.
 */
const keepers = new Map<string, SessionKeeper>();

/** Per target, the trace of the session its keeper holds: the scenario that next takes or closes it reports it. */
const keptTraces = new Map<string, { readonly trace: Trace; readonly role: BenchRole }>();

/** Per target, the sequence number the last secured session (MEP, PLC) on it would have sent next. */
const nextSequences = new Map<string, number>();

function keeperFor(config: RunConfig, link: Link): SessionKeeper | null {
  const reuse = config.pixit.sessionReuse;
  if (config.target.kind === "sim" || !reuse.enabled || sessionsPerScenario(config.target)) return null;
  let k = keepers.get(config.targetText);
  if (k === undefined) {
    k = new SessionKeeper(keepLimitsOf(config.pixit, link));
    keepers.set(config.targetText, k);
  }
  return k;
}

/** At the end of the run (cucumber's AfterAll): every kept session says goodbye to its device. */
export async function closeKeptSessions(): Promise<void> {
  for (const k of keepers.values()) await k.close();
  keepers.clear();
}

/** Where the run command picks up the device identity for the report (OSGP_REPORTS_DIR, set by `run`). */
const IDENTITY_FILE = `${process.env.OSGP_REPORTS_DIR || "reports"}/.device-identity.json`;

export class OsgpWorld extends World<{ target?: string }> {
  readonly config: RunConfig;
  readonly target: Target;
  /** Shared by every session of the scenario, so that a key used once is masked everywhere. */
  readonly redactor = new Redactor();
  readonly procedureSequence: ProcedureSequence;
  /** The open session and the role it was opened with, whatever the link. */
  private open: { readonly session: LinkSession; readonly role: BenchRole; readonly openedAt: number } | null = null;
  /**
   * Set when a step sent a request other than a table service on
   * the session: its state is then the scenario's, not a known one.
   */
  private sentRaw = false;
  /** The open optical session (C12.18 services), when the link is the optical port. */
  get session(): OpticalSession | null {
    return this.open?.session.optical ?? null;
  }
  /** The open session of a secured link (MEP, PLC). */
  get secured(): SecuredSession | null {
    return this.open?.session.secured ?? null;
  }
  /** The link probe of a link-layer scenario, while its connection is open. */
  probe: C1218Probe | null = null;
  /** This scenario's capture of every PLC datagram (reports/pcap/), opened with the first PLC session. */
  pcap: PcapFile | null = null;
  /**
   * The scenario's feature file, line and name, set by the Before hook:
   * they name the pcap file and the scenario in a bench recording.
   */
  scenario: { uri: string; line: number; name: string; tags: readonly string[] } = {
    uri: "",
    line: 0,
    name: "",
    tags: [],
  };
  /** Set when a session used a suite whose framing is our stand-in: every report of it must say so. */
  provisionalNotice: string | null = null;
  /** The options this scenario runs on by their assumed value, no PICS declaring them (pics/assumed-options.ts). */
  readonly assumedOptions: string[] = [];
  /** What the provisional notice is about, as the report's label names it. */
  provisionalLabel = "AES-128-PSK profile";
  exchange: Outcome<Exchange> | null = null;
  procedure: Outcome<ProcedureOutcome> | null = null;
  /** What a step keeps for a later one (steps/support/scenario-state.ts). */
  readonly state = newScenarioState();
  /**
   * Run in reverse order after the scenario, with a master-key session, to restore the device
   * (steps/support/cleanups.ts); `restore`: how a lab does it by hand when they cannot (a bench command).
   */
  readonly cleanups: { what: string; run: (s: TableClient) => Promise<void>; restore?: string }[] = [];
  readonly traces: { trace: Trace; attachedUpTo: number; from: number; name: string }[] = [];
  /** What this process has learnt of the link to this target: shared by every scenario against it. */
  readonly linkHealth: LinkHealth;
  /** Above 0 while a step sends requests that must go unanswered (expectingSilence). */
  private silenceExpected = 0;
  /** Every session of the scenario reports here how each exchange ended. */
  readonly linkObserver: ExchangeObserver = (o) => this.linkHealth.record(o, wallNow(), this.silenceExpected > 0);

  constructor(options: IWorldOptions<{ target?: string }>) {
    super(options);
    // The run's own target keeps the run's PICS file; a profile's other target (the built-in simulator of
    // another link) has the simulator's own.
    const target = options.parameters.target;
    this.config =
      target === undefined || target === envConfig.targetText ? envConfig : runConfig(target, envConfig.pixitFile);
    // The simulator lives in this process: a wait that nothing can cut short is skipped (transport/virtual-time.ts).
    if (this.config.target.kind === "sim") useVirtualTime();
    this.target = createTarget(this.config.target, this.config.pixit, {
      targetText: this.config.targetText,
      key: () => this.scenario,
    });
    const l = this.config.pixit.link;
    this.linkHealth = linkHealthFor(this.config.targetText, {
      deadAfterFailures: l.deadAfterFailures,
      probeIntervalMs: l.deadProbeIntervalSeconds * 1000,
    });
    this.procedureSequence = new ProcedureSequence(this.config.pixit.procedures.firstSequence);
    for (const role of ["master", "provisioning", "reader", "mepAdvanced", "mepBasic", "omak"] as const) {
      const k = keyFor(this.config.pixit, role);
      if (k !== null) this.redactor.add(k, paddedPassword(k));
    }
    // Every attachment leaves through the redactor: the steps', the hooks' and Allure's runtime messages alike.
    const { attach, log, redactor } = this;
    Object.assign(this, {
      attach: (data: unknown, media?: string | { mediaType: string }, callback?: () => void) =>
        (attach as (...a: unknown[]) => unknown)(redactAttachment(redactor, data, media), media, callback),
      log: (text: string) => log(redactor.scrub(text)),
    });
  }

  get pixit() {
    return this.config.pixit;
  }

  /** Closes any open session, then opens an optical session and logs on with the key of `role`. */
  async openSession(role: SessionRole): Promise<OpticalSession> {
    const s = await this.openLinkSession(role);
    if (s.optical === null)
      throw new Inconclusive(
        `a ${this.target.link.portName} has no C12.18 session (the scenario needs the optical port)`,
      );
    return s.optical;
  }

  /**
   * A session of this target's secured link whose requests the key of `role` protects: on MEP the
   * MAK (advanced) or MBK (basic), on PLC the OMAK (advanced; there is no basic key).
   */
  async openSecuredSession(
    role: SecuredRole,
    suite: Pixit["security"]["suite"] = this.pixit.security.suite,
  ): Promise<SecuredSession> {
    const s = await this.openLinkSession(role, suite);
    if (s.secured === null)
      throw new Inconclusive(`the ${this.target.link.portName} has no secured session (the scenario needs MEP or PLC)`);
    this.provisionalNotice ??= s.secured.suite(s.secured.role).provisionalNotice ?? null;
    return s.secured;
  }

  /**
   * Closes any open session, then opens one of the target's link with `role`'s key. The first
   * keyed session of a run reads BT00/BT01: the report names the device under test, and a device
   * that refuses here is judged by the A.1/A.2 scenarios, not by this one.
   */
  private async openLinkSession(role: BenchRole, suite?: Pixit["security"]["suite"]): Promise<LinkSession> {
    // A Given that asks for the role of the session already open (a Background's, then its
    // scenario's) goes on with it, as the next scenario would: closing it to open the same again is
    // a logoff, a terminate and a whole opening for nothing.
    if (suite === undefined && this.open?.role === role && this.openSessionGoesOn()) return this.open.session;
    // One that could go on serves another role too where the link logs on again in place: the keeper
    // takes it below, as it takes a session kept from an earlier scenario.
    const handedOver = suite === undefined && this.openSessionGoesOn() && this.open?.session.relogon !== undefined;
    if (handedOver) await this.handToKeeper();
    else await this.closeSession();
    await this.admitToLink();
    const keeper = this.keeper;
    this.adoptKeptTrace();
    keeper?.routeTo({ observer: this.linkObserver, onDatagram: (d) => this.pcapFile().add(d) });
    // A session under another suite than the PIXIT's is the scenario's own; so is one a scenario asks to be fresh.
    // A port carries one session: one that is not taken is closed before another opens.
    if (keeper !== null && (suite !== undefined || this.wantsFreshSession)) await keeper.close();
    const kept =
      keeper === null || suite !== undefined || this.wantsFreshSession
        ? null
        : await keeper.take(role, wallNow(), (open) => this.opening(open));
    let s: LinkSession;
    if (kept !== null && kept.session.trace.length < MAX_KEPT_TRACE_ENTRIES) {
      s = kept.session;
      if (!handedOver)
        s.trace.note(`session kept from an earlier scenario (opened ${new Date(kept.openedAt).toISOString()})`);
      this.open = { session: s, role, openedAt: kept.openedAt };
    } else {
      if (kept !== null) await kept.session.close();
      s = await this.opening(() =>
        this.target.open(role, { ...this.linkContext(), suite, ...(keeper === null ? {} : keeper.relay()) }),
      );
      this.carrySequence(s);
      this.open = { session: s, role, openedAt: wallNow() };
    }
    if (cachedDescription === null && role !== "none")
      await this.description().catch((e: Error) => s.trace.note(`device description not read: ${e.message}`));
    endSetUp(s.trace);
    return s;
  }

  /** The open session, to the keeper, for the scenario's next role (openLinkSession). */
  private async handToKeeper(): Promise<void> {
    const o = this.open;
    const keeper = this.keeper;
    if (o === null || keeper === null) return;
    this.open = null;
    beginSetUp(o.session.trace, "the harness logs the scenario's session on again under another key, or closes it");
    await keeper.keep({ session: o.session, role: o.role, openedAt: o.openedAt }, wallNow());
  }

  /**
   * The session a keeper holds is this scenario's to take or to close: its frames from here on go to
   * this scenario's report and wire figures, as the harness's set-up (a goodbye sent when it is not
   * taken is no other scenario's).
   */
  private adoptKeptTrace(): void {
    const k = keptTraces.get(this.config.targetText);
    if (k === undefined) return;
    keptTraces.delete(this.config.targetText);
    this.keepTrace(k.trace, `session kept from an earlier scenario (${k.role})`, k.trace.length);
    beginSetUp(
      k.trace,
      "the harness takes the session kept from an earlier scenario, logs it on again under another key, or closes it",
    );
  }

  /** The sequence number a secured session would send next, for the next session on this target. */
  private rememberSequence(s: LinkSession): void {
    if (s.secured !== null) nextSequences.set(this.config.targetText, s.secured.nextSequence);
  }

  /**
   * Where sessions are kept (PIXIT sessionReuse), a new secured session starts at the number the
   * last one on this target would have sent, not at the PIXIT's first number, which the device has
   * passed and refuses: a request spent resynchronising per session. A scenario that judges
   * sessions starts at the PIXIT's.
   */
  private carrySequence(s: LinkSession): void {
    const next = nextSequences.get(this.config.targetText);
    if (s.secured === null || next === undefined || this.keeper === null || this.wantsFreshSession) return;
    s.secured.nextSequence = next;
    s.trace.note(
      `sequence number carried over from the last session on this target: the next request carries 0x${next.toString(16).padStart(8, "0")}`,
    );
  }

  /** The device's logon hold-off on this target (PIXIT session.logonHoldOff), shared by every scenario against it. */
  private get logonHoldOff(): LogonHoldOff {
    return logonHoldOffFor(this.config.targetText, this.pixit.session.logonHoldOff);
  }

  /** A session's opening: none while the device holds off new sessions, and a refusal for its hold-off starts one. */
  private async opening<T>(open: () => Promise<T>): Promise<T> {
    this.refuseDuringHoldOff();
    try {
      return await open();
    } catch (e) {
      throw this.logonHoldOff.judge(e, wallNow());
    }
  }

  /** Inconclusive, without a byte sent, while the device holds off new sessions. */
  private refuseDuringHoldOff(): void {
    const blocked = this.logonHoldOff.blocked(wallNow());
    if (blocked !== null) throw new Inconclusive(blocked);
  }

  /** What is left of a logon hold-off the device began in an earlier scenario, in ms (0: none). */
  logonHoldOffLeftMs(): number {
    return this.logonHoldOff.waitMs(wallNow());
  }

  /**
   * The keeper of this target's session between scenarios (PIXIT sessionReuse), or null where sessions are not kept.
   */
  private get keeper(): SessionKeeper | null {
    return keeperFor(this.config, this.target.link);
  }

  /**
   * Tagged @fresh-session, a scenario starts and ends its own
   * sessions (identification, logon, security, logoff by its nature).
   */
  private get wantsFreshSession(): boolean {
    return this.scenario.tags.includes("@fresh-session");
  }

  /**
   * At the end of a scenario: its session goes to the keeper when the scenario ended cleanly
   * (`clean`: passed or not applicable) and left the session as a keyed session of table
   * services; else it is closed, so that the next scenario starts from a session of its own.
   */
  async releaseSession(clean: boolean): Promise<void> {
    const o = this.open;
    const keeper = this.keeper;
    if (o === null || keeper === null || !clean || !this.openSessionGoesOn()) return this.closeSession();
    this.open = null;
    this.rememberSequence(o.session);
    keptTraces.set(this.config.targetText, { trace: o.session.trace, role: o.role });
    await keeper.keep({ session: o.session, role: o.role, openedAt: o.openedAt }, wallNow());
  }

  /**
   * Whether the open session may serve past the step that opened it (PIXIT sessionReuse): a keyed
   * session of table services on a healthy link, in a scenario that does not judge sessions.
   */
  private openSessionGoesOn(): boolean {
    const o = this.open;
    return (
      o !== null &&
      this.keeper !== null &&
      !this.wantsFreshSession &&
      !this.sentRaw &&
      o.role !== "none" &&
      this.probe === null &&
      this.linkHealth.state.kind === "healthy"
    );
  }

  /** What the link needs to open a session for this scenario: its traces, pcap and link health. */
  private linkContext(): LinkContext {
    return {
      pixit: this.pixit,
      redactor: this.redactor,
      observer: this.linkObserver,
      onTrace: (trace, name) => {
        this.keepTrace(trace, name);
        beginSetUp(trace, `the harness opens the scenario's ${name}`);
      },
      onDatagram: (d) => this.pcapFile().add(d),
    };
  }

  /** `from`: where this scenario's part of a kept session's trace begins. */
  private keepTrace(trace: Trace, name: string, from = 0): void {
    this.traces.push({ trace, attachedUpTo: from, from, name: `${name} ${this.traces.length + 1}` });
  }

  private pcapFile(): PcapFile {
    this.pcap ??= new PcapFile(
      pcapPathFor(
        process.env.OSGP_REPORTS_DIR || "reports",
        this.config.targetText,
        this.scenario.uri,
        this.scenario.name,
      ),
    );
    return this.pcap;
  }

  /** The PIXIT items of 9.7 for this target's secured link: mep.* or plc.*. */
  get securedPixit(): { readonly firstSequence: number; readonly sequenceWindow: number; readonly encrypt: boolean } {
    const p = this.target.link.sequencePixit(this.pixit);
    if (p === null)
      throw new Inconclusive(
        `the ${this.target.link.portName} has no sequence numbers (the scenario needs MEP or PLC)`,
      );
    return p;
  }

  /** The open session of a secured link. */
  requireSecured(): SecuredSession {
    if (this.secured === null)
      throw new Inconclusive("no secured session is open (the scenario's Given steps did not open one)");
    return this.secured;
  }

  /** The open PLC session. */
  requirePlc(): PlcSession {
    if (!(this.secured instanceof PlcSession))
      throw new Inconclusive("no PLC session is open (the scenario's Given steps did not open one)");
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
    const admin = this.target.link.adminRole;
    if (this.open !== null && this.open.role === admin) return this.open.session.client;
    return (await this.openLinkSession(admin)).client;
  }

  /** A session up to identification only (no logon): for the service-sequence scenarios. */
  async openIdentifiedSession(): Promise<OpticalSession> {
    const session = await this.openConnection("identified only");
    beginSetUp(session.trace, "the harness identifies the scenario's session");
    await session.wake();
    await session.identify();
    await session.negotiate();
    endSetUp(session.trace);
    return session;
  }

  /** A C12.18 connection with nothing sent yet: the scenario drives every service itself. */
  async openConnection(name: string): Promise<OpticalSession> {
    await this.closeSession();
    this.refuseDuringHoldOff();
    await this.admitToLink();
    const session = new OpticalSession(
      await this.connect(),
      { ...opticalSessionSettings(this.pixit), observer: this.linkObserver },
      this.redactor,
    );
    this.open = {
      session: {
        client: session,
        trace: session.trace,
        optical: session,
        secured: null,
        inject: () => Promise.resolve(),
        close: (o) => session.close(o),
      },
      role: "none",
      openedAt: wallNow(),
    };
    this.keepTrace(session.trace, `session (${name})`);
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
    const probe = new C1218Probe(await this.rawConnection("the link probe"), probeSettings(this.pixit), this.redactor);
    this.probe = probe;
    this.keepTrace(probe.trace, "link probe");
    return probe;
  }

  async closeSession(): Promise<void> {
    const o = this.open;
    const p = this.probe;
    this.probe = null;
    if (p !== null) await p.close();
    this.open = null;
    if (o === null) return;
    this.rememberSequence(o.session);
    beginSetUp(o.session.trace, "the harness closes the session");
    // Over a lost link, logoff and terminate would each wait out every retransmission for nothing.
    await o.session.close({ farewell: this.linkHealth.state.kind === "healthy" });
  }

  /** A byte link to the target (optical, MEP); a port that does not open counts against the link. */
  async connect(): Promise<ByteTransport> {
    this.adoptKeptTrace();
    await this.keeper?.close();
    return observed(this.linkObserver, bytePort(this.target.port, "a raw connection").connect(), true);
  }

  /**
   * A byte pipe of a link probe's own, not reported to the link health (its malformations may
   * rightly go unanswered). A port carries one session: a kept one is closed first.
   */
  async rawConnection(what: string): Promise<ByteTransport> {
    await this.closeSession();
    this.adoptKeptTrace();
    await this.keeper?.close();
    return bytePort(this.target.port, what).connect();
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
      this.target.probe({
        pixit: this.pixit,
        redactor: this.redactor,
        // A probe is never a silence the scenario asked for: it reports to the link health directly.
        observer: (o) => this.linkHealth.record(o, wallNow()),
        onTrace: (trace) => {
          this.keepTrace(trace, "link check (the link was lost)");
          beginSetUp(trace, "the harness checks the link it lost");
        },
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
    if (this.session === null)
      throw new Inconclusive("no session is open (the scenario's Given steps did not open one)");
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
    if (cachedDescription !== null && cachedDescription.target === this.config.targetText)
      return cachedDescription.description;
    // Asked before the scenario's own session (a PICS gate without a PICS): the least keyed session reads it.
    if (this.session === null && this.secured === null) {
      await this.openLinkSession(this.target.link.leastKeyedRole);
      if (cachedDescription !== null) return cachedDescription.description;
    }
    const trace = this.open?.session.trace;
    const began = trace !== undefined && beginSetUp(trace, "the harness reads BT00 and BT01 (once per run and target)");
    let description: DeviceDescription;
    try {
      description = await readDeviceDescription(this.client());
    } finally {
      if (began) endSetUp(trace);
    }
    cachedDescription = { target: this.config.targetText, description };
    recordIdentity(IDENTITY_FILE, description);
    writePicsReport(
      picsReportPath(process.env.OSGP_REPORTS_DIR || "reports", this.config.targetText),
      this.config.pics,
      derivePics(description.config),
    );
    return description;
  }

  /** Sends raw request bytes on the open session, whatever its link, and keeps what happened for the Then steps. */
  async exchangeRaw(request: Uint8Array): Promise<void> {
    const client = this.client();
    // A table request, well formed or not, leaves the session as it was; any other (a logon, a security
    // service, bytes of the scenario's own) may not, so the session then ends with the scenario.
    if (!TABLE_SERVICE_CODES.includes(request[0] ?? -1)) this.sentRaw = true;
    this.exchange = await capture(async () => ({ request, response: await client.requestRaw(request) }));
  }

  /**
   * Opens the session a key role gives on this target's link: the optical port's MK/PK/RK, the MEP
   * port's MAK (for master) and MBK (for reader), the PLC link's OMAK (for master). Returns why not,
   * when the link has no such key.
   */
  async openRole(role: SessionRole): Promise<string | null> {
    const mapped = this.target.link.roleOf(role);
    if ("none" in mapped) return mapped.none;
    await this.openLinkSession(mapped.role);
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
    if (existsSync(p.path))
      await this.attach(readFileSync(p.path), {
        mediaType: "application/vnd.tcpdump.pcap",
        fileName: basename(p.path),
      });
    if (p.unrecorded > 0)
      await this.attach(
        `${p.unrecorded} datagram(s) were not written to ${p.path} (too long for a pcap record${p.lastError === null ? "" : `, or the write failed: ${p.lastError}`}); the frame trace holds them`,
        { mediaType: "text/plain", fileName: "pcap, datagrams left out" },
      );
  }

  /** On a real serial line, what the scenario cost on the wire, for the run's summary (wire-summary.ts). */
  recordWireFigures(): void {
    const t = this.config.target;
    if (t.kind !== "serial" || this.traces.length === 0) return;
    const p = this.pixit;
    const figures = wireFigures(
      this.traces.map((x) => x.trace.entries(x.from)),
      {
        baudRate: p.serial.baudRate,
        minRequestIntervalMs: this.target.link.minRequestIntervalMs(p),
        wakeupIntervalMs: p.session.wakeup.intervalMs,
      },
    );
    appendWireRecord(process.env.OSGP_REPORTS_DIR || "reports", {
      target: describeTarget(t),
      scenario: this.scenario.name,
      uri: this.scenario.uri,
      at: new Date(wallNow()).toISOString(),
      ...figures,
    });
  }

  async attachFullTraces(): Promise<void> {
    for (const t of this.traces) {
      await this.attach(JSON.stringify(t.trace.entries(t.from)), {
        mediaType: "application/json",
        fileName: `trace, ${t.name}`,
      });
    }
  }
}

setWorldConstructor(OsgpWorld);

/** The table data of the last exchange, which must be an ok read response that decodes. */
export function readDataOf(world: OsgpWorld, x: Exchange | null = null): Uint8Array {
  const ex = x ?? valueOf(world.exchange, "read response");
  const r = mustDecode(
    decodeReadResponse(ex.response, world.client().codec),
    "the read response",
    world.exchangeEvidence(ex),
  );
  if (!("data" in r)) throw refusalVerdict(r.code, "the read whose data is judged", world.exchangeEvidence(ex));
  return r.data;
}
