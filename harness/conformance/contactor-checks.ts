import { CONTACTOR_ACTION } from "../protocol/procedures/ep30-load-contactor-control";
import { CONTACTOR_STATE, OPEN_CAUSE } from "../protocol/tables/et54-meter-status";
import { CONTACTOR_OPTION, type MeterConfiguration } from "../protocol/tables/et55-meter-configuration";
import type { PowerQuality } from "../protocol/tables/et09-power-quality";
import { Inconclusive } from "./verdicts";

/**
 * 8.10 over ET30, ET54 and ET55 (PROVISIONAL layouts) and EP30: the names scenarios use for the
 * contactor's states, causes and actions, and thresholds placed relative to the present load so
 * that the bench's own load opens the contactor (or does not).
 */
function named<T extends Record<string, number>>(table: T, name: string, what: string): T[keyof T] {
  if (!Object.hasOwn(table, name))
    throw new Inconclusive(`"${name}" is not a ${what} (${Object.keys(table).join(", ")})`);
  return table[name as keyof T];
}

export const contactorState = (name: string) => named(CONTACTOR_STATE, name, "contactor state");
export const openCause = (name: string) => named(OPEN_CAUSE, name, "cause of an opening");
export const contactorAction = (name: string) => named(CONTACTOR_ACTION, name, "contactor action");

export function stateName(state: number): string {
  return Object.entries(CONTACTOR_STATE).find(([, v]) => v === state)?.[0] ?? `state ${state}`;
}

export function causeName(cause: number): string {
  return Object.entries(OPEN_CAUSE).find(([, v]) => v === cause)?.[0] ?? `cause ${cause}`;
}

/** What the bench load draws now: import power (W) and the highest phase current (0.01 A). */
export interface PresentLoad {
  readonly powerW: number;
  readonly currentCentiA: number;
}

export function presentLoad(pq: PowerQuality): PresentLoad {
  const load = {
    powerW: pq.activePowerW,
    currentCentiA: Math.max(pq.currentL1CentiA, pq.currentL2CentiA, pq.currentL3CentiA),
  };
  if (load.powerW <= 1 || load.currentCentiA <= 1)
    throw new Inconclusive(
      `the bench load does not import (ET09: ${pq.activePowerW} W, highest phase current ${load.currentCentiA / 100} A); see PIXIT control.loadImportsAt`,
    );
  return load;
}

/** A threshold `factor` times a present value, inside ET30's range. */
export function scaled(value: number, factor: number, max: number): number {
  return Math.min(max, Math.max(1, Math.floor(value * factor)));
}

/** ET55 with the limit chosen (8.10.1.3), the rest as it is. */
export function withLimitBy(config: MeterConfiguration, by: "power" | "current"): MeterConfiguration {
  const o = config.contactorOptions & ~CONTACTOR_OPTION.limitByCurrent;
  return { ...config, contactorOptions: by === "current" ? o | CONTACTOR_OPTION.limitByCurrent : o };
}

export function withOption(config: MeterConfiguration, option: number, on: boolean): MeterConfiguration {
  return { ...config, contactorOptions: on ? config.contactorOptions | option : config.contactorOptions & ~option };
}
