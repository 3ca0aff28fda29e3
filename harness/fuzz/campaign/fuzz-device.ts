import { keyFor, type Pixit } from "../../conformance/pixit";
import { sessionSettings, type RunConfig } from "../../conformance/run-config";
import { mepSessionSettings, omakSuites, plcSessionSettings, suiteFor } from "../../conformance/secured-suites";
import { createTarget, describeTarget, type LinkKind, type Target } from "../../conformance/target";
import { Inconclusive } from "../../conformance/verdicts";
import type { Redactor } from "../../security/redactor";
import { MepSession } from "../../session/mep-session";
import { OpticalSession } from "../../session/optical-session";
import { PlcSession } from "../../session/plc-session";
import type { SecuredSession } from "../../session/secured-session";
import type { TableClient } from "../../session/table-client";
import type { Trace } from "../../session/trace";
import type { ByteTransport } from "../../transport/byte-transport";
import type { DatagramEndpoint, PeerAddress } from "../../transport/datagram-endpoint";
import { peerTransport } from "../../transport/peer-transport";

/**
 * The device under test as a fuzz campaign uses it: one session at a time, opened with the key of
 * a role and renewed before the optical port's session time-out (PIXIT fuzz.sessionRenewalSeconds)
 * or once its trace grows large; raw bytes written around the link's framing (`inject`); and, after
 * a finding, a device as fresh as the target allows: a new simulated meter, or for a real meter a
 * new session.
 *
 * Roles: "master" is MK on the optical port, MAK on MEP, the OMAK on PLC; "reader" is RK or MBK.
 */
export type FuzzRole = "master" | "reader";
/** A session not yet identified (optical only), for the model of the C12.18 service sequence. */
type OpenRole = FuzzRole | "bare";

export interface FuzzSession {
  readonly role: OpenRole;
  readonly client: TableClient;
  readonly optical: OpticalSession | null;
  readonly secured: SecuredSession | null;
  readonly trace: Trace;
}

interface Open extends FuzzSession {
  readonly openedAt: number;
  readonly inject: (bytes: Uint8Array) => Promise<void>;
  close(): Promise<void>;
}

/** A session whose trace holds this many entries is renewed, so that a long campaign stays in bounded memory. */
const MAX_TRACE_ENTRIES = 50_000;

export class FuzzDevice {
  private target: Target;
  private open: Open | null = null;
  private broken = false;
  /** Sessions opened so far, a measure of how often the campaign had to start again. */
  sessionsOpened = 0;

  /** `targets` makes the target (and, after a finding, a fresh one): createTarget, or a test's own. */
  constructor(
    readonly config: RunConfig,
    readonly redactor: Redactor,
    private readonly targets: (config: RunConfig) => Target = (c) => createTarget(c.target, c.pixit),
  ) {
    this.target = targets(config);
  }

  get link(): LinkKind {
    return this.config.target.link;
  }

  get pixit(): Pixit {
    return this.config.pixit;
  }

  get description(): string {
    return describeTarget(this.config.target);
  }

  /** The open session of `role`, opening (or renewing) one when needed. */
  async session(role: FuzzRole): Promise<FuzzSession> {
    const o = this.open;
    const tooOld = o !== null && performance.now() - o.openedAt > this.pixit.fuzz.sessionRenewalSeconds * 1000;
    if (o !== null && o.role === role && !this.broken && !tooOld && o.trace.length < MAX_TRACE_ENTRIES) return o;
    await this.closeSession();
    this.open = await this.openSession(role);
    this.broken = false;
    this.sessionsOpened++;
    return this.open;
  }

  /**
   * An optical-port session connected but not identified: the model campaign drives every service
   * of C12.18 itself, in any order. Becomes the device's open session (closed like any other).
   */
  async bareOptical(): Promise<OpticalSession> {
    if (this.link !== "optical") throw new Inconclusive("a bare C12.18 session exists on the optical port only");
    await this.closeSession();
    const transport = await this.target.connect();
    const s = new OpticalSession(transport, sessionSettings(this.pixit), this.redactor);
    this.open = this.wrap("bare", s, s, null, raw(transport), () => s.close());
    this.broken = false;
    this.sessionsOpened++;
    await s.wake();
    return s;
  }

  /** Bytes written as they are, outside the session's link protocol (optical, MEP) or as one datagram to the gateway (PLC). */
  async inject(bytes: Uint8Array): Promise<void> {
    if (this.open === null) throw new Inconclusive("no session is open to inject bytes into");
    // Pacing: raw bytes count as a request, so they keep the link's least time between requests.
    const gap = this.link === "optical" ? this.pixit.session.minRequestIntervalMs : this.link === "mep" ? this.pixit.mep.minRequestIntervalMs : 0;
    if (gap > 0) await new Promise((r) => setTimeout(r, gap));
    this.open.trace.record("tx", "fuzz", bytes, "raw bytes written outside the link protocol (fuzzing)");
    await this.open.inject(bytes);
  }

  /** The session failed (time-out, lost port): the next case opens a new one. */
  markBroken(): void {
    this.broken = true;
  }

  async closeSession(): Promise<void> {
    const o = this.open;
    this.open = null;
    if (o !== null) await o.close().catch(() => undefined);
  }

  /** After a finding: the simulator starts again from a new meter; a real meter gets a new session. */
  async refresh(): Promise<void> {
    await this.closeSession();
    if (this.config.target.kind === "sim") {
      await this.target.close().catch(() => undefined);
      this.target = this.targets(this.config);
    }
  }

  async close(): Promise<void> {
    await this.closeSession();
    await this.target.close().catch(() => undefined);
  }

  private async openSession(role: FuzzRole): Promise<Open> {
    const pixit = this.pixit;
    if (this.link === "optical") {
      const key = keyFor(pixit, role);
      if (key === null) throw new Inconclusive(`the PIXIT gives no ${role} key (keys.${role})`);
      const transport = await this.target.connect();
      const s = new OpticalSession(transport, sessionSettings(pixit), this.redactor);
      await opened(s.open(key), () => s.close());
      return this.wrap(role, s, s, null, raw(transport), () => s.close());
    }
    if (this.link === "mep") {
      const suites = { advanced: suiteFor(pixit, keyFor(pixit, "mepAdvanced")), basic: suiteFor(pixit, keyFor(pixit, "mepBasic")) };
      const mapped = role === "master" ? "advanced" : "basic";
      if (suites[mapped] === null) throw new Inconclusive(`the PIXIT gives no MEP ${mapped} key`);
      const transport = await this.target.connect();
      const s = new MepSession(transport, mepSessionSettings(pixit), suites, this.redactor);
      s.role = mapped;
      return this.wrap(role, s, null, s, raw(transport), () => s.close());
    }
    if (role === "reader") throw new Inconclusive("the PLC link has one key, the OMAK, and no read-only key");
    const suites = omakSuites(pixit, keyFor(pixit, "omak"));
    if (suites.advanced === null) throw new Inconclusive("the PIXIT gives no OMAK (keys.omak)");
    const { endpoint, gateway } = await this.target.openDatagrams();
    const s = new PlcSession(peerTransport(endpoint, gateway), plcSessionSettings(pixit), suites, this.redactor);
    s.role = "advanced";
    await opened(s.open(), () => s.close());
    return this.wrap(role, s, null, s, datagram(endpoint, gateway), () => s.close());
  }

  private wrap(role: OpenRole, client: TableClient & { trace: Trace }, optical: OpticalSession | null, secured: SecuredSession | null, inject: Open["inject"], close: () => Promise<void>): Open {
    return { role, client, optical, secured, trace: client.trace, openedAt: performance.now(), inject, close };
  }
}

function raw(transport: ByteTransport): Open["inject"] {
  return (bytes) => transport.write(bytes);
}

function datagram(endpoint: DatagramEndpoint, gateway: PeerAddress): Open["inject"] {
  return (bytes) => endpoint.send(bytes, gateway);
}

/** A session that fails to open is closed before the error goes on, so that no port stays open. */
async function opened(opening: Promise<void>, close: () => Promise<void>): Promise<void> {
  try {
    await opening;
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
}
