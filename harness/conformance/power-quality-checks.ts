import type { ByteOrder } from "../bytes/cursor";
import { ET09_FIELDS, type PowerQuality, type PowerQualityThresholds } from "../protocol/tables/et09-power-quality";
import { fieldBytes } from "../protocol/types/uint-fields";
import { Inconclusive } from "./verdicts";

/**
 * 8.8 and 8.8.1 over ET09 (PROVISIONAL layout): thresholds that turn the present voltage into an
 * event, and what a plausible set of present values is. Voltages are in 0.1 V.
 */
export type PqEvent = "sag" | "swell" | "under-voltage" | "over-voltage";

export const PQ_EVENTS: readonly PqEvent[] = ["sag", "swell", "under-voltage", "over-voltage"];

const MARGIN_DV = 100;

/** The phase voltages a device has (a missing phase reads 0). */
export function phaseVoltages(pq: PowerQuality): number[] {
  return [pq.voltageL1Dv, pq.voltageL2Dv, pq.voltageL3Dv].filter((v) => v > 0);
}

/** Thresholds that make the present voltages the event, 10 V clear of them, keeping the others valid. */
export function provokingThresholds(
  event: PqEvent,
  pq: PowerQuality,
  qualifyingSeconds: number,
): PowerQualityThresholds {
  const volts = phaseVoltages(pq);
  if (volts.length === 0) throw new Inconclusive("ET09 shows no phase voltage");
  const low = Math.min(...volts);
  const high = Math.max(...volts);
  const t = { sagDv: pq.sagDv, swellDv: pq.swellDv, underDv: pq.underDv, overDv: pq.overDv, qualifyingSeconds };
  switch (event) {
    case "under-voltage":
      return { ...t, underDv: high + MARGIN_DV, overDv: high + 2 * MARGIN_DV };
    case "over-voltage":
      return { ...t, overDv: low - MARGIN_DV, underDv: low - 2 * MARGIN_DV };
    case "sag":
      return { ...t, sagDv: high + MARGIN_DV, swellDv: Math.max(pq.swellDv, high + 2 * MARGIN_DV) };
    case "swell":
      return { ...t, swellDv: low - MARGIN_DV, sagDv: Math.min(pq.sagDv, low - 2 * MARGIN_DV) };
  }
}

/** ET09's first bytes, the host's: the thresholds in the device's table data order. */
export function thresholdBytes(t: PowerQualityThresholds, order: ByteOrder): Uint8Array {
  const names = ["sagDv", "swellDv", "underDv", "overDv", "qualifyingSeconds"] as const;
  const out = new Uint8Array(ET09_FIELDS.sagCount.offset);
  for (const n of names) {
    const b = fieldBytes(t[n], ET09_FIELDS[n], order);
    if (b === null) throw new Inconclusive(`${n} = ${t[n]} does not fit ET09`);
    out.set(b, ET09_FIELDS[n].offset);
  }
  return out;
}

export function eventCount(pq: PowerQuality, event: PqEvent): { readonly count: number; readonly seconds: number } {
  switch (event) {
    case "sag":
      return { count: pq.sagCount, seconds: pq.sagSeconds };
    case "swell":
      return { count: pq.swellCount, seconds: pq.swellSeconds };
    case "under-voltage":
      return { count: pq.underCount, seconds: pq.underSeconds };
    case "over-voltage":
      return { count: pq.overCount, seconds: pq.overSeconds };
  }
}

/** What is implausible in ET09's present values: no voltage, a frequency off the grid's, a power factor above 1. */
export function presentValueProblems(pq: PowerQuality): string[] {
  const out: string[] = [];
  const volts = phaseVoltages(pq);
  if (volts.length === 0) out.push("no phase has a voltage");
  for (const v of volts) if (v > 10_000) out.push(`a phase voltage of ${v / 10} V`);
  if (pq.frequencyCentiHz < 4500 || pq.frequencyCentiHz > 6500)
    out.push(`a frequency of ${pq.frequencyCentiHz / 100} Hz`);
  if (pq.powerFactorMilli > 1000) out.push(`a power factor of ${pq.powerFactorMilli / 1000}`);
  if (pq.activePowerW !== 0 && pq.currentL1CentiA + pq.currentL2CentiA + pq.currentL3CentiA === 0)
    out.push(`${pq.activePowerW} W flow with no current in any phase`);
  return out;
}
