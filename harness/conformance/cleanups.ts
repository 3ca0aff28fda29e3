import type { TableClient } from "../session/table-client";
import { leftChangedNotice, type UndoneCleanup } from "./left-changed";

/**
 * A scenario's clean-ups, run after it (steps/hooks.ts) to put the device back as it was: last
 * first, on a session with the link's admin key. A session the device's logon hold-off keeps from
 * opening (PIXIT session.logonHoldOff: the clean-up's own logon refused, or one earlier in the
 * scenario) waits for the time the refusal named, within the PIXIT's seconds, once, as the next
 * scenario would, then opens. What is not put back, for whatever reason, is reported: what, and
 * how to put it back by hand (./left-changed.ts).
 */
export interface Cleanup {
  readonly what: string;
  readonly run: (session: TableClient) => Promise<void>;
  /** How a lab does it when the harness cannot: bench commands, or what to do by hand (./bench-restore.ts). */
  readonly restore?: string;
}

export interface CleanupContext {
  /** In the order they were registered. */
  readonly cleanups: readonly Cleanup[];
  /** A session with the link's admin key (the scenario's own, when it has that key). */
  openAdmin(): Promise<TableClient>;
  /** What is left of the device's logon hold-off on this target, in ms (0: none). */
  holdOffLeftMs(): number;
  /** Waits out what is left of it; false when a signal ended the wait. */
  waitOutHoldOff(): Promise<boolean>;
  /** The signal stopping the run, or null while it goes on. */
  stopping(): NodeJS.Signals | null;
  /** Puts the notice of what the device was left with in the scenario's report. */
  reportLeftChanged(notice: string): Promise<void>;
}

export interface CleanupOutcome {
  /** What went wrong, a line each. */
  readonly failures: readonly string[];
  /**
   * The device's logon hold-off alone kept the clean-ups from a session: the scenario's verdict
   * stands as its steps gave it, since the device did only what the PIXIT says it does.
   */
  readonly heldOff: boolean;
}

export async function runCleanups(c: CleanupContext): Promise<CleanupOutcome> {
  const all = [...c.cleanups].reverse();
  if (all.length === 0) return { failures: [], heldOff: false };
  const opened = await cleanupSession(c);
  if ("reason" in opened) {
    await c.reportLeftChanged(leftChangedNotice(opened.reason, all));
    return { failures: [opened.reason], heldOff: opened.heldOff };
  }
  const undone: UndoneCleanup[] = [];
  for (const cleanup of all) {
    try {
      await cleanup.run(opened.session);
    } catch (e) {
      undone.push({ what: cleanup.what, restore: cleanup.restore, error: (e as Error).message });
    }
  }
  if (undone.length > 0) await c.reportLeftChanged(leftChangedNotice("a clean-up failed", undone));
  return { failures: undone.map((u) => `${u.what}: ${u.error ?? ""}`), heldOff: false };
}

async function cleanupSession(
  c: CleanupContext,
): Promise<{ readonly session: TableClient } | { readonly reason: string; readonly heldOff: boolean }> {
  try {
    return { session: await c.openAdmin() };
  } catch (e) {
    if (c.holdOffLeftMs() === 0)
      return { reason: `the clean-up's session did not open: ${(e as Error).message}`, heldOff: false };
  }
  const stopping = c.stopping();
  if (stopping !== null)
    return {
      reason: `the run was stopped (${stopping}) while the device held off new sessions (session.logonHoldOff), so the clean-up did not wait to open one`,
      heldOff: true,
    };
  if (!(await c.waitOutHoldOff()))
    return {
      reason:
        "a signal ended the wait for the end of the device's logon hold-off (session.logonHoldOff), so the clean-up opened no session",
      heldOff: true,
    };
  try {
    return { session: await c.openAdmin() };
  } catch (e) {
    return {
      reason: `the clean-up's session did not open after the device's logon hold-off (session.logonHoldOff) was waited out: ${(e as Error).message}`,
      heldOff: c.holdOffLeftMs() > 0,
    };
  }
}
