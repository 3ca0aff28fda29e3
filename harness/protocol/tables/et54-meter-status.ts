import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { fieldPlaces, layoutSize, readUints, writeUints, type UintRecord } from "../types/uint-fields";

/**
 * ET54 Meter Status. Offsets 82..90 (key usage, supported security modes: 7.4) are the MEP guide's.
 * PROVISIONAL (ours; NES's layout of the rest is not public): offsets 0..8 hold the status of 8.6
 * and 8.10 (alarm conditions, latched alarms, contactor state), offset 80 the interface
 * compatibility setting of 8.19 (bit 0 "ICS - ICA NAK", as the MEP guide names it). The ICS byte is the
 * only one a host writes; the rest is meter-controlled. LSB first.
 */
export const ET54 = EXTENDED_BASE + 54;

const STATUS_LAYOUT = [
  ["conditions", 2],
  ["latched", 2],
  ["contactorState", 1],
  ["openCause", 1],
  ["contactorOperations", 2],
  ["selfTestError", 1],
] as const;

export const ET54_FIELDS = {
  ...fieldPlaces(STATUS_LAYOUT),
  /** Interface compatibility setting (8.19), a bit field: bit 0 ICA NAK on; bits 1..7 reserved (0). */
  ics: { offset: 80, size: 1, signed: false },
  /** Unicast key usage count, UINT32: messages protected with the unicast key so far. */
  unicastKeyUsage: { offset: 82, size: 4, signed: false },
  /** Broadcast key usage count, UINT32. */
  broadcastKeyUsage: { offset: 86, size: 4, signed: false },
  /** Supported security modes, bitmap: bit 0 RC4-PSK, bit 2 AES-128-PSK (0x05 = both). */
  supportedSecurityModes: { offset: 90, size: 1, signed: false },
} as const;

export const ET54_SIZE = 91;

/** Bit numbers of the alarm words (conditions now, and latched until cleared by BP08). */
export const METER_ALARM = {
  selfTestFailure: 0,
  underVoltage: 1,
  overVoltage: 2,
  voltageSag: 3,
  voltageSwell: 4,
  loadLimitTrip: 5,
  creditExhausted: 6,
  lowCredit: 7,
  deltaAlert: 8,
  testMode: 9,
} as const;
export type MeterAlarm = keyof typeof METER_ALARM;

export const CONTACTOR_STATE = { closed: 0, open: 1, armed: 2 } as const;
export const OPEN_CAUSE = { none: 0, remote: 1, loadLimit: 2, credit: 3, local: 4 } as const;
/** The ICS bits: only bit 0 is defined. */
export const ICS_ICA_NAK = 0x01;

export type MeterStatusFields = UintRecord<typeof STATUS_LAYOUT>;

export interface MeterStatus extends MeterStatusFields {
  readonly ics: number;
  readonly unicastKeyUsage: number;
  readonly broadcastKeyUsage: number;
  readonly supportedSecurityModes: number;
}

const GAP_BEFORE_ICS = ET54_FIELDS.ics.offset - layoutSize(STATUS_LAYOUT);

export function decodeMeterStatus(bytes: Uint8Array, order: ByteOrder): Decoded<MeterStatus> {
  return decodeWith(bytes, "ET54", (r) => {
    const status = readUints(r, STATUS_LAYOUT, order, "");
    r.bytes(GAP_BEFORE_ICS, "reserved");
    const ics = r.u8("ics");
    r.u8("reserved");
    return {
      ...status,
      ics,
      unicastKeyUsage: r.uint(4, order, "unicastKeyUsage"),
      broadcastKeyUsage: r.uint(4, order, "broadcastKeyUsage"),
      supportedSecurityModes: r.u8("supportedSecurityModes"),
    };
  });
}

export function encodeMeterStatus(v: MeterStatus, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET54");
  writeUints(w, STATUS_LAYOUT, v, order, "");
  w.bytes(new Uint8Array(GAP_BEFORE_ICS), "reserved");
  return w
    .u8(v.ics, "ics")
    .u8(0, "reserved")
    .uint(v.unicastKeyUsage, 4, order, "unicastKeyUsage")
    .uint(v.broadcastKeyUsage, 4, order, "broadcastKeyUsage")
    .u8(v.supportedSecurityModes, "supportedSecurityModes")
    .toBytes();
}

/** An ICS value a device accepts: reserved bits clear. */
export function isValidIcs(ics: number): boolean {
  return Number.isInteger(ics) && ics >= 0 && (ics & ~ICS_ICA_NAK) === 0;
}
