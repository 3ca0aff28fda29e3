/**
 * ANSI C12.19 standard event codes (the HISTORY_LOG/EVENT_LOG "event number" of a log entry whose
 * manufacturer flag is clear). OSGP history logs (8.12, BT74) carry these codes; manufacturer codes
 * are posted with the manufacturer flag set and are not listed here.
 *
 * Source: the C12.19-1997 standard event list (codes 0..29) and its C12.21 addendum (30..48), as
 * repeated in vendors' C12.19 documentation and open-source C12.19 readers.
 * The same numbers fill BT72's "events supported" and BT73's "events enabled" bitmaps (bit n of
 * byte n >> 3 = code n).
 */
export const EVENT_CODES = {
  noEvent: 0,
  primaryPowerDown: 1,
  primaryPowerUp: 2,
  /** Time changed; the entry's time stamp is the time before the change. */
  timeChangedOld: 3,
  /** Time changed; the entry's time stamp is the time after the change. */
  timeChangedNew: 4,
  /** Time changed; argument: the old time (STIME_DATE). */
  timeChangedOldArg: 5,
  /** Time changed; argument: the new time (STIME_DATE). */
  timeChangedNewArg: 6,
  accessedForRead: 7,
  accessedForWrite: 8,
  /** Argument: the procedure number (UINT16). */
  procedureInvoked: 9,
  /** Argument: the table number (UINT16). */
  tableWritten: 10,
  endDeviceProgrammed: 11,
  communicationTerminatedNormally: 12,
  communicationTerminatedAbnormally: 13,
  /** Argument: the list (UINT8), as BP04's parameter. */
  resetListPointers: 14,
  /** Argument: the list (UINT8), as BP05's parameter. */
  updateListPointers: 15,
  historyLogCleared: 16,
  historyLogPointersUpdated: 17,
  eventLogCleared: 18,
  eventLogPointersUpdated: 19,
  demandReset: 20,
  selfRead: 21,
  daylightSavingOn: 22,
  daylightSavingOff: 23,
  seasonChanged: 24,
  rateChanged: 25,
  specialScheduleActivated: 26,
  tierSwitchChanged: 27,
  /** Argument: the table number (TABLE_IDA_BFLD, UINT16). */
  pendingTableActivated: 28,
  /** Argument: the table number (TABLE_IDA_BFLD, UINT16). */
  pendingTableCleared: 29,
  meteringModeStarted: 30,
  meteringModeStopped: 31,
  testModeStarted: 32,
  testModeStopped: 33,
  meterShopModeStarted: 34,
  meterShopModeStopped: 35,
  meterReprogrammed: 36,
  configurationError: 37,
  selfCheckError: 38,
  ramFailure: 39,
  romFailure: 40,
  nonvolatileMemoryFailure: 41,
  clockError: 42,
  measurementError: 43,
  lowBattery: 44,
  lowLossPotential: 45,
  demandOverload: 46,
  tamperAttempt: 47,
  reverseRotation: 48,
} as const;

export type EventCodeName = keyof typeof EVENT_CODES;

/** The highest standard code listed; BT72/BT73 bitmaps are sized to hold it. */
export const MAX_STANDARD_EVENT_CODE = 48;

const NAMES = new Map<number, EventCodeName>(
  (Object.entries(EVENT_CODES) as Array<[EventCodeName, number]>).map(([name, code]) => [code, name]),
);

/** The name of a standard code, for reports; undefined for codes not listed. */
export function eventCodeName(code: number): EventCodeName | undefined {
  return NAMES.get(code);
}
