/**
 * A meter behaviour, not a defect: NES meters refuse new optical sessions for a hold-off after too
 * many ([OPG]: ET51's optical DoS timer and its optical hold-off, 300 s by default). The guide says
 * neither how many is too many nor with which code the logon is refused; this meter counts logons in
 * a sliding window, refuses the one past `logons` with bsy (the code the PIXIT's
 * session.logonHoldOff.codes names by default), and every other logon until the hold-off has
 * passed, which a refused logon does not prolong. The counts start again after a hold-off.
 * `simulate --logon-limit N --logon-window S --logon-hold-off S` scales it down, so that a test
 * sees a hold-off in seconds.
 *
 * Pure: the caller gives the time.
 */
export interface LogonLimitSettings {
  /** Logons let in within one window; the next one starts the hold-off. */
  readonly logons: number;
  readonly windowMs: number;
  readonly holdOffMs: number;
}

export class LogonLimit {
  private admitted: number[] = [];
  private holdOffUntil = -Infinity;

  constructor(readonly settings: LogonLimitSettings) {}

  /** Whether a logon at `now` is let in; false: refuse it (hold-off). */
  admit(now: number): boolean {
    if (now < this.holdOffUntil) return false;
    this.admitted = this.admitted.filter((t) => now - t < this.settings.windowMs);
    if (this.admitted.length >= this.settings.logons) {
      this.admitted = [];
      this.holdOffUntil = now + this.settings.holdOffMs;
      return false;
    }
    this.admitted.push(now);
    return true;
  }

  /** Until when new logons are refused (ms, as `admit` was given the time), or null when they are not. */
  holdOffEnds(now: number): number | null {
    return now < this.holdOffUntil ? this.holdOffUntil : null;
  }
}
