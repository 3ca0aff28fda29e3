import {
  CONTACTOR_ACTION,
  decodeContactorAction,
  EP30,
} from "../../../protocol/procedures/ep30-load-contactor-control";
import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import { CONTACTOR_STATE, OPEN_CAUSE } from "../../../protocol/tables/et54-meter-status";
import type { DefectSet } from "../../defects";
import type { SimProcedure, SimProcedureResult } from "../../procedures/procedure-engine";
import type { Contactor } from "./contactor";

/**
 * EP30, the contactor's remote control (8.10.4): open, close, arm. A close while ET55 asks for a
 * local reconnect only arms the contactor (8.10.3); a close with the prepaid credit used up, or an
 * arm of a closed contactor, is a conflict. BT08's response data is the state afterwards.
 */
export function contactorProcedure(contactor: Contactor, defects: DefectSet): SimProcedure {
  const done = (): SimProcedureResult => ({
    resultCode: PROCEDURE_RESULT.completed,
    responseData: Uint8Array.of(contactor.state),
  });
  const conflict = (): SimProcedureResult => ({
    resultCode: PROCEDURE_RESULT.conflict,
    responseData: Uint8Array.of(contactor.state),
  });
  return {
    id: EP30,
    level: "provisioning",
    run(parameters) {
      const d = decodeContactorAction(parameters);
      if (!d.ok) return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
      switch (d.value.action) {
        case CONTACTOR_ACTION.open:
          if (contactor.state === CONTACTOR_STATE.armed) contactor.state = CONTACTOR_STATE.open;
          contactor.open(OPEN_CAUSE.remote);
          return done();
        case CONTACTOR_ACTION.close:
          if (contactor.state === CONTACTOR_STATE.closed) return done();
          if (contactor.creditExhausted) return conflict();
          if (contactor.reconnectNeedsArming && !defects.has("remote-reconnect-without-arming")) contactor.arm();
          else contactor.close();
          return done();
        case CONTACTOR_ACTION.arm:
          if (contactor.state === CONTACTOR_STATE.closed) return conflict();
          contactor.arm();
          return done();
        default:
          return defects.has("contactor-unknown-action-accepted")
            ? done()
            : { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
      }
    },
  };
}
