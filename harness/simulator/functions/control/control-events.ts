/**
 * The events the control functions post to the history log (8.12): C12.19 standard codes where
 * C12.19 has one (test mode started 32 / stopped 33, self-check error 38), manufacturer codes
 * otherwise (PROVISIONAL: ours, numbered after the table each function lives in). The argument's
 * first byte says which (relay number, cause, event kind).
 */
export const CONTROL_EVENT = {
  testModeStarted: { code: 32, manufacturer: false },
  testModeStopped: { code: 33, manufacturer: false },
  selfCheckError: { code: 38, manufacturer: false },
  relaySwitched: { code: 5, manufacturer: true },
  powerQualityEvent: { code: 9, manufacturer: true },
  contactorOpened: { code: 30, manufacturer: true },
  contactorClosed: { code: 31, manufacturer: true },
  contactorArmed: { code: 32, manufacturer: true },
  deltaAlert: { code: 71, manufacturer: true },
} as const;
export type ControlEventName = keyof typeof CONTROL_EVENT;
