import type { ByteOrder } from "../../../bytes/cursor";
import { BENCH_ACTION, decodeBenchAction, EP95 } from "../../../protocol/procedures/ep95-simulator-bench";
import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import type { SimProcedure } from "../../procedures/procedure-engine";
import type { MbusBus } from "./mbus-bus";
import type { SimulatedMepDevice } from "./mep-device";
import type { PowerSupply } from "./power";
import type { Timeline } from "./timeline";

/**
 * EP95, the simulator's bench (not OSGP; see ep95-simulator-bench.ts): what a lab does by hand to
 * a real meter's surroundings. An action on a part the profile lacks (no M-Bus, no MEP device), an
 * address with no device, or an outage of 0 s is an invalid parameter.
 */
export function benchProcedure(
  timeline: Timeline,
  power: PowerSupply,
  bus: MbusBus | null,
  mep: SimulatedMepDevice | null,
  order: ByteOrder,
): SimProcedure {
  return {
    id: EP95,
    level: "master",
    run(parameters) {
      timeline.settle();
      const d = decodeBenchAction(parameters, order);
      if (!d.ok) return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
      const { action, argument } = d.value;
      const device = bus?.deviceAt(argument);
      switch (action) {
        case BENCH_ACTION.powerOutage:
          if (argument === 0) break;
          power.cut(argument * 1000);
          return { resultCode: PROCEDURE_RESULT.completed };
        case BENCH_ACTION.outageDuringNextRead:
          if (argument === 0 || bus === null) break;
          power.armCut(argument * 1000);
          return { resultCode: PROCEDURE_RESULT.completed };
        case BENCH_ACTION.unplug:
        case BENCH_ACTION.plug:
          if (device === undefined) break;
          device.plugged = action === BENCH_ACTION.plug;
          return { resultCode: PROCEDURE_RESULT.completed };
        case BENCH_ACTION.mepAlarms:
          if (mep === null) break;
          mep.alarms = argument;
          return { resultCode: PROCEDURE_RESULT.completed };
      }
      return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
    },
  };
}
