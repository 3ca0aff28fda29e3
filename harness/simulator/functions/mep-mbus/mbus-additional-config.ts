import type { ByteOrder } from "../../../bytes/cursor";
import {
  decodeMbusAdditionalConfig,
  encodeMbusAdditionalConfig,
  ET34,
  type MbusAdditionalConfig,
} from "../../../protocol/tables/et34-mbus-additional-configuration";
import type { MfgDimension } from "../../../protocol/tables/et11-mfg-dimension";
import { RESPONSE_CODE } from "../../../protocol/response-codes";
import type { SimTable } from "../../sim-table";

/** ET34, per channel: one retry of an outage-interrupted read by default (PROVISIONAL: ours). */
const DEFAULT: MbusAdditionalConfig = { pollRateMinutes: 0, outageRetries: 1 };

export class MbusAdditionalConfigs {
  private readonly configs: MbusAdditionalConfig[];

  constructor(
    private readonly dims: MfgDimension,
    private readonly order: ByteOrder,
  ) {
    this.configs = Array.from({ length: dims.mbusChannels }, () => DEFAULT);
  }

  outageRetries(channel: number): number {
    return this.configs[channel - 1]?.outageRetries ?? 0;
  }

  table(): SimTable {
    const size = this.dims.et34EntrySize;
    const image = () => {
      const out = new Uint8Array(this.configs.length * size);
      this.configs.forEach((c, i) => out.set(encodeMbusAdditionalConfig(c, this.order, size), i * size));
      return out;
    };
    return {
      id: ET34,
      readLevel: "reader",
      writeLevel: "provisioning",
      image,
      // Whole entries only: half an entry would leave a channel with a torn configuration.
      write: (offset, data) => {
        if (data.length === 0 || offset % size !== 0 || data.length % size !== 0) return RESPONSE_CODE.onp;
        for (let at = 0; at < data.length; at += size) {
          const d = decodeMbusAdditionalConfig(data.subarray(at, at + size), this.order);
          if (!d.ok) return RESPONSE_CODE.onp;
          this.configs[(offset + at) / size] = d.value;
        }
        return RESPONSE_CODE.ok;
      },
    };
  }
}
