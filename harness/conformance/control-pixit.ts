import { parseProcedureName } from "../protocol/procedure-id";
import { codesNamed } from "./checks";
import type { Pixit } from "./pixit";
import { Inconclusive } from "./verdicts";

/**
 * The PIXIT items the control scenarios name in their steps ("control.rejectedValue",
 * "vci.refusedCodes"): a list of response codes or procedure results, looked up by its path.
 */
export function pixitList(pixit: Pixit, path: string): readonly string[] {
  let v: unknown = pixit;
  for (const key of path.split("."))
    v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string"))
    throw new Inconclusive(`PIXIT ${path} is not a list of codes`);
  return v as string[];
}

export function pixitCodes(pixit: Pixit, path: string): number[] {
  return codesNamed(pixitList(pixit, path), path);
}

export type ControlProcedure = "contactor" | "relay" | "testMode" | "clearAlarms" | "clearStatusFlags";

/** The procedure the PIXIT names for a control function. */
export function controlProcedure(pixit: Pixit, which: ControlProcedure): number {
  return parseProcedureName(pixit.control[`${which}Procedure`]);
}
