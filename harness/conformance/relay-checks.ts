import type { ByteOrder } from "../bytes/cursor";
import { RELAY_COMMAND } from "../protocol/procedures/ep05-control-relay";
import { RELAY_PENDING } from "../protocol/tables/et46-control-output-data";
import { fieldValue } from "../protocol/types/uint-fields";
import { Inconclusive } from "./verdicts";

/**
 * 8.11 over EP05 and ET46 (PROVISIONAL): the names of the relay commands, and what EP05's response
 * data says (the relay's state, its pending switch and the random delay drawn).
 */
export function relayCommand(name: string): number {
  if (!Object.hasOwn(RELAY_COMMAND, name))
    throw new Inconclusive(`"${name}" is not a relay command (${Object.keys(RELAY_COMMAND).join(", ")})`);
  return RELAY_COMMAND[name as keyof typeof RELAY_COMMAND];
}

export interface RelayAnswer {
  readonly state: number;
  readonly pending: number;
  readonly delaySeconds: number;
}

export function relayAnswer(data: Uint8Array, order: ByteOrder): RelayAnswer {
  return {
    state: data[0] ?? 0,
    pending: data[1] ?? 0,
    delaySeconds: fieldValue(data, { offset: 2, size: 2, signed: false }, order),
  };
}

/**
 * Why a randomised switch on does not look right, or null: pending
 * on (or already on after a zero delay) within the window.
 */
export function randomisedSwitchProblem(a: RelayAnswer, windowSeconds: number): string | null {
  if (a.delaySeconds > windowSeconds)
    return `the delay drawn is ${a.delaySeconds} s, outside the window of ${windowSeconds} s`;
  if (a.delaySeconds > 0 && a.pending !== RELAY_PENDING.on)
    return `a delay of ${a.delaySeconds} s was drawn but no switch on is pending (pending ${a.pending})`;
  if (a.delaySeconds === 0 && a.state !== 1) return "no delay was drawn, yet the relay is not on";
  return null;
}
