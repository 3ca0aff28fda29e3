import type { PulseChannel } from "../protocol/tables/et06-pulse-inputs";

/**
 * 8.7 over ET06 (PROVISIONAL layout): between two readings, a channel's value must grow by its
 * pulse weight for every pulse counted (both counters wrap at 2^32).
 */
const WRAP = 2 ** 32;

export function pulseGrowth(
  before: PulseChannel,
  after: PulseChannel,
): { readonly pulses: number; readonly value: number } {
  return {
    pulses: (after.pulseCount - before.pulseCount + WRAP) % WRAP,
    value: (after.value - before.value + WRAP) % WRAP,
  };
}

/**
 * Why the growth does not match the weight, or null. No pulse is no breach (nothing may be wired to
 * the input, a gas or water meter pulses slowly), but then the value must not move either.
 */
export function weightProblem(before: PulseChannel, after: PulseChannel): string | null {
  const g = pulseGrowth(before, after);
  const expected = (g.pulses * after.pulseWeight) % WRAP;
  return g.value === expected
    ? null
    : `${g.pulses} pulse(s) of weight ${after.pulseWeight} moved the value by ${g.value}, not ${expected}`;
}
