import type { Pixit } from "../../conformance/pixit";
import type { RunConfig } from "../../conformance/run-config";
import { createTarget, describeTarget, type LinkKind, type Target } from "../../conformance/target";
import { Inconclusive } from "../../conformance/verdicts";
import type { LinkSession } from "../../links/link-contract";
import { opticalSessionSettings } from "../../links/optical/optical-settings";
import { bytePort } from "../../links/target-port";
import type { Redactor } from "../../security/redactor";
import { OpticalSession } from "../../session/optical-session";
import type { SecuredSession } from "../../session/secured-session";
import type { TableClient } from "../../session/table-client";
import type { Trace } from "../../session/trace";
import { now, sleep } from "../../transport/timers";

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
  inject: LinkSession["inject"];
  close: LinkSession["close"];
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
    const tooOld = o !== null && now() - o.openedAt > this.pixit.fuzz.sessionRenewalSeconds * 1000;
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
    if (!this.target.link.logonServices)
      throw new Inconclusive(
        `a bare C12.18 session exists on the optical port only, not on the ${this.target.link.portName}`,
      );
    await this.closeSession();
    const transport = await bytePort(this.target.port, "a bare C12.18 session").connect();
    const s = new OpticalSession(transport, opticalSessionSettings(this.pixit), this.redactor);
    const bare: LinkSession = {
      client: s,
      trace: s.trace,
      optical: s,
      secured: null,
      inject: (bytes) => transport.write(bytes),
      close: () => s.close(),
    };
    this.open = { ...bare, role: "bare", openedAt: now() };
    this.broken = false;
    this.sessionsOpened++;
    await s.wake();
    return s;
  }

  /**
   * Bytes written as they are, outside the session's link protocol
   * (optical, MEP) or as one datagram to the gateway (PLC).
   */
  async inject(bytes: Uint8Array): Promise<void> {
    if (this.open === null) throw new Inconclusive("no session is open to inject bytes into");
    // Pacing: raw bytes count as a request, so they keep the link's least time between requests.
    const gap = this.target.link.minRequestIntervalMs(this.pixit);
    if (gap > 0) await sleep(gap);
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
    const mapped = this.target.link.roleOf(role);
    if ("none" in mapped) throw new Inconclusive(mapped.none);
    const session = await this.target.open(mapped.role, { pixit: this.pixit, redactor: this.redactor });
    return { ...session, role, openedAt: now() };
  }
}
