import type { BenchRole, Link, LinkContext, LinkSession, Resumption } from "../links/link-contract";
import type { Pixit } from "./pixit";
import { Inconclusive } from "./verdicts";

/**
 * The session a real link keeps between scenarios (PIXIT sessionReuse): on a bench every session
 * costs a wake-up, identification, negotiation, logon and security, and then logoff and terminate,
 * and a meter that counts logons may lock the probe out in the middle of a run. A scenario hands
 * its session back when it ended cleanly; the next one that asks for the same key takes it, unless
 * it has been idle or open too long, when it is closed (with its goodbye exchanges) and the caller
 * opens a new one. A session taken goes with a check of its first request, which finds out whether
 * the device ended it meanwhile (harness/session/resumed-session.ts); one whose first answer left
 * that unknown is never kept again. One that asks for another key takes it too, on a link whose
 * sessions log on again in place (LinkSession.relogon: on the optical port Logoff, Logon, Security,
 * 3 requests where closing and opening cost 7); a device that will not is closed and the caller
 * opens a new session, as before: the harness's own set-up is no judgement of the device.
 */
export interface KeptSession {
  readonly session: LinkSession;
  readonly role: BenchRole;
  readonly openedAt: number;
}

export interface KeepLimits {
  /** Counted from the session's last bytes on the line: the device's own idle time-out counts from there. */
  readonly maxIdleMs: number;
  readonly maxAgeMs: number;
}

/**
 * The time the next scenario may take from taking a kept session to its first request reaching the
 * device: its Given steps, the pacing, the request's packets on the line. The device's idle
 * time-out must not run out within it.
 */
const FIRST_REQUEST_ALLOWANCE_MS = 1000;

/**
 * The PIXIT's limits; on a link whose sessions log on, the idle limit never reaches the device's
 * channel traffic time-out less that allowance, whatever sessionReuse.maxIdleSeconds says.
 */
export function keepLimitsOf(pixit: Pixit, link: Pick<Link, "logonServices">): KeepLimits {
  const r = pixit.sessionReuse;
  const deviceIdleMs = link.logonServices
    ? pixit.session.channelTrafficTimeoutSeconds * 1000 - FIRST_REQUEST_ALLOWANCE_MS
    : Infinity;
  return { maxIdleMs: Math.max(0, Math.min(r.maxIdleSeconds * 1000, deviceIdleMs)), maxAgeMs: r.maxAgeSeconds * 1000 };
}

type Route = Pick<LinkContext, "observer" | "onDatagram">;

export class SessionKeeper {
  private kept: (KeptSession & { readonly since: number }) | null = null;
  private route: Route = {};
  /** Sessions whose first request after a hand-over went unanswered: the device's state is unknown. */
  private readonly unsure = new WeakSet<LinkSession>();

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

  /**
   * The kept session, if it is of `role` and still young and busy enough, its first request
   * checked (`reopening` runs a reopening, as the caller runs any opening); otherwise it is closed
   * and null returned.
   */
  async take(
    role: BenchRole,
    now: number,
    reopening: Resumption["reopening"] = (open) => open(),
  ): Promise<KeptSession | null> {
    const k = this.kept;
    this.kept = null;
    if (k === null) return null;
    const idle = now - (k.session.trace.lastTrafficAt ?? k.since);
    const young = idle <= this.limits.maxIdleMs && now - k.openedAt <= this.limits.maxAgeMs;
    if (young && k.role === role) {
      k.session.resume?.({
        origin: `kept from an earlier scenario (opened ${new Date(k.openedAt).toISOString()}, silent ${(idle / 1000).toFixed(1)} s)`,
        reopening,
        onUnknown: () => this.unsure.add(k.session),
      });
      return k;
    }
    if (young && k.session.relogon !== undefined && (await this.relogon(k, role, reopening))) return { ...k, role };
    await k.session.close().catch(() => undefined);
    return null;
  }

  /**
   * `k`'s session under `role`, run as any opening runs (`reopening`: the logon hold-off). An
   * opening's inconclusive (a refusal for the hold-off, a role without a key) is the caller's as
   * it would be from a fresh opening; any other failure leaves a note and false, for a fresh one.
   * The session keeps its first opening's time: the device's limit on a session may count from it.
   */
  private async relogon(k: KeptSession, role: BenchRole, reopening: Resumption["reopening"]): Promise<boolean> {
    try {
      await reopening(async () => {
        await k.session.relogon?.(role);
      });
      k.session.trace.note(`the kept session (${k.role}) logged on again as ${role} on the same channel`);
      return true;
    } catch (e) {
      if (e instanceof Inconclusive) {
        await k.session.close().catch(() => undefined);
        throw e;
      }
      k.session.trace.note(
        `the kept session (${k.role}) could not log on again as ${role} (${e instanceof Error ? e.message : String(e)}): it is closed and a fresh session opened`,
      );
      return false;
    }
  }

  /** Keeps `s` for the next scenario, closing what was kept before; one whose state is unknown is closed instead. */
  async keep(s: KeptSession, now: number): Promise<void> {
    const before = this.kept;
    const keepable = !this.unsure.has(s.session);
    this.kept = keepable ? { ...s, since: now } : null;
    if (before !== null && before.session !== s.session) await before.session.close().catch(() => undefined);
    if (!keepable) await s.session.close().catch(() => undefined);
  }

  /** At the end of the run: the kept session says goodbye to the device. */
  async close(): Promise<void> {
    const k = this.kept;
    this.kept = null;
    if (k !== null) await k.session.close().catch(() => undefined);
  }
}
