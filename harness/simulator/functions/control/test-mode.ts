import { BP06, decodeChangeEndDeviceMode } from "../../../protocol/procedures/bp06-change-end-device-mode";
import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import type { MeteringStep } from "../../device-model/metering-model";
import type { SimProcedure } from "../../procedures/procedure-engine";
import type { ControlContext, ControlPart } from "./control-context";
import type { MeterConfigurationStore } from "./meter-configuration";

/**
 * Test mode (8.16): BP06 (C12.19 Change End Device Mode) with the test bit set enters it, with the
 * bit clear leaves it. In test mode BT03 says so (mode.test, metering off), the energy measured
 * goes to the test registers of ET70 (which start from zero on entering), not to billing (the
 * prepaid credit is not charged for it), and the mode ends by itself after ET55's timeout. The
 * meter-shop mode is not supported: asking for it is a conflict.
 */
export class TestMode {
  importMilliWh = 0;
  exportMilliWh = 0;
  private remainingMs = 0;

  constructor(
    private readonly c: ControlContext,
    private readonly config: MeterConfigurationStore,
  ) {
    c.device.metering.onStep((s) => this.step(s));
  }

  get active(): boolean {
    return this.c.device.status.testMode;
  }

  get secondsLeft(): number {
    return this.active ? Math.max(0, Math.ceil(this.remainingMs / 1000)) : 0;
  }

  enter(): void {
    if (!this.active) this.c.post("testModeStarted", []);
    this.c.device.status.testMode = true;
    this.c.alarms.set("testMode", true);
    this.remainingMs = this.config.value.testModeTimeoutSeconds * 1000;
    this.importMilliWh = 0;
    this.exportMilliWh = 0;
  }

  leave(atMs?: number): void {
    if (!this.active) return;
    this.c.device.status.testMode = false;
    this.c.alarms.set("testMode", false);
    this.c.post("testModeStopped", [], atMs);
  }

  private step(s: MeteringStep): void {
    if (!this.active) return;
    const dt = s.toMs - s.fromMs;
    const milliWh = (Math.abs(s.averagePowerW) * dt) / 3600;
    if (s.averagePowerW >= 0) this.importMilliWh += milliWh;
    else this.exportMilliWh += milliWh;
    this.remainingMs -= dt;
    if (this.remainingMs <= 0 && !this.c.device.defects.has("test-mode-no-timeout")) this.leave(s.toMs);
  }

  procedure(): SimProcedure {
    return {
      id: BP06,
      level: "provisioning",
      run: (parameters) => {
        const d = decodeChangeEndDeviceMode(parameters);
        if (!d.ok || d.value.reserved !== 0) return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
        if (d.value.meterShop === 1) return { resultCode: PROCEDURE_RESULT.conflict };
        if (d.value.test === 1) this.enter();
        else this.leave();
        return { resultCode: PROCEDURE_RESULT.completed };
      },
    };
  }
}

export function testModePart(mode: TestMode): ControlPart {
  return { tables: [], procedures: [mode.procedure()] };
}
