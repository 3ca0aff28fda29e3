import { QUANTITY, UNIT, type LoadProfileSource } from "../../../protocol/tables/et66-load-profile-sources";
import type { EnergyRegisters } from "../../device-model/metering-model";

/**
 * The sources a load-profile channel of data set 1 can record (ET66): the energy registers of the
 * metering model, in Wh and varh. Ids 0/1 and the per-tier 29 + 11t / 30 + 11t are NES's
 * (as hendrikb/esphome-osgp-meter reads them); 2/3 for reactive energy are ours (PROVISIONAL).
 */
export interface EnergySource extends LoadProfileSource {
  read(r: EnergyRegisters): number;
}

export function energySources(tiers: number): EnergySource[] {
  const out: EnergySource[] = [
    { id: 0, quantity: QUANTITY.activeImport, tier: null, unit: UNIT.wh, scaler: 0, read: (r) => r.activeImportWh },
    { id: 1, quantity: QUANTITY.activeExport, tier: null, unit: UNIT.wh, scaler: 0, read: (r) => r.activeExportWh },
    {
      id: 2,
      quantity: QUANTITY.reactiveImport,
      tier: null,
      unit: UNIT.varh,
      scaler: 0,
      read: (r) => r.reactiveImportVarh,
    },
    {
      id: 3,
      quantity: QUANTITY.reactiveExport,
      tier: null,
      unit: UNIT.varh,
      scaler: 0,
      read: (r) => r.reactiveExportVarh,
    },
  ];
  for (let t = 0; t < tiers; t++) {
    out.push({
      id: 29 + 11 * t,
      quantity: QUANTITY.activeImport,
      tier: t,
      unit: UNIT.wh,
      scaler: 0,
      read: (r) => r.activeImportWhByTier[t] ?? 0,
    });
    out.push({
      id: 30 + 11 * t,
      quantity: QUANTITY.activeExport,
      tier: t,
      unit: UNIT.wh,
      scaler: 0,
      read: (r) => r.activeExportWhByTier[t] ?? 0,
    });
  }
  return out;
}

/** The channels a meter records from the start: active energy both ways, and reactive on a polyphase meter. */
export function defaultSources(phases: number): number[] {
  return phases === 3 ? [0, 1, 2, 3] : [0, 1];
}
