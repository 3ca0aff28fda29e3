import type { ByteOrder } from "../bytes/cursor";
import { ConfigError } from "../errors";
import { BP03 } from "./procedures/clear-data";
import { ET02 } from "../protocol/tables/et02-rtc-calibration";
import type { ManufacturerIdentification } from "../protocol/tables/bt01-manufacturer-identification";
import type { PacketLimits } from "../link/c1218/link-state-machine";
import type { LoadShape } from "./device-model/metering-model";
import { allFeatures, type FeatureSet } from "./meter-features";

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
  readonly dims: {
    readonly stdTables: number;
    readonly mfgTables: number;
    readonly stdProcs: number;
    readonly mfgProcs: number;
    readonly mfgStatus: number;
  };
  readonly maxProcParamLength: number;
  readonly maxRespDataLength: number;
  /** Optional functions (meter-features.ts): each one adds its tables and procedures (and BT00 bits). */
  readonly features: FeatureSet;
  /** The simulated load behind the meter: what the registers, load profile and demand measure. */
  readonly load: LoadShape;
  /** Entries the history log keeps before the oldest is dropped (8.12). */
  readonly eventLogCapacity: number;
  /** The security suite the meter starts in (ET04.127); AES mode refuses RC4-protected messages (7.4). */
  readonly securityMode: "rc4" | "aes128";
  readonly hardwareLock: {
    readonly read: readonly number[];
    readonly write: readonly number[];
    readonly procedures: readonly number[];
  };
  /** The largest packet size and count the optical port grants in a negotiation. */
  readonly maxPacketLimits: PacketLimits;
  /** How long EP16 stays "accepted, not completed" in BT08 before its result is final (9.13.2). */
  readonly clockDeltaDurationMs: number;
  /** The order of table data and procedure parameters: BT00 declares it, every table and procedure keeps to it. */
  readonly dataOrder: ByteOrder;
}

const REFERENCE: MeterProfile = {
  name: "reference",
  description:
    "every function the simulator implements; ET02 writes and BP03 under the hardware lock; RC4 security mode",
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
  features: allFeatures(true),
  load: { baseW: 300, peakW: 2500, solarPeakW: 3000, seed: 0x5eed, nominalVoltageV: 230, phases: 3, tiers: 4 },
  eventLogCapacity: 200,
  securityMode: "rc4",
  hardwareLock: { read: [], write: [ET02], procedures: [BP03] },
  maxPacketLimits: { packetSize: 256, packetCount: 4 },
  clockDeltaDurationMs: 150,
  dataOrder: "le",
};

const MINIMAL: MeterProfile = {
  ...REFERENCE,
  name: "minimal",
  description:
    "mandatory functions only (clock, billing registers with self-reads and on-demand reads, load profile, compatibility settings): no optional function, no EP16, ET02, BP03, MEP tables or hardware lock",
  identity: { ...REFERENCE.identity, model: "MINMETER", serialNumber: "0000000087654321" },
  features: allFeatures(false),
  load: { ...REFERENCE.load, solarPeakW: 0, phases: 1, tiers: 1 },
  hardwareLock: { read: [], write: [], procedures: [] },
};

const AES: MeterProfile = {
  ...REFERENCE,
  name: "aes",
  description:
    "the reference meter in OSGP-AES-128-PSK mode (7.4): RC4-protected MEP requests are refused; the AES framing is the harness's PROVISIONAL profile",
  securityMode: "aes128",
};

/**
 * A device that keeps C12.19's other data order. OSGP requires LSB first (6.1), so A.1's scenario
 * on BT00's formats FAILs; every other scenario must still read its tables right, the order coming
 * from its BT00 alone: that is what this profile proves.
 */
const MSB_FIRST: MeterProfile = {
  ...REFERENCE,
  name: "msb-first",
  description:
    "the reference meter with table data and procedure parameters MSB first, as its BT00 declares: only A.1's check that BT00 declares OSGP's LSB first fails",
  dataOrder: "be",
};

export const PROFILES: Readonly<Record<string, MeterProfile>> = {
  reference: REFERENCE,
  minimal: MINIMAL,
  aes: AES,
  "msb-first": MSB_FIRST,
};

export function profileNamed(name: string): MeterProfile {
  const p = PROFILES[name];
  if (p === undefined)
    throw new ConfigError(
      "OSGP_ERR_USAGE",
      `unknown profile "${name}"; known profiles: ${Object.keys(PROFILES).join(", ")}`,
    );
  return p;
}
