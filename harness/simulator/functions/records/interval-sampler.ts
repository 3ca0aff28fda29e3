import { CHANNEL_STATUS, NO_COMMON_FLAGS } from "../../../protocol/tables/bt64-interval-status";
import type { MeteringStep } from "../../device-model/metering-model";
import { sameStatus, type IntervalRecorder } from "./interval-recorder";

/**
 * Turns the metering model's steps into closed intervals of one load-profile data set. An
 * interval ends on a whole multiple of the interval length of meter time (UTC), which a step's end
 * always hits because steps end on whole minutes. A clock set (BP10, EP16) marks the interval it
 * happened in with C12.19's clock-set-forward or -backward flag: a jump that stays inside the
 * interval makes it shorter (partial) or longer (long); a jump out of it closes it as partial at
 * its nominal end and closes the block (its remaining intervals skipped), and the interval the
 * clock lands in starts a new block, partial and flagged.
 *
 * "delta" channels record what the reading grew by during the interval (energy), "reading"
 * channels the reading at its end (an M-Bus meter index).
 */
export interface SamplerHooks {
  intervalMs(): number;
  /** The channels' cumulative readings at the end of a step. */
  readings(step: MeteringStep): readonly number[];
  readonly mode: "delta" | "reading";
  /** Largest value the set's interval format holds; a larger one is clamped and flagged overflow. */
  readonly maxValue: number;
  testMode(): boolean;
  /** False under a defect that forgets the clock-set flags. */
  readonly flagsClockSets: boolean;
}

export class IntervalSampler {
  private startReadings: readonly number[];
  private lastReadings: readonly number[];
  private openEnd: number;
  private partial: boolean;
  private long = false;
  private forward = false;
  private backward = false;
  private test = false;

  constructor(
    private readonly recorder: IntervalRecorder,
    private readonly hooks: SamplerHooks,
    nowMs: number,
    readings: readonly number[],
  ) {
    this.startReadings = readings.slice();
    this.lastReadings = readings.slice();
    this.openEnd = this.endOf(nowMs);
    this.partial = nowMs % hooks.intervalMs() !== 0;
  }

  onStep(step: MeteringStep): void {
    this.lastReadings = this.hooks.readings(step);
    if (this.hooks.testMode()) this.test = true;
    if (step.toMs === this.openEnd) {
      this.close(step.toMs);
      this.begin(step.toMs, false);
    }
  }

  onJump(fromMs: number, toMs: number): void {
    const flag = () => {
      if (!this.hooks.flagsClockSets) return;
      if (toMs > fromMs) this.forward = true;
      else this.backward = true;
    };
    if (this.endOf(toMs) === this.openEnd) {
      flag();
      if (toMs > fromMs) this.partial = true;
      else this.long = true;
      return;
    }
    flag();
    this.partial = true;
    this.close(this.openEnd);
    this.recorder.closeBlock(this.hooks.intervalMs(), {
      ...NO_COMMON_FLAGS,
      clockSetForward: this.forward,
      clockSetBackward: this.backward,
    });
    this.begin(toMs, toMs % this.hooks.intervalMs() !== 0);
    flag();
  }

  /** The configuration changed: the data set starts again with an interval that begins now. */
  restart(nowMs: number, readings: readonly number[]): void {
    this.recorder.clear();
    this.lastReadings = readings.slice();
    this.begin(nowMs, nowMs % this.hooks.intervalMs() !== 0);
  }

  private begin(atMs: number, partial: boolean): void {
    this.startReadings = this.lastReadings.slice();
    this.openEnd = this.endOf(atMs);
    this.partial = partial;
    this.long = false;
    this.forward = false;
    this.backward = false;
    this.test = this.hooks.testMode();
  }

  private close(endMs: number): void {
    const raw =
      this.hooks.mode === "delta"
        ? this.lastReadings.map((r, c) => r - (this.startReadings[c] ?? 0))
        : this.lastReadings;
    const base = this.test
      ? CHANNEL_STATUS.testMode
      : this.partial
        ? CHANNEL_STATUS.partial
        : this.long
          ? CHANNEL_STATUS.long
          : CHANNEL_STATUS.none;
    const channels = sameStatus(raw.length, base).map((s, c) =>
      (raw[c] as number) > this.hooks.maxValue ? CHANNEL_STATUS.overflow : s,
    );
    const values = raw.map((v) => Math.max(0, Math.min(this.hooks.maxValue, Math.round(v))));
    const common = { ...NO_COMMON_FLAGS, clockSetForward: this.forward, clockSetBackward: this.backward };
    this.recorder.record(
      endMs,
      this.hooks.intervalMs(),
      { common, channels, values },
      this.lastReadings,
      this.startReadings,
    );
  }

  /** The end of the interval that holds `t`: the next whole multiple of the interval length after it. */
  private endOf(t: number): number {
    const l = this.hooks.intervalMs();
    return (Math.floor(t / l) + 1) * l;
  }
}
