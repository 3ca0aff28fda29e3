import { SessionError } from "../errors";
import { waitOutHoldOff } from "../conformance/hold-off-wait";
import type { HoldOffRefusal, LogonHoldOff } from "../conformance/logon-hold-off";
import { wallNow } from "../transport/timers";

/**
 * A bench command's session against a device that holds off new sessions for a while after too
 * many (PIXIT session.logonHoldOff, ../conformance/logon-hold-off.ts). A refusal with one of the
 * PIXIT's codes is an OSGP_ERR_LOGON_HOLD_OFF naming the code, the PIXIT items and the time the next
 * session may open, on the lab's clock and in seconds from now; with --wait-hold-off the command
 * says on stderr until when it waits, waits once (../conformance/hold-off-wait.ts) and tries once
 * more. Any other error is the opening's own.
 */
export interface HoldOffOptions {
  /** --wait-hold-off. */
  readonly wait: boolean;
  /** The line saying until when the command waits (stderr). */
  readonly say: (line: string) => void;
  readonly now?: () => number;
  readonly waitOut?: (ms: number) => Promise<NodeJS.Signals | null>;
}

export async function openThroughHoldOff<T>(
  open: () => Promise<T>,
  holdOff: LogonHoldOff,
  options: HoldOffOptions,
): Promise<T> {
  const now = options.now ?? wallNow;
  const first = await attempt(open, holdOff, now);
  if ("opened" in first) return first.opened;
  if (!options.wait) throw holdOffError(first, now(), "--wait-hold-off waits for it, then tries once more");
  options.say(
    `logon hold-off: ${first.refusal} (session.logonHoldOff.codes); waiting until ${when(first.until, now())}, then trying once more`,
  );
  const signal = await (options.waitOut ?? waitOutHoldOff)(first.until - now());
  if (signal !== null)
    throw new SessionError(
      "OSGP_ERR_LOGON_HOLD_OFF",
      `${signal} ended the wait for the end of the device's logon hold-off (session.logonHoldOff), due at ${localIso(first.until)}: no session was opened`,
    );
  const second = await attempt(open, holdOff, now);
  if ("opened" in second) return second.opened;
  throw holdOffError(second, now(), "refused again after the one wait --wait-hold-off makes");
}

async function attempt<T>(
  open: () => Promise<T>,
  holdOff: LogonHoldOff,
  now: () => number,
): Promise<{ readonly opened: T } | HoldOffRefusal> {
  try {
    return { opened: await open() };
  } catch (e) {
    const refusal = holdOff.begin(e, now());
    if (refusal === null) throw e;
    return refusal;
  }
}

function holdOffError(r: HoldOffRefusal, now: number, then: string): SessionError {
  return new SessionError(
    "OSGP_ERR_LOGON_HOLD_OFF",
    `${r.refusal}, which the PIXIT takes for its logon hold-off (session.logonHoldOff.codes): the next session may open at ${when(r.until, now)}; ${then}`,
  );
}

/** "2025-03-01T11:05:00+01:00 (300 s from now, session.logonHoldOff.seconds)". */
function when(until: number, now: number): string {
  return `${localIso(until)} (${Math.ceil(Math.max(0, until - now) / 1000)} s from now, session.logonHoldOff.seconds)`;
}

/**
 * A time as the lab's clock shows it: ISO 8601 in the local zone, with its offset from UTC, to the
 * second, rounded up so that it is never before the time itself.
 */
export function localIso(ms: number): string {
  const at = new Date(Math.ceil(ms / 1000) * 1000);
  const east = -at.getTimezoneOffset();
  const local = new Date(at.getTime() + east * 60_000).toISOString().slice(0, 19);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${local}${east < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(east) / 60))}:${pad(Math.abs(east) % 60)}`;
}
