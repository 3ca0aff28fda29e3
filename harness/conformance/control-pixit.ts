import { parseProcedureName } from "../protocol/procedure-id";
import { codesNamed } from "./checks";
import type { Pixit } from "./pixit";
import { Inconclusive } from "./verdicts";

/**
 * The PIXIT items the control scenarios name in their steps ("control.rejectedValue",
 * "vci.refusedCodes"): a list of response codes or procedure results, looked up by its path.
 */
export function pixitList(pixit: Pixit, path: string): readonly string[] {
  const v = pixitValue(pixit, path);
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string"))
    throw new Inconclusive(`PIXIT ${path} is not a list of codes`);
  return v as string[];
}

function pixitValue(pixit: Pixit, path: string): unknown {
  let v: unknown = pixit;
  for (const key of path.split("."))
    v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/**
 * A value in a control scenario's table: a whole number, or a PIXIT item's with an offset
 * ("control.limits.maxPowerW + 1"), so that the limits written are the ones the lab states for its
 * device rather than ours.
 */
export function controlValue(pixit: Pixit, cell: string): number {
  const m = /^\s*(?:(\d+)|([A-Za-z][\w.]*)\s*(?:([+-])\s*(\d+))?)\s*$/.exec(cell);
  if (m?.[1] !== undefined) return Number(m[1]);
  const v = m?.[2] === undefined ? undefined : pixitValue(pixit, m[2]);
  if (m === null || typeof v !== "number" || !Number.isInteger(v))
    throw new Inconclusive(`"${cell}" is neither a whole number nor a PIXIT item holding one, with an offset`);
  return v + (m[3] === "-" ? -1 : 1) * Number(m[4] ?? 0);
}

export function pixitCodes(pixit: Pixit, path: string): number[] {
  return codesNamed(pixitList(pixit, path), path);
}

export type ControlProcedure = "contactor" | "relay" | "testMode" | "clearAlarms" | "clearStatusFlags";

/** The procedure the PIXIT names for a control function. */
export function controlProcedure(pixit: Pixit, which: ControlProcedure): number {
  return parseProcedureName(pixit.control[`${which}Procedure`]);
}
