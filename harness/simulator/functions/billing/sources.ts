import type { EnergyRegisters, PresentValues } from "../../device-model/metering-model";

/**
 * The source ids of the simulated meter's billing tables (BT22, BT27, ET40). 0 and 1 are NES's
 * forward and reverse active (hendrikb/esphome-osgp-meter); 2 and 3 (reactive) match the load-profile
 * sources of the records group; the rest are ours (PROVISIONAL): a real meter's list comes from its
 * BT22/BT27, and the suite finds the ids it needs through the PIXIT (billing.sources).
 */
export const SOURCE = {
  forwardActive: 0,
  reverseActive: 1,
  reactiveImport: 2,
  reactiveExport: 3,
  /** Import + export active: the total energy of 8.4.2. */
  totalActive: 4,
  /** Phase currents L1..L3 (mA) are 5..7, phase voltages L1..L3 (mV) 8..10. */
  currentL1: 5,
  voltageL1: 8,
  powerFactor: 11,
  frequency: 12,
} as const;

/** Sources whose energy the billing registers accumulate: the summations of BT23. */
export function summationOf(id: number, r: EnergyRegisters, tier: number | null): number {
  const imp = tier === null ? r.activeImportWh : (r.activeImportWhByTier[tier] ?? 0);
  const exp = tier === null ? r.activeExportWh : (r.activeExportWhByTier[tier] ?? 0);
  if (id === SOURCE.forwardActive) return imp;
  if (id === SOURCE.reverseActive) return exp;
  if (id === SOURCE.totalActive) return imp + exp;
  if (tier === null && id === SOURCE.reactiveImport) return r.reactiveImportVarh;
  if (tier === null && id === SOURCE.reactiveExport) return r.reactiveExportVarh;
  return 0;
}

/** Sources a demand can be computed for: those whose energy follows from the net active power. */
export const DEMAND_SOURCES: ReadonlySet<number> = new Set([
  SOURCE.forwardActive,
  SOURCE.reverseActive,
  SOURCE.totalActive,
]);

/** Energy (Wh) a demand source receives while the net active power is `powerW` for `ms`. */
export function demandEnergyWh(id: number, powerW: number, ms: number): number {
  const hours = ms / 3_600_000;
  if (id === SOURCE.forwardActive) return Math.max(powerW, 0) * hours;
  if (id === SOURCE.reverseActive) return Math.max(-powerW, 0) * hours;
  if (id === SOURCE.totalActive) return Math.abs(powerW) * hours;
  return 0;
}

/** The present values BT28 shows for a phase count, in BT27's order: ids and how to read each. */
export function presentValueSources(phases: number): { id: number; read: (v: PresentValues) => number }[] {
  const p = (v: PresentValues) => v.activePowerW;
  const list: { id: number; read: (v: PresentValues) => number }[] = [
    { id: SOURCE.forwardActive, read: (v: PresentValues) => Math.max(p(v), 0) },
    { id: SOURCE.reverseActive, read: (v: PresentValues) => Math.max(-p(v), 0) },
    { id: SOURCE.reactiveImport, read: (v: PresentValues) => Math.max(v.reactivePowerVar, 0) },
    { id: SOURCE.reactiveExport, read: (v: PresentValues) => Math.max(-v.reactivePowerVar, 0) },
    { id: SOURCE.totalActive, read: (v: PresentValues) => Math.abs(p(v)) },
  ];
  for (let i = 0; i < phases; i++)
    list.push({ id: SOURCE.currentL1 + i, read: (v) => Math.round((v.currentA[i] ?? 0) * 1000) });
  for (let i = 0; i < phases; i++)
    list.push({ id: SOURCE.voltageL1 + i, read: (v) => Math.round((v.voltageV[i] ?? 0) * 1000) });
  list.push({ id: SOURCE.powerFactor, read: (v) => Math.round(v.powerFactor * 1000) });
  list.push({ id: SOURCE.frequency, read: (v) => Math.round(v.frequencyHz * 1000) });
  return list;
}
