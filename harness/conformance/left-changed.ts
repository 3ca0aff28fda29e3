/**
 * What a scenario leaves changed on the device when its clean-ups cannot put it back
 * (steps/support/cleanups.ts), said plainly in the scenario's report and the run's summary, with how a
 * lab puts each thing back by hand.
 */
export interface UndoneCleanup {
  readonly what: string;
  /** How to put it back by hand, when the clean-up knows: bench commands, or what to do (./bench-restore.ts). */
  readonly restore?: string;
  /** Why it is not put back, when the clean-up ran and failed. */
  readonly error?: string;
}

export function leftChangedNotice(reason: string, undone: readonly UndoneCleanup[]): string {
  return [
    `the device was left changed: ${reason}. Not put back:`,
    ...undone.map(
      (u) =>
        `- ${u.what}${u.error === undefined ? "" : ` (${u.error})`}: ${u.restore ?? "by hand (the harness knows no bench command for it)"}`,
    ),
  ].join("\n");
}
