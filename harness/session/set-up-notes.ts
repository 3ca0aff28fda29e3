import type { Trace } from "./trace";

/**
 * Trace notes around what the harness sends for its own sake rather than for the scenario's steps:
 * opening and closing the session a scenario's Given steps ask for, handing a kept session on,
 * reading BT00 and BT01 once per run, checking a lost link. The report shows them among the
 * frames, and the wire figures (harness/report/wire-figures.ts) count every request between a
 * "set-up: ..." note and "set-up done" as session overhead, under the cause the note names. What a
 * step sends itself (a logon scenario's logon, a link probe's session) is the scenario's own.
 */
export const SET_UP_PREFIX = "set-up: ";
export const SET_UP_DONE = "set-up done";

const open = new WeakSet<Trace>();

/** Opens a bracket on `trace`; false (and nothing noted) when one is open already. */
export function beginSetUp(trace: Trace, what: string): boolean {
  if (open.has(trace)) return false;
  open.add(trace);
  trace.note(`${SET_UP_PREFIX}${what}`);
  return true;
}

/** Closes the bracket open on `trace`, if any. */
export function endSetUp(trace: Trace): void {
  if (open.delete(trace)) trace.note(SET_UP_DONE);
}
