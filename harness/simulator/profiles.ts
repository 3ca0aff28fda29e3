import { ConfigError } from "../errors";
import { BP03 } from "./procedures/clear-data";
import { EXTENDED_BASE } from "../protocol/table-id";
import type { ManufacturerIdentification } from "../protocol/tables/bt01-manufacturer-identification";
import type { PacketLimits } from "../link/c1218/link-state-machine";

/**
 * Meter profiles, like meter families: which optional functions exist, the identity, the limits.
 * BT00 is derived from the profile, so it says truthfully what each profile supports.
 */
export interface MeterProfile {
  readonly name: string;
  readonly description: string;
  readonly deviceClass: string;
  readonly identity: ManufacturerIdentification;
  readonly utilitySerial: string;
  /** Byte lengths of BT00's bitmaps and of BT03's manufacturer status. */
  readonly dims: { readonly stdTables: number; readonly mfgTables: number; readonly stdProcs: number; readonly mfgProcs: number; readonly mfgStatus: number };
  readonly maxProcParamLength: number;
  readonly maxRespDataLength: number;
  /** Optional functions: each one adds its tables and procedures (and BT00 bits). */
  readonly features: {
    /** EP16 change clock by delta (8.3.2). */
    readonly clockDelta: boolean;
    /** ET02 RTC calibration, readable from the provisioning key up (7.0). */
    readonly rtcCalibration: boolean;
    /** BP03 clear data. */
    readonly clearData: boolean;
    /** The MEP-era tables: ET04 system information, ET42 interface definition, ET52/ET53 transactions, ET54 meter status. */
    readonly mepTables: boolean;
  };
  /** The security suite the meter starts in (ET04.127); AES mode refuses RC4-protected messages (7.4). */
  readonly securityMode: "rc4" | "aes128";
  readonly hardwareLock: { readonly read: readonly number[]; readonly write: readonly number[]; readonly procedures: readonly number[] };
  /** The largest packet size and count the optical port grants in a negotiation. */
  readonly maxPacketLimits: PacketLimits;
  /** How long EP16 stays "accepted, not completed" in BT08 before its result is final (9.13.2). */
  readonly clockDeltaDurationMs: number;
}

export const ET02 = EXTENDED_BASE + 2;

const REFERENCE: MeterProfile = {
  name: "reference",
  description: "every function the simulator implements; ET02 writes and BP03 under the hardware lock; RC4 security mode",
  deviceClass: "OSGC",
  identity: {
    manufacturer: "OSGC",
    model: "REFMETER",
    hwVersion: 1,
    hwRevision: 0,
    fwVersion: 2,
    fwRevision: 5,
    serialNumber: "0000000012345678",
  },
  utilitySerial: "UTILITY-0001",
  dims: { stdTables: 10, mfgTables: 13, stdProcs: 2, mfgProcs: 12, mfgStatus: 4 },
  maxProcParamLength: 255,
  maxRespDataLength: 12,
  features: { clockDelta: true, rtcCalibration: true, clearData: true, mepTables: true },
  securityMode: "rc4",
  hardwareLock: { read: [], write: [ET02], procedures: [BP03] },
  maxPacketLimits: { packetSize: 256, packetCount: 4 },
  clockDeltaDurationMs: 150,
};

const MINIMAL: MeterProfile = {
  ...REFERENCE,
  name: "minimal",
  description: "mandatory functions only: no EP16, ET02, BP03, MEP tables or hardware lock",
  identity: { ...REFERENCE.identity, model: "MINMETER", serialNumber: "0000000087654321" },
  features: { clockDelta: false, rtcCalibration: false, clearData: false, mepTables: false },
  hardwareLock: { read: [], write: [], procedures: [] },
};

const AES: MeterProfile = {
  ...REFERENCE,
  name: "aes",
  description: "the reference meter in OSGP-AES-128-PSK mode (7.4): RC4-protected MEP requests are refused; the AES framing is the harness's PROVISIONAL profile",
  securityMode: "aes128",
};

export const PROFILES: Readonly<Record<string, MeterProfile>> = { reference: REFERENCE, minimal: MINIMAL, aes: AES };

export function profileNamed(name: string): MeterProfile {
  const p = PROFILES[name];
  if (p === undefined) throw new ConfigError("OSGP_ERR_USAGE", `unknown profile "${name}"; known profiles: ${Object.keys(PROFILES).join(", ")}`);
  return p;
}

