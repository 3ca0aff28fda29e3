import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  checkDeltaDataAlerts,
  decodeDeltaDataAlerts,
  encodeDeltaDataAlerts,
  ET71,
  ET71_FIELDS,
  ET71_SIZE,
} from "../../../protocol/tables/et71-delta-data-alerts";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { MeteringStep } from "../../device-model/metering-model";
import type { ControlContext, ControlPart } from "./control-context";
import { meterControlled, validatedTable } from "./validated-table";

/**
 * ET71 delta data alerts (8.6): each time the imported energy has grown by the written delta, an
 * alert is counted and latched (ET71 and ET54's delta alarm) until BP08 clears it. Writing a new delta
 * starts counting afresh from the energy of that moment; the other fields are meter-controlled.
 */
export class DeltaAlerts {
  deltaWh = 0;
  referenceWh = 0;
  alertCount = 0;
  latched = false;
  lastAlertMs: number | null = null;

  constructor(private readonly c: ControlContext) {
    c.device.metering.onStep((s) => this.step(s));
  }

  clearLatched(): void {
    this.latched = false;
  }

  private step(s: MeteringStep): void {
    if (this.deltaWh === 0 || s.registers.activeImportWh - this.referenceWh < this.deltaWh) return;
    this.referenceWh = s.registers.activeImportWh;
    this.alertCount = (this.alertCount + 1) & 0xffff;
    this.latched = true;
    this.lastAlertMs = s.toMs;
    this.c.alarms.raise("deltaAlert");
    this.c.post("deltaAlert", [0], s.toMs);
  }

  part(): ControlPart {
    const image = () =>
      encodeDeltaDataAlerts(
        {
          energyDeltaWh: this.deltaWh,
          referenceWh: this.referenceWh,
          alertCount: this.alertCount,
          alertLatched: this.latched ? 1 : 0,
          lastAlert: this.lastAlertMs === null ? null : epochMsToLTimeDate(this.lastAlertMs),
        },
        this.c.device.dataOrder,
      );
    const et71 = validatedTable({
      id: ET71,
      readLevel: "reader",
      writeLevel: "provisioning",
      vci: [meterControlled(ET71_FIELDS.referenceWh.offset, ET71_SIZE - ET71_FIELDS.referenceWh.offset)],
      image,
      accept: (next) => {
        const d = decodeDeltaDataAlerts(next, this.c.device.dataOrder);
        if (!d.ok || checkDeltaDataAlerts(d.value) !== null) return RESPONSE_CODE.err;
        if (d.value.energyDeltaWh !== this.deltaWh) {
          this.deltaWh = d.value.energyDeltaWh;
          this.referenceWh = this.c.device.metering.registers().activeImportWh;
        }
        return RESPONSE_CODE.ok;
      },
    });
    return { tables: [et71], procedures: [] };
  }
}
