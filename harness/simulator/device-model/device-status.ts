import { emptyStandardStatus, type StandardStatus } from "../../protocol/tables/bt03-end-device-mode-status";

/**
 * The flags BT03 shows (C12.19 ED_MODE and ED_STD_STATUS1), raised and cleared by the functions
 * that detect the condition: self-test (8.6), test mode (8.16), demand overload (8.15), the
 * contactor (8.10). BT03 is computed from it on every read.
 */
export class DeviceStatus {
  testMode = false;
  meterShopMode = false;
  private readonly flags: Record<keyof StandardStatus, number> = { ...emptyStandardStatus() };

  set(flag: Exclude<keyof StandardStatus, "reserved">, on: boolean): void {
    this.flags[flag] = on ? 1 : 0;
  }

  standard(): StandardStatus {
    return { ...this.flags };
  }
}
