import { isProcedureUsed, isTableUsed, type GeneralConfiguration } from "../protocol/tables/bt00-general-configuration";
import { EXTENDED_BASE } from "../protocol/table-id";
import { MANUFACTURER_PROCEDURE_BASE } from "../protocol/procedure-id";
import { Inconclusive } from "./verdicts";

/** Tables and procedures chosen from what the device declares, never from a fixed list. */
export function undeclaredBasicTables(c: GeneralConfiguration): number[] {
  const ids: number[] = [];
  for (let id = 0; id < c.dimStdTablesUsed * 8; id++) if (!isTableUsed(c, id)) ids.push(id);
  return ids;
}

/** The lowest table id the device does not declare: a basic one if any, else an extended one. */
export function anUndeclaredTable(c: GeneralConfiguration): number {
  const basic = undeclaredBasicTables(c)[0];
  if (basic !== undefined) return basic;
  for (let n = 0; n < 2048; n++) if (!isTableUsed(c, EXTENDED_BASE + n)) return EXTENDED_BASE + n;
  throw new Inconclusive("BT00 declares every table id, so no undeclared table can be read");
}

export function anUndeclaredManufacturerProcedure(c: GeneralConfiguration): number {
  for (let n = 0; n < 2048; n++)
    if (!isProcedureUsed(c, MANUFACTURER_PROCEDURE_BASE + n)) return MANUFACTURER_PROCEDURE_BASE + n;
  throw new Inconclusive("BT00 declares every manufacturer procedure");
}
