import { EVENT_CODES } from "../../../protocol/event-codes";
import {
  BP04,
  BP05,
  decodeResetListPointers,
  decodeUpdateLastReadEntry,
  LIST,
} from "../../../protocol/procedures/bp04-bp05-list-pointers";
import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import type { DeviceContext } from "../../device-function";
import type { SimProcedure } from "../../procedures/procedure-engine";

/**
 * BP04 Reset List Pointers and BP05 Update Last Read Entry over the records group's lists: the
 * load-profile data sets (lists 3 and 4) and the history log (list 8, PROVISIONAL). A list the
 * meter does not keep, or parameters that do not decode, give "invalid parameter" and change
 * nothing. Each call is posted as C12.19 event 14 or 15 with the list number as argument.
 */
export interface ReadableList {
  markRead(count: number): void;
  clear(): void;
}

export function listProcedures(ctx: DeviceContext, lists: ReadonlyMap<number, ReadableList>): SimProcedure[] {
  const loadProfile = (list: number) => list >= LIST.loadProfileSet1 && list <= LIST.loadProfileSet4;
  return [
    {
      id: BP04,
      level: "provisioning",
      run(parameters) {
        const d = decodeResetListPointers(parameters);
        const target = d.ok ? lists.get(d.value.list) : undefined;
        if (!d.ok || target === undefined) return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
        target.clear();
        ctx.events.post(EVENT_CODES.resetListPointers, { argument: Uint8Array.of(d.value.list) });
        return { resultCode: PROCEDURE_RESULT.completed };
      },
    },
    {
      id: BP05,
      level: "provisioning",
      run(parameters) {
        const d = decodeUpdateLastReadEntry(parameters, ctx.dataOrder);
        const target = d.ok ? lists.get(d.value.list) : undefined;
        if (!d.ok || target === undefined) return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
        if (!(loadProfile(d.value.list) && ctx.defects.has("lp-unread-not-decremented")))
          target.markRead(d.value.entriesRead);
        ctx.events.post(EVENT_CODES.updateListPointers, { argument: Uint8Array.of(d.value.list) });
        return { resultCode: PROCEDURE_RESULT.completed };
      },
    },
  ];
}
