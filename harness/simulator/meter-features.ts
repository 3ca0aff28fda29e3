/**
 * The optional (and the mandatory but separable) functions a meter profile may have, each with the
 * clause it implements. A profile switches them on or off like a meter family; BT00 then declares
 * exactly the tables and procedures of the functions that are on. Each PICS item names the function
 * that gives it (conformance/pics/pics-items.ts), and the simulator's own PICS is made from that.
 */
export const METER_FEATURES = {
  clockDelta: { clause: "8.3.2", what: "EP16 change clock by delta" },
  rtcCalibration: { clause: "7.0", what: "ET02 RTC calibration (a table the reader key may not read)" },
  clearData: { clause: "9.13", what: "BP03 clear data" },
  mepTables: { clause: "6.8", what: "ET04 system information, ET42 interface definition, ET52/ET53 transactions" },
  pendingTables: { clause: "6.3", what: "pending tables (BT04, BP12-BP15, PED activation)" },
  tou: { clause: "8.2", what: "time-of-use calendar (BT50, BT51, BT54)" },
  touOverride: { clause: "8.2.1", what: "manual override of the TOU calendar (ET47)" },
  overPowerTariff: { clause: "8.2.2", what: "over-power threshold tariff" },
  totalEnergy: { clause: "8.4.2", what: "total (import + export) energy registers" },
  historyLog: { clause: "8.12", what: "history log (BT70-BT74) and critical events" },
  mbusLoadProfile: { clause: "8.5.2", what: "M-Bus load profile data types (ET57)" },
  selfTest: { clause: "8.6", what: "self-test alarms and error codes (BT03, ET54, ET58, ET70, ET71)" },
  pulseInputs: { clause: "8.7", what: "pulse inputs (ET06)" },
  powerQuality: { clause: "8.8", what: "power quality (ET09)" },
  display: { clause: "8.9", what: "display configuration (ET07, ET77, ET67, ET62)" },
  disconnect: { clause: "8.10", what: "load disconnect contactor (ET30, ET55)" },
  prepaid: { clause: "8.10.2", what: "prepaid metering on the contactor" },
  controlRelay: { clause: "8.11", what: "control relay (ET05, ET46, ET61)" },
  oneTimeReads: { clause: "8.13", what: "one-time reads (ET31)" },
  groupBroadcasts: { clause: "8.14", what: "group broadcasts" },
  demand: { clause: "8.15", what: "demand metering (ET40, ET41)" },
  testMode: { clause: "8.16", what: "test mode" },
  mepDevices: { clause: "8.17", what: "MEP devices (ET50, ET51, ET59, EP39)" },
  mbus: { clause: "8.18", what: "M-Bus devices (ET11, ET13-ET16, ET45, EP17, EP19)" },
} as const;

export type FeatureName = keyof typeof METER_FEATURES;
export type FeatureSet = Readonly<Record<FeatureName, boolean>>;

export function allFeatures(on: boolean): Record<FeatureName, boolean> {
  return Object.fromEntries(Object.keys(METER_FEATURES).map((k) => [k, on])) as Record<FeatureName, boolean>;
}
