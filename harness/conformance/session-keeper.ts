import type { BenchRole, LinkContext, LinkSession } from "../links/link-contract";

/**
 * The session a real link keeps between scenarios (PIXIT sessionReuse): on a bench every session
 * costs a wake-up, identification, negotiation, logon and security, and then logoff and terminate,
 * and a meter that counts logons may lock the probe out in the middle of a run. A scenario hands
 * its session back when it ended cleanly; the next one that asks for the same key takes it, unless
 * it has been idle or open too long, when it is closed (with its goodbye exchanges) and the caller
 * opens a new one.
 */
export interface KeptSession {
  readonly session: LinkSession;
  readonly role: BenchRole;
  readonly openedAt: number;
}

export interface KeepLimits {
  readonly maxIdleMs: number;
  readonly maxAgeMs: number;
}

type Route = Pick<LinkContext, "observer" | "onDatagram">;

export class SessionKeeper {
  private kept: (KeptSession & { readonly since: number }) | null = null;
  private route: Route = {};

  constructor(private readonly limits: KeepLimits) {}

  /**
   * What a session that may be kept is opened with: its exchanges and datagrams go to whichever
   * scenario holds it now (`routeTo`), not to the one that opened it.
   */
  relay(): Required<Route> {
    return { observer: (o) => this.route.observer?.(o), onDatagram: (d) => this.route.onDatagram?.(d) };
  }

  routeTo(route: Route): void {
    this.route = route;
  }

  /** The kept session, if it is of `role` and still young and busy enough; otherwise it is closed and null returned. */
  async take(role: BenchRole, now: number): Promise<KeptSession | null> {
    const k = this.kept;
    this.kept = null;
    if (k === null) return null;
    if (k.role === role && now - k.since <= this.limits.maxIdleMs && now - k.openedAt <= this.limits.maxAgeMs) return k;
    await k.session.close().catch(() => undefined);
    return null;
  }

  /** Keeps `s` for the next scenario, closing what was kept before. */
  async keep(s: KeptSession, now: number): Promise<void> {
    const before = this.kept;
    this.kept = { ...s, since: now };
    if (before !== null && before.session !== s.session) await before.session.close().catch(() => undefined);
  }

  /** At the end of the run: the kept session says goodbye to the device. */
  async close(): Promise<void> {
    const k = this.kept;
    this.kept = null;
    if (k !== null) await k.session.close().catch(() => undefined);
  }
}
