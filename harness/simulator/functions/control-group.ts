import { CONTACTOR_OPTION } from "../../protocol/tables/et55-meter-configuration";
import type { DeviceContext, DeviceFunction } from "../device-function";
import type { SimTable } from "../sim-table";
import { AlarmRegister } from "./control/alarm-register";
import { Contactor } from "./control/contactor";
import { contactorProcedure } from "./control/contactor-procedure";
import { controlContext, type ControlPart } from "./control/control-context";
import { ControlRelays } from "./control/control-relay";
import { DeltaAlerts } from "./control/delta-alerts";
import { Display } from "./control/display";
import { MeterConfigurationStore } from "./control/meter-configuration";
import { meterStatusPart } from "./control/meter-status";
import { PowerQuality } from "./control/power-quality";
import { PulseInputs } from "./control/pulse-inputs";
import { ramStatusPart } from "./control/ram-status";
import { relayProcedure } from "./control/relay-procedure";
import { SelfTest, selfTestPart } from "./control/self-test";
import { clearStatusProcedures, controlBenchProcedure } from "./control/status-procedures";
import { TestMode, testModePart } from "./control/test-mode";

/**
 * The control group: 8.6 self-test and alarms (ET58, ET70, ET71, BP07, BP08), 8.7 pulse inputs
 * (ET06), 8.8 power quality (ET09), 8.9 display (ET07, ET62, ET67, ET77), 8.10 contactor (ET30,
 * ET55, EP30), 8.11 control relays (ET05, ET46, ET61, EP05), 8.16 test mode (BP06) and, in every
 * profile, ET54 with the compatibility setting of 8.19. EP94 is the simulator's bench.
 * Before any of the group's tables or procedures is used, every part settles (catches up).
 */
export function controlGroup(ctx: DeviceContext): DeviceFunction {
  const f = ctx.profile.features;
  const d = ctx.defects;
  const c = controlContext(ctx, new AlarmRegister(d));
  const parts: ControlPart[] = [];

  const options =
    CONTACTOR_OPTION.limitByCurrent |
    CONTACTOR_OPTION.reconnectNeedsArming |
    (f.prepaid ? CONTACTOR_OPTION.prepaid : 0);
  const config =
    f.disconnect || f.testMode ? new MeterConfigurationStore(f.disconnect ? options : 0, ctx.dataOrder) : null;
  const testMode = f.testMode && config !== null ? new TestMode(c, config) : null;
  const billable = () => testMode?.active !== true || d.has("test-mode-energy-billed");
  const contactor = f.disconnect && config !== null ? new Contactor(c, config, billable) : null;
  const selfTest = f.selfTest ? new SelfTest(c) : null;

  if (config !== null) parts.push({ tables: [config.table()], procedures: [] });
  if (contactor !== null)
    parts.push({
      tables: [contactor.et30()],
      procedures: [contactorProcedure(contactor, d)],
      settle: () => contactor.settle(),
    });
  if (testMode !== null) parts.push(testModePart(testMode));
  if (selfTest !== null) {
    const alerts = new DeltaAlerts(c);
    parts.push(selfTestPart(selfTest, ctx.dataOrder), alerts.part(), {
      tables: [],
      procedures: clearStatusProcedures(c, selfTest, alerts),
    });
  }
  if (selfTest !== null || testMode !== null) parts.push(ramStatusPart(c, testMode));
  if (selfTest !== null || contactor !== null)
    parts.push({ tables: [], procedures: [controlBenchProcedure(selfTest, contactor)] });
  if (f.pulseInputs) parts.push(new PulseInputs(c).part());
  if (f.powerQuality) parts.push(new PowerQuality(c).part());
  if (f.display) parts.push({ tables: new Display(ctx.clock, d, ctx.dataOrder).tables(), procedures: [] });
  if (f.controlRelay) {
    const relays = new ControlRelays(c);
    parts.push({ tables: relays.tables(), procedures: [relayProcedure(relays, d, ctx.dataOrder)] });
  }
  parts.push(meterStatusPart(c, selfTest, contactor));

  const settle = () => {
    for (const p of parts) p.settle?.();
  };
  const settled = (t: SimTable): SimTable => ({
    ...t,
    image: () => (settle(), t.image()),
    write: (offset, data) => (settle(), t.write(offset, data)),
  });
  return {
    tables: parts.flatMap((p) => p.tables.map(settled)),
    procedures: parts.flatMap((p) =>
      p.procedures.map((x) => ({ ...x, run: (params: Uint8Array) => (settle(), x.run(params)) })),
    ),
  };
}
