import { BP07, BP08 } from "../../../protocol/procedures/bp07-bp08-clear-status-flags";
import { CONTROL_BENCH_ACTION, decodeControlBenchAction, EP94 } from "../../../protocol/procedures/ep94-control-bench";
import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import type { SimProcedure } from "../../procedures/procedure-engine";
import type { ControlContext } from "./control-context";
import type { Contactor } from "./contactor";
import type { DeltaAlerts } from "./delta-alerts";
import type { SelfTest } from "./self-test";

const invalid = { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
const completed = { resultCode: PROCEDURE_RESULT.completed };

/** BP07 and BP08 (8.6): clear the latched status flags; they take no parameters. */
export function clearStatusProcedures(c: ControlContext, selfTest: SelfTest, alerts: DeltaAlerts): SimProcedure[] {
  return [
    {
      id: BP07,
      level: "provisioning",
      run: (p) => (p.length !== 0 ? invalid : (selfTest.clearStandardFlags(), completed)),
    },
    {
      id: BP08,
      level: "provisioning",
      run: (p) => {
        if (p.length !== 0) return invalid;
        c.alarms.clearLatched();
        alerts.clearLatched();
        return completed;
      },
    },
  ];
}

/** EP94, the simulator's bench (not OSGP): what a lab does with its hands (ep94-control-bench.ts). */
export function controlBenchProcedure(selfTest: SelfTest | null, contactor: Contactor | null): SimProcedure {
  return {
    id: EP94,
    level: "provisioning",
    run(parameters) {
      const d = decodeControlBenchAction(parameters);
      if (!d.ok) return invalid;
      const { action, argument } = d.value;
      if (action === CONTROL_BENCH_ACTION.pressButton && contactor !== null) contactor.pressButton();
      else if (action === CONTROL_BENCH_ACTION.failSelfTest && selfTest !== null && selfTest.injectFault(argument))
        return completed;
      else if (action === CONTROL_BENCH_ACTION.healSelfTests && selfTest !== null) selfTest.heal();
      else return invalid;
      return completed;
    },
  };
}
