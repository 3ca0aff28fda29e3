import { EVENT_CODES } from "../../../protocol/event-codes";
import type { DeviceContext } from "../../device-function";

/**
 * Posts C12.19 events 3 (time changed, stamped with the old time) and 4 (stamped with the new
 * time) whenever the clock is set or adjusted (BP10, EP16), so that the history log (8.12) records
 * clock changes. The clock itself belongs to the meter core; its change hook is the only place
 * that sees every change, whatever caused it.
 */
export function postClockChanges(ctx: DeviceContext): void {
  ctx.metering.onClockJump((from, to) => {
    ctx.events.post(EVENT_CODES.timeChangedOld, { clockMs: from });
    ctx.events.post(EVENT_CODES.timeChangedNew, { clockMs: to });
  });
}
