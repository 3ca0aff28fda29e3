import { ByteWriter, type ByteOrder } from "../../../bytes/cursor";
import { decodeRelayCommand, EP05, RELAY_COMMAND } from "../../../protocol/procedures/ep05-control-relay";
import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import type { DefectSet } from "../../defects";
import type { SimProcedure } from "../../procedures/procedure-engine";
import { RELAYS, type ControlRelays, type RelayState } from "./control-relay";

/** EP05 (8.11.3): a relay number 1..N and a command; BT08 answers the relay's state, pending switch and delay. */
export function relayProcedure(relays: ControlRelays, defects: DefectSet, order: ByteOrder): SimProcedure {
  return {
    id: EP05,
    level: "provisioning",
    run(parameters) {
      const d = decodeRelayCommand(parameters);
      if (!d.ok || d.value.relay < 1 || d.value.relay > RELAYS)
        return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
      const index = d.value.relay - 1;
      const c = d.value.command;
      const known = (Object.values(RELAY_COMMAND) as number[]).includes(c);
      if (!known && !defects.has("relay-unknown-command-accepted"))
        return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
      if (known)
        relays.command(
          index,
          c === RELAY_COMMAND.on || c === RELAY_COMMAND.onRandomised,
          c === RELAY_COMMAND.offRandomised || c === RELAY_COMMAND.onRandomised,
        );
      const r = relays.relays[index] as RelayState;
      return {
        resultCode: PROCEDURE_RESULT.completed,
        responseData: new ByteWriter("EP05 response")
          .u8(r.state, "state")
          .u8(r.pending, "pending")
          .uint(r.delaySeconds, 2, order, "delaySeconds")
          .toBytes(),
      };
    },
  };
}
