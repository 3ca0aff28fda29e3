import { ConfigError } from "../errors";
import { describeResponseCode, parseResponseCode } from "../protocol/response-codes";
import { OpeningRefused } from "../session/optical-session";
import { Inconclusive } from "./verdicts";

/**
 * A device that refuses new sessions for a while after too many (NES meters' optical port: ET51's
 * optical hold-off, [OPG]). One refusal with a code the PIXIT names (session.logonHoldOff.codes)
 * sets, for the target and the run, a time before which no session opens: the scenario refused is
 * inconclusive, saying until when; a session asked for before then is refused without a byte sent,
 * since a meter may count a refused attempt against the probe too; and the next scenario waits out
 * what is left, once, for every scenario after it. Results already produced stay as they are.
 *
 * Pure: the caller gives the time.
 */
export interface HoldOffSettings {
  readonly seconds: number;
  readonly codes: readonly string[];
}

export interface HoldOffRefusal {
  /** What the device answered: "the device answered logon with bsy (0x06)". */
  readonly refusal: string;
  /** When the next session may open, in ms since the epoch. */
  readonly until: number;
}

export class LogonHoldOff {
  private readonly codes: ReadonlySet<number>;
  private until = -Infinity;
  private refusal = "";

  constructor(private readonly settings: HoldOffSettings) {
    this.codes = new Set(
      settings.codes.map((text) => {
        const code = parseResponseCode(text);
        if (code === null)
          throw new ConfigError(
            "OSGP_ERR_PIXIT",
            `session.logonHoldOff.codes: "${text}" is neither a response code mnemonic (bsy, isss, ...) nor a number`,
          );
        return code;
      }),
    );
  }

  /**
   * What an opening's error means: a refusal for the hold-off starts it and becomes the scenario's
   * inconclusive verdict; any other error is returned as it is.
   */
  judge(error: unknown, now: number): unknown {
    const r = this.begin(error, now);
    if (r === null) return error;
    return new Inconclusive(
      `${r.refusal}, which the PIXIT takes for its logon hold-off (session.logonHoldOff.codes): no session opens on this target until ${iso(r.until)} (session.logonHoldOff.seconds, ${this.settings.seconds} s), when the next scenario opens one`,
    );
  }

  /**
   * A refusal with one of the PIXIT's codes starts the hold-off at `now` (again, if one was on) and
   * says what the device answered and until when; any other error starts nothing (null). The bench
   * commands word it for a command line, `judge` for a scenario.
   */
  begin(error: unknown, now: number): HoldOffRefusal | null {
    if (!(error instanceof OpeningRefused) || !this.codes.has(error.responseCode)) return null;
    this.until = now + this.settings.seconds * 1000;
    this.refusal = `the device answered ${error.service} with ${describeResponseCode(error.responseCode)}`;
    return { refusal: this.refusal, until: this.until };
  }

  /** Why no session may open at `now`, or null when one may. */
  blocked(now: number): string | null {
    if (now >= this.until) return null;
    return `no session opens on this target until ${iso(this.until)}: ${this.refusal} at ${iso(this.until - this.settings.seconds * 1000)}, the start of its logon hold-off (session.logonHoldOff)`;
  }

  /** How long a scenario must wait before a session may open. */
  waitMs(now: number): number {
    return Math.max(0, this.until - now);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** One hold-off per target per process: every scenario against that device waits for the same one. */
const holdOffs = new Map<string, LogonHoldOff>();

export function logonHoldOffFor(targetText: string, settings: HoldOffSettings): LogonHoldOff {
  let h = holdOffs.get(targetText);
  if (h === undefined) {
    h = new LogonHoldOff(settings);
    holdOffs.set(targetText, h);
  }
  return h;
}
