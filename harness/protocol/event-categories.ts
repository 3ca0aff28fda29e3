import { EVENT_CODES as E } from "./event-codes";

/**
 * Critical-event categories (8.12.1.1). The clause names categories of events a utility may mark
 * critical as a whole; their list is not in our sources. PROVISIONAL (ours): the C12.19 standard
 * events grouped by what they are about, and every manufacturer event in a category of its own.
 * Category c is bit c of ET72's category mask.
 */
export const EVENT_CATEGORY = {
  power: 0,
  clock: 1,
  access: 2,
  configuration: 3,
  billing: 4,
  logManagement: 5,
  operatingMode: 6,
  deviceFailure: 7,
  manufacturer: 15,
} as const;

export type EventCategoryName = keyof typeof EVENT_CATEGORY;

const MEMBERS: Readonly<Record<Exclude<EventCategoryName, "manufacturer">, readonly number[]>> = {
  power: [E.primaryPowerDown, E.primaryPowerUp],
  clock: [
    E.timeChangedOld,
    E.timeChangedNew,
    E.timeChangedOldArg,
    E.timeChangedNewArg,
    E.daylightSavingOn,
    E.daylightSavingOff,
  ],
  access: [
    E.accessedForRead,
    E.accessedForWrite,
    E.communicationTerminatedNormally,
    E.communicationTerminatedAbnormally,
    E.tamperAttempt,
  ],
  configuration: [
    E.procedureInvoked,
    E.tableWritten,
    E.endDeviceProgrammed,
    E.pendingTableActivated,
    E.pendingTableCleared,
    E.meterReprogrammed,
  ],
  billing: [E.demandReset, E.selfRead, E.seasonChanged, E.rateChanged, E.specialScheduleActivated, E.tierSwitchChanged],
  logManagement: [
    E.resetListPointers,
    E.updateListPointers,
    E.historyLogCleared,
    E.historyLogPointersUpdated,
    E.eventLogCleared,
    E.eventLogPointersUpdated,
  ],
  operatingMode: [
    E.meteringModeStarted,
    E.meteringModeStopped,
    E.testModeStarted,
    E.testModeStopped,
    E.meterShopModeStarted,
    E.meterShopModeStopped,
  ],
  deviceFailure: [
    E.configurationError,
    E.selfCheckError,
    E.ramFailure,
    E.romFailure,
    E.nonvolatileMemoryFailure,
    E.clockError,
    E.measurementError,
    E.lowBattery,
    E.lowLossPotential,
    E.demandOverload,
    E.reverseRotation,
  ],
};

const BY_CODE = new Map<number, number>();
for (const [name, codes] of Object.entries(MEMBERS))
  for (const c of codes) BY_CODE.set(c, EVENT_CATEGORY[name as EventCategoryName]);

/** The category bit of an event; null for a standard code that no category lists (0, unknown codes). */
export function categoryOf(code: number, manufacturer: boolean): number | null {
  return manufacturer ? EVENT_CATEGORY.manufacturer : (BY_CODE.get(code) ?? null);
}
