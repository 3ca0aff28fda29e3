import type { ByteOrder } from "../bytes/cursor";
import type { LinkKind } from "../links/link-contract";
import { linkOf } from "../links/links";
import type { PollPacing } from "../session/poll-backoff";
import type { ProcedureSettings } from "../session/procedure-runner";
import type { Pixit } from "./pixit";

/**
 * The PIXIT's polling items and the link's pacing, as the pollers (session/poll-backoff.ts) take
 * them. BT08 is read at procedures.pollIntervalMs for the first procedures.resultWithinMs, the time
 * 9.13.1 gives a quick procedure and the limit its scenario times the result against, and backs
 * off after that, when the procedure is a slow one (9.13.2) or never shows its result.
 */
export function procedureSettings(pixit: Pixit, link: LinkKind, dataOrder: ByteOrder): ProcedureSettings {
  const p = pixit.procedures;
  return {
    resultTimeoutMs: p.resultTimeoutMs,
    pollIntervalMs: p.pollIntervalMs,
    minRequestIntervalMs: linkOf(link).minRequestIntervalMs(pixit),
    steadyForMs: p.resultWithinMs,
    dataOrder,
  };
}

/**
 * Polling a table for a state the device reaches by itself (an
 * M-Bus request leaving "pending"), for at most `timeoutMs`.
 */
export function statePacing(pixit: Pixit, link: LinkKind, timeoutMs: number): PollPacing {
  return { intervalMs: pixit.procedures.pollIntervalMs, timeoutMs, floorMs: linkOf(link).minRequestIntervalMs(pixit) };
}
