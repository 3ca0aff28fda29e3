import {
  encodeMbusTelegram,
  MBUS_MEDIUM,
  packManufacturer,
  type MbusIdentity,
} from "../../../protocol/tables/et16-mbus-telegram";

/**
 * The M-Bus wired behind the meter (8.18): the devices plugged onto it, each at a primary address,
 * with an EN 13757-3 identity and one counter that grows with the meter's physical time (a clock
 * set does not move it). A device answers a read when it is plugged, the meter is powered (the
 * caller checks) and the secondary address asked for, if any, is its own.
 *
 * The seeded bus (PROVISIONAL, our choice): a gas meter (address 5), a water meter (6) and a heat
 * meter (7), with real manufacturer flags (ELS, SEN, KAM) and made-up serial numbers.
 */
export interface BusDevice {
  readonly address: number;
  readonly identity: MbusIdentity;
  /** VIF of its counter: 0x13 volume in litres, 0x03 energy in Wh. */
  readonly vif: number;
  readonly startValue: number;
  readonly perHour: number;
  plugged: boolean;
  accessNumber: number;
}

const VIF_LITRES = 0x13;
const VIF_WH = 0x03;

export function seededDevices(): BusDevice[] {
  const device = (
    address: number,
    serial: string,
    flag: string,
    medium: number,
    vif: number,
    startValue: number,
    perHour: number,
  ): BusDevice => ({
    address,
    identity: { serial, manufacturer: packManufacturer(flag), version: 1, medium },
    vif,
    startValue,
    perHour,
    plugged: true,
    accessNumber: 0,
  });
  return [
    device(5, "20240001", "ELS", MBUS_MEDIUM.gas, VIF_LITRES, 123_456, 1800),
    device(6, "20240002", "SEN", MBUS_MEDIUM.water, VIF_LITRES, 45_678, 720),
    device(7, "20240003", "KAM", MBUS_MEDIUM.heat, VIF_WH, 9_876_543, 3600),
  ];
}

export function sameIdentity(a: MbusIdentity, b: MbusIdentity): boolean {
  return a.serial === b.serial && a.manufacturer === b.manufacturer && a.version === b.version && a.medium === b.medium;
}

export class MbusBus {
  constructor(readonly devices: BusDevice[] = seededDevices()) {}

  deviceAt(address: number): BusDevice | undefined {
    return this.devices.find((d) => d.address === address);
  }

  /** The plugged device at `address` that matches `identity` (null: any), if one answers. */
  answering(address: number, identity: MbusIdentity | null): BusDevice | undefined {
    const d = this.deviceAt(address);
    if (d === undefined || !d.plugged) return undefined;
    return identity === null || sameIdentity(identity, d.identity) ? d : undefined;
  }

  /** The device's counter at physical time `elapsedMs`. */
  counter(d: BusDevice, elapsedMs: number): number {
    return d.startValue + Math.floor((d.perHour * elapsedMs) / 3_600_000);
  }

  /** The device's answer to a read (RSP_UD) at physical time `elapsedMs`. */
  telegram(d: BusDevice, elapsedMs: number): Uint8Array {
    d.accessNumber = (d.accessNumber + 1) & 0xff;
    return encodeMbusTelegram({
      ...d.identity,
      accessNumber: d.accessNumber,
      status: 0,
      signature: 0,
      records: [{ dif: 0x04, vif: d.vif, value: this.counter(d, elapsedMs) }],
    });
  }

  /** Plugged devices, for a bus scan. */
  plugged(): BusDevice[] {
    return this.devices.filter((d) => d.plugged);
  }
}
