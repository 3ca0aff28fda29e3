import type { ByteOrder } from "../../../bytes/cursor";
import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  checkMeterConfiguration,
  decodeMeterConfiguration,
  encodeMeterConfiguration,
  ET55,
  type MeterConfiguration,
} from "../../../protocol/tables/et55-meter-configuration";
import type { SimTable } from "../../sim-table";
import { validatedTable } from "./validated-table";

/**
 * ET55, the meter configuration the contactor (8.10) and test mode (8.16) read. The host writes it
 * whole or in part; a write that would leave a value out of range is refused with err and changes
 * nothing. The prepaid credit is also the meter's to decrement (8.10.2).
 */
export class MeterConfigurationStore {
  value: MeterConfiguration = { contactorOptions: 0, creditWh: 0, lowCreditWh: 0, testModeTimeoutSeconds: 300 };
  private readonly listeners: Array<() => void> = [];

  /** `allowedOptions`: the contactor option bits this meter has (prepaid only with 8.10.2). */
  constructor(
    private readonly allowedOptions: number,
    private readonly order: ByteOrder,
  ) {}

  /** Told after every accepted write (the contactor re-judges its state). */
  onWrite(listener: () => void): void {
    this.listeners.push(listener);
  }

  table(): SimTable {
    return validatedTable({
      id: ET55,
      readLevel: "reader",
      writeLevel: "provisioning",
      image: () => encodeMeterConfiguration(this.value, this.order),
      accept: (next) => {
        const d = decodeMeterConfiguration(next, this.order);
        if (
          !d.ok ||
          checkMeterConfiguration(d.value) !== null ||
          (d.value.contactorOptions & ~this.allowedOptions) !== 0
        )
          return RESPONSE_CODE.err;
        this.value = d.value;
        for (const f of this.listeners) f();
        return RESPONSE_CODE.ok;
      },
    });
  }
}
