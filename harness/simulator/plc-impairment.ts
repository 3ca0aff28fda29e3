import { mulberry32 } from "./seeded-random";
import { ConfigError } from "../errors";

/**
 * What the simulated PLC channel does to each packet: loses it, delivers it twice, or delivers it
 * late. A real power line does all three, and the harness's retries and duplicate handling (clause
 * 4, 9.1) are only exercised when the simulator does too. Seeded, so a run that failed can be run
 * again packet for packet.
 */
export interface ImpairmentOptions {
  /** 0..100: the chance a packet is lost. */
  readonly lossPercent: number;
  /** 0..100: the chance a packet that is not lost arrives twice. */
  readonly duplicatePercent: number;
  /** The delay every copy has at least. */
  readonly delayMs: number;
  /** Each copy is late by a further 0..jitterMs (whole ms, uniform). */
  readonly jitterMs: number;
  /** 0..2^32-1. */
  readonly seed: number;
}

export const NO_IMPAIRMENT: ImpairmentOptions = {
  lossPercent: 0,
  duplicatePercent: 0,
  delayMs: 0,
  jitterMs: 0,
  seed: 1,
};

/** A longer delay is a unit mistake (seconds given as ms), not a power line. */
export const MAX_IMPAIRMENT_DELAY_MS = 60_000;

export class Impairment {
  private readonly random: () => number;

  constructor(readonly options: ImpairmentOptions) {
    validateImpairment(options);
    this.random = mulberry32(options.seed);
  }

  /**
   * The delivery delays of one packet: [] lost, [d] delivered once, [d1, d2] delivered twice. The
   * draws are always taken in the same order (loss, duplicate, one jitter per copy), so one seed
   * gives one sequence of outcomes for one sequence of packets.
   */
  decide(): number[] {
    const o = this.options;
    if (this.random() * 100 < o.lossPercent) return [];
    const copies = this.random() * 100 < o.duplicatePercent ? 2 : 1;
    return Array.from({ length: copies }, () => o.delayMs + Math.floor(this.random() * (o.jitterMs + 1)));
  }
}

export function validateImpairment(o: ImpairmentOptions): ImpairmentOptions {
  const check = (name: keyof ImpairmentOptions, ok: boolean, range: string) => {
    if (!ok) throw new ConfigError("OSGP_ERR_USAGE", `impairment ${name} ${String(o[name])} is not ${range}`);
  };
  const within = (x: number, max: number) => Number.isFinite(x) && x >= 0 && x <= max;
  check("lossPercent", within(o.lossPercent, 100), "a percentage 0..100");
  check("duplicatePercent", within(o.duplicatePercent, 100), "a percentage 0..100");
  check(
    "delayMs",
    Number.isInteger(o.delayMs) && within(o.delayMs, MAX_IMPAIRMENT_DELAY_MS),
    `whole milliseconds 0..${MAX_IMPAIRMENT_DELAY_MS}`,
  );
  check(
    "jitterMs",
    Number.isInteger(o.jitterMs) && within(o.jitterMs, MAX_IMPAIRMENT_DELAY_MS),
    `whole milliseconds 0..${MAX_IMPAIRMENT_DELAY_MS}`,
  );
  check("seed", Number.isInteger(o.seed) && within(o.seed, 0xffffffff), "an integer 0..4294967295");
  return o;
}

/**
 * Command-line values to options; a value not given keeps NO_IMPAIRMENT's. Plain decimal only
 * ("10", "2.5"): "1e1", "0x10" or "" are refused rather than read as something unexpected.
 */
export function parseImpairment(values: Partial<Record<keyof ImpairmentOptions, string>>): ImpairmentOptions {
  const read = (name: keyof ImpairmentOptions, fraction: boolean): number => {
    const text = values[name];
    if (text === undefined) return NO_IMPAIRMENT[name];
    const pattern = fraction ? /^\d+(\.\d+)?$/ : /^\d+$/;
    if (!pattern.test(text.trim()))
      throw new ConfigError(
        "OSGP_ERR_USAGE",
        `impairment ${name} "${text}" is not a plain ${fraction ? "decimal number" : "whole number"}`,
      );
    return Number(text.trim());
  };
  return validateImpairment({
    lossPercent: read("lossPercent", true),
    duplicatePercent: read("duplicatePercent", true),
    delayMs: read("delayMs", false),
    jitterMs: read("jitterMs", false),
    seed: read("seed", false),
  });
}
