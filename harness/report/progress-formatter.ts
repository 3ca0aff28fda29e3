import { Formatter, type IFormatterOptions } from "@cucumber/cucumber";
import { RunProgress, SHARED_CONSOLE_ENV } from "./run-progress";

/** How often a log (not a terminal) gets a progress line while scenarios run. */
const LOG_EVERY_MS = 30_000;
/** How often a terminal shared by targets running at once gets each one's progress line. */
const SHARED_TERMINAL_EVERY_MS = 10_000;

/**
 * Cucumber's stdout formatter for this suite (cucumber.js, through progress-formatter-entry.js): one
 * progress line per target in verdicts (pass, fail, inconclusive, not applicable), never cucumber's
 * step statuses, where an inconclusive scenario shows as F. See run-progress.ts for what it writes.
 */
export default class ProgressFormatter extends Formatter {
  static override readonly documentation =
    "One progress line per target, in verdicts; a line for each scenario that failed or was inconclusive.";
  private readonly timer: NodeJS.Timeout;

  constructor(options: IFormatterOptions) {
    super(options);
    const stream = options.stream as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
    const shared = process.env[SHARED_CONSOLE_ENV] === "1";
    const progress = new RunProgress({
      target: process.env.OSGP_TARGET ?? "",
      tty: stream.isTTY === true && !shared,
      // A pty made without a size (script, docker exec -t, some CI runners) says 0 columns: unknown, not none.
      columns: () => (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80),
      write: (text) => this.log(text),
      now: Date.now,
      logEveryMs: shared && stream.isTTY === true ? SHARED_TERMINAL_EVERY_MS : LOG_EVERY_MS,
    });
    options.eventBroadcaster.on("envelope", (e: object) => progress.envelope(e));
    // Unref'd: the clock on the progress line never keeps cucumber from ending.
    this.timer = setInterval(() => progress.tick(), 1000).unref();
  }

  override async finished(): Promise<void> {
    clearInterval(this.timer);
    await super.finished();
  }
}
