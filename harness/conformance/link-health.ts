import { DecodeError, OsgpError, type ErrorCode } from "../errors";

/**
 * Whether the link to the device still carries anything, judged from how exchanges end. Against a
 * meter that never answers, every scenario would otherwise wait out every retransmission of every
 * request (15 s a scenario on the optical port, a suite past 20 minutes) only to be inconclusive.
 * After `deadAfterFailures` exchanges in a row end in a link failure, the link is lost: scenarios
 * are refused at once, except that the first scenario after each `probeIntervalMs` may probe the
 * link (one short attempt). Any good exchange, a probe's included, makes the link healthy again.
 *
 * Pure: the caller gives the time, so tests need no clock.
 */

/** Codes that mean nothing came back from the device, or the port itself failed. */
export const LINK_FAILURE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "OSGP_ERR_NO_ACK",
  "OSGP_ERR_RESPONSE_TIMEOUT",
  "OSGP_ERR_GARBLED_RESPONSE",
  "OSGP_ERR_MEP_NO_RESPONSE",
  "OSGP_ERR_PLC_NO_RESPONSE",
  "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT",
  "OSGP_ERR_PORT_OPEN",
  "OSGP_ERR_PORT_CLOSED",
  "OSGP_ERR_PORT_WRITE",
  "OSGP_ERR_UDP_SOCKET",
]);

export interface LinkHealthSettings {
  /** Consecutive link failures that make the link lost; 0: never judge it lost. */
  readonly deadAfterFailures: number;
  /** Least time between two probes of a lost link (counted from the loss, then from each probe). */
  readonly probeIntervalMs: number;
}

export type LinkState =
  | { readonly kind: "healthy"; readonly consecutiveFailures: number; readonly garbledSeen?: boolean }
  | {
      readonly kind: "lost";
      readonly lostAt: number;
      /** Link failures in a row when the link was judged lost. */
      readonly failuresAtLoss: number;
      /** The latest link failure, a failed probe's included. */
      readonly lastFailure: string;
      /** A failure of the streak was packets that did not check: the device talks, but its packets break 9.1. */
      readonly garbled: boolean;
      readonly lastProbeAt: number | null;
    };

/** What a scenario may do with the link now. */
export type Admission =
  { readonly kind: "go" } | { readonly kind: "probe" } | { readonly kind: "refuse"; readonly reason: string };

/** How an exchange ended, as far as the link is concerned. */
export type LinkEvidence = "alive" | "dead" | "silent-on-purpose" | "unknown";

/**
 * An answer of any kind, even one that does not decode, shows the link alive; a time-out or a
 * port error shows it dead; anything else (a session-state error, a refused encoding) says nothing.
 */
export function linkEvidenceOf(
  outcome: { readonly ok: true } | { readonly ok: false; readonly error: unknown },
): LinkEvidence {
  if (outcome.ok) return "alive";
  const e = outcome.error;
  if (e instanceof DecodeError) return "alive";
  if (e instanceof OsgpError && LINK_FAILURE_CODES.has(e.code)) return "dead";
  return "unknown";
}

export class LinkHealth {
  private current: LinkState = { kind: "healthy", consecutiveFailures: 0 };
  private probedFor: unknown = undefined;

  constructor(readonly settings: LinkHealthSettings) {}

  get state(): LinkState {
    return this.current;
  }

  /**
   * One exchange's end. `silenceExpected`: the scenario asked for a request that must go
   * unanswered, so its time-out is the device doing right and must not count against the link.
   */
  record(
    outcome: { readonly ok: true } | { readonly ok: false; readonly error: unknown },
    now: number,
    silenceExpected = false,
  ): void {
    const evidence = linkEvidenceOf(outcome);
    if (evidence === "alive") {
      this.current = { kind: "healthy", consecutiveFailures: 0 };
      return;
    }
    if (evidence !== "dead" || silenceExpected) return;
    const why = outcome.ok ? "" : describe(outcome.error);
    const garbled =
      !outcome.ok && outcome.error instanceof OsgpError && outcome.error.code === "OSGP_ERR_GARBLED_RESPONSE";
    const c = this.current;
    if (c.kind === "lost") {
      this.current = { ...c, lastFailure: why, garbled: c.garbled || garbled };
      return;
    }
    const garbledSeen = (c.garbledSeen ?? false) || garbled;
    const n = c.consecutiveFailures + 1;
    const limit = this.settings.deadAfterFailures;
    this.current =
      limit > 0 && n >= limit
        ? { kind: "lost", lostAt: now, failuresAtLoss: n, lastFailure: why, garbled: garbledSeen, lastProbeAt: null }
        : { kind: "healthy", consecutiveFailures: n, garbledSeen };
  }

  /**
   * Whether `scenario` (any value unique to one scenario) may use the link: "probe" at most once
   * per scenario and once per probe interval, and the caller must then record the probe's outcome.
   */
  admit(scenario: unknown, now: number): Admission {
    const c = this.current;
    if (c.kind === "healthy") return { kind: "go" };
    if (this.probedFor !== scenario && now >= this.nextProbeAt(c)) {
      this.probedFor = scenario;
      this.current = { ...c, lastProbeAt: now };
      return { kind: "probe" };
    }
    return { kind: "refuse", reason: this.lossReport() };
  }

  /** Lost to packets that do not check: the scenarios that judge the device's packets still have something to judge. */
  get garbled(): boolean {
    return this.current.kind === "lost" && this.current.garbled;
  }

  /** Why scenarios are refused: when the link was lost, after what, and when it is probed next. */
  lossReport(): string {
    const c = this.current;
    if (c.kind === "healthy") return "the link to the device is healthy";
    const probed = c.lastProbeAt === null ? "" : `; probed at ${clock(c.lastProbeAt)} without an answer`;
    return `the link to the device was lost at ${clock(c.lostAt)} after ${c.failuresAtLoss} consecutive failures (last: ${c.lastFailure})${probed}; not probed again until ${clock(this.nextProbeAt(c))}`;
  }

  private nextProbeAt(c: Extract<LinkState, { kind: "lost" }>): number {
    return (c.lastProbeAt ?? c.lostAt) + this.settings.probeIntervalMs;
  }
}

/** HH:MM:SS of the machine's local time, as a lab reads its own clock. */
function clock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/** Code and detail without the request's bytes: a security request's bytes hold the password. */
function describe(error: unknown): string {
  if (error instanceof OsgpError) return `${error.code}: ${error.detail}`;
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] as string;
}

/** One health per link target per process: every scenario against that device shares what the others learnt. */
const healths = new Map<string, LinkHealth>();

export function linkHealthFor(targetText: string, settings: LinkHealthSettings): LinkHealth {
  let h = healths.get(targetText);
  if (h === undefined) {
    h = new LinkHealth(settings);
    healths.set(targetText, h);
  }
  return h;
}
