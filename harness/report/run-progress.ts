import { verdictsOf, type ScenarioVerdict, type Verdict } from "./run-summary";

/**
 * What the console says while one target's scenarios run, from cucumber's messages as they come:
 * each scenario's verdict as run-summary.ts reads it (the same function, fed the scenario's own
 * messages), a line for every scenario that failed or was inconclusive, and a progress line (done of
 * planned, the count of each verdict, time taken and an estimate of the time left). On a terminal the
 * progress line is redrawn in place; in a log (CI) it is written as a line of its own every
 * `logEveryMs` and at the end, so that a log of four targets of 300 scenarios each stays some tens of
 * lines long: the summary lists every scenario.
 */
export interface ProgressOutput {
  /** The target's name, as --target gave it ("" when cucumber runs on its own). */
  readonly target: string;
  /** A terminal: redraw the progress line in place. */
  readonly tty: boolean;
  /** The terminal's width: a redrawn line must not wrap. */
  readonly columns: () => number;
  readonly write: (text: string) => void;
  readonly now: () => number;
  readonly logEveryMs: number;
}

interface Envelope {
  readonly pickle?: { readonly id: string };
  readonly testCase?: { readonly id: string; readonly pickleId: string };
  readonly testCaseStarted?: { readonly id: string; readonly testCaseId: string };
  readonly testStepFinished?: { readonly testCaseStartedId: string };
  readonly attachment?: { readonly testCaseStartedId?: string };
  readonly testCaseFinished?: { readonly testCaseStartedId: string; readonly willBeRetried?: boolean };
  readonly testRunStarted?: object;
  readonly testRunFinished?: object;
}

/**
 * Set ("1") by `run` for a cucumber whose target runs beside others: their progress lines share one
 * console, where a line redrawn in place would overwrite another target's.
 */
export const SHARED_CONSOLE_ENV = "OSGP_SHARED_CONSOLE";

/** Past this a reason is cut: the line names the rule, summary.md and the report carry the rest. */
const MAX_REASON = 160;

export class RunProgress {
  private readonly pickles = new Map<string, Envelope>();
  private readonly cases = new Map<string, { testCase: Envelope; pickle: Envelope | undefined }>();
  /** The messages of each scenario in progress, by its testCaseStarted id. */
  private readonly running = new Map<string, Envelope[]>();
  private readonly counts: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0, "not applicable": 0 };
  private notRun = 0;
  private startedAt: number;
  private lastLogAt: number;
  private ended = false;

  constructor(private readonly out: ProgressOutput) {
    this.startedAt = out.now();
    this.lastLogAt = this.startedAt;
  }

  /** One of cucumber's messages, as it is emitted. */
  envelope(message: object): void {
    const e = message as Envelope;
    if (e.pickle) this.pickles.set(e.pickle.id, e);
    else if (e.testRunStarted) this.startedAt = this.lastLogAt = this.out.now();
    else if (e.testCase) this.cases.set(e.testCase.id, { testCase: e, pickle: this.pickles.get(e.testCase.pickleId) });
    else if (e.testCaseStarted) {
      const c = this.cases.get(e.testCaseStarted.testCaseId);
      this.running.set(e.testCaseStarted.id, [...(c?.pickle ? [c.pickle] : []), ...(c ? [c.testCase] : []), e]);
    } else if (e.testStepFinished) this.running.get(e.testStepFinished.testCaseStartedId)?.push(e);
    else if (e.attachment?.testCaseStartedId !== undefined) this.running.get(e.attachment.testCaseStartedId)?.push(e);
    else if (e.testCaseFinished) this.finish(e, e.testCaseFinished);
    else if (e.testRunFinished) this.end();
  }

  /** Called every second or so: the terminal's clock moves on, and a log gets its line when one is due. */
  tick(): void {
    if (this.ended) return;
    if (this.out.tty) this.redraw();
    else if (this.out.now() - this.lastLogAt >= this.out.logEveryMs) this.logLine();
  }

  private finish(e: Envelope, finished: NonNullable<Envelope["testCaseFinished"]>): void {
    const messages = this.running.get(finished.testCaseStartedId);
    this.running.delete(finished.testCaseStartedId);
    if (messages === undefined || finished.willBeRetried === true) return;
    const [verdict] = verdictsOf([...messages, e]);
    if (verdict === undefined) this.notRun++;
    else {
      this.counts[verdict.verdict]++;
      if (verdict.verdict === "fail" || verdict.verdict === "inconclusive") this.permanent(this.scenarioLine(verdict));
    }
    if (this.out.tty) this.redraw();
  }

  private end(): void {
    this.ended = true;
    this.out.write(this.out.tty ? `\r\x1b[K${this.fitted()}\n` : `${this.line()}\n`);
  }

  private permanent(text: string): void {
    this.out.write(this.out.tty ? `\r\x1b[K${text}\n` : `${text}\n`);
  }

  private redraw(): void {
    this.out.write(`\r\x1b[K${this.fitted()}`);
  }

  private logLine(): void {
    this.lastLogAt = this.out.now();
    this.out.write(`${this.line()}\n`);
  }

  /** The progress line in one row of the terminal: a long target name gives way first, then the end of the line. */
  private fitted(): string {
    const width = Math.max(20, this.out.columns() - 1);
    const full = this.line();
    const excess = full.length - width;
    if (excess <= 0) return full;
    const target = this.out.target;
    const short =
      target.length - excess - 1 >= 8 ? `${target.slice(0, target.length - excess - 1)}…` : `${target.slice(0, 7)}…`;
    const text = this.line(target === "" ? "" : short);
    return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
  }

  /** "[sim] 35/322 done: 30 pass, 2 fail, 1 inconclusive, 2 n/a; 0:41 elapsed, about 5:20 left" */
  private line(target = this.out.target): string {
    const planned = this.cases.size;
    const done = this.done();
    const elapsed = this.out.now() - this.startedAt;
    const counts = [
      `${this.counts.pass} pass`,
      `${this.counts.fail} fail`,
      `${this.counts.inconclusive} inconclusive`,
      `${this.counts["not applicable"]} n/a`,
      ...(this.notRun > 0 ? [`${this.notRun} not run`] : []),
    ];
    const left =
      !this.ended && done > 0 && done < planned ? `, about ${clock((elapsed / done) * (planned - done))} left` : "";
    return `${target ? `[${target}] ` : ""}${done}/${planned} done: ${counts.join(", ")}; ${clock(elapsed)} elapsed${left}`;
  }

  /** "FAIL 9.1 <scenario> [sim] 2.1 s: <the rule it broke>" */
  private scenarioLine(v: ScenarioVerdict): string {
    const seconds = v.durationMs === undefined ? "" : ` ${(v.durationMs / 1000).toFixed(1)} s`;
    const reason = v.reason.length > MAX_REASON ? `${v.reason.slice(0, MAX_REASON - 1)}…` : v.reason;
    return `${v.verdict.toUpperCase()} ${v.clauses.join(",")} ${v.name}${this.out.target ? ` [${this.out.target}]` : ""}${seconds}${reason ? `: ${reason}` : ""}`;
  }

  private done(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0) + this.notRun;
  }
}

/** 0:41, 5:20, 1:02:03 */
function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}
