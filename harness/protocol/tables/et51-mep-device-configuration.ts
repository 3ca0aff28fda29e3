import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";

/**
 * ET51 MEP Device Configuration (8.17). Bytes 0-8 are the layout of the OSGP Alliance's Optical Port
 * Programmer's Guide [OPG], its only source; PROVISIONAL: bytes 9-10 are ours, a meter whose
 * ET51 is 9 bytes has no configurable MEP scheduled read (a read past the end gives zeros: none).
 *   @0 UINT8  flags: bit 0 optical DoS timer, bit 1 monitor MEP health, bit 2 reset the device when
 *             the MEP is down, bit 3 reset the MEP now, bit 7 MEP disabled            [OPG]
 *   @1 UINT16 MEP health timeout, s (60)        @3 UINT8 on-demand timeout, s (30)   [OPG]
 *   @4 UINT16 optical session timeout, s (600)  @6 UINT16 optical hold-off, s (300)  [OPG]
 *   @8 UINT8  MEP-down reset duration, s (1)                                          [OPG]
 *   @9 UINT16 scheduled read interval of the MEP device, minutes (0: none), on the UTC day's grid
 */
export const ET51 = EXTENDED_BASE + 51;
export const ET51_SIZE = 11;
/** The one field the scenarios write alone (a partial write). */
export const ET51_SCHEDULED_READ = { offset: 9, size: 2, signed: false } as const;
export const MEP_FLAG = {
  opticalDosTimer: 0x01,
  monitorHealth: 0x02,
  resetWhenDown: 0x04,
  resetNow: 0x08,
  disabled: 0x80,
} as const;

export interface MepDeviceConfiguration {
  readonly flags: number;
  readonly healthTimeoutS: number;
  readonly onDemandTimeoutS: number;
  readonly opticalSessionTimeoutS: number;
  readonly opticalHoldOffS: number;
  readonly downResetDurationS: number;
  readonly scheduledReadMinutes: number;
}

export const MEP_CONFIGURATION_DEFAULTS: MepDeviceConfiguration = {
  flags: MEP_FLAG.monitorHealth,
  healthTimeoutS: 60,
  onDemandTimeoutS: 30,
  opticalSessionTimeoutS: 600,
  opticalHoldOffS: 300,
  downResetDurationS: 1,
  scheduledReadMinutes: 0,
};

export function decodeMepDeviceConfiguration(bytes: Uint8Array, order: ByteOrder): Decoded<MepDeviceConfiguration> {
  return decodeWith(bytes, "ET51", (r) => ({
    flags: r.u8("flags"),
    healthTimeoutS: r.uint(2, order, "healthTimeoutS"),
    onDemandTimeoutS: r.u8("onDemandTimeoutS"),
    opticalSessionTimeoutS: r.uint(2, order, "opticalSessionTimeoutS"),
    opticalHoldOffS: r.uint(2, order, "opticalHoldOffS"),
    downResetDurationS: r.u8("downResetDurationS"),
    scheduledReadMinutes: r.remaining > 0 ? r.uint(2, order, "scheduledReadMinutes") : 0,
  }));
}

export function encodeMepDeviceConfiguration(c: MepDeviceConfiguration, order: ByteOrder): Uint8Array {
  return new ByteWriter("ET51")
    .u8(c.flags, "flags")
    .uint(c.healthTimeoutS, 2, order, "healthTimeoutS")
    .u8(c.onDemandTimeoutS, "onDemandTimeoutS")
    .uint(c.opticalSessionTimeoutS, 2, order, "opticalSessionTimeoutS")
    .uint(c.opticalHoldOffS, 2, order, "opticalHoldOffS")
    .u8(c.downResetDurationS, "downResetDurationS")
    .uint(c.scheduledReadMinutes, 2, order, "scheduledReadMinutes")
    .toBytes();
}
