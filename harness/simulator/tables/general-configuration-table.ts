import {
  BT00,
  encodeGeneralConfiguration,
  type GeneralConfiguration,
} from "../../protocol/tables/bt00-general-configuration";
import { EXTENDED_BASE, PENDING_BASE } from "../../protocol/table-id";
import { MANUFACTURER_PROCEDURE_BASE } from "../../protocol/procedure-id";
import type { DefectSet } from "../defects";
import type { MeterProfile } from "../profiles";
import { computedTable, type SimTable } from "../sim-table";
import { ET03 } from "../../protocol/tables/et03-utility-information";

/**
 * BT00 built from what the meter really has: a table's "used" bit is set because the table is in
 * the registry, its "writeable" bit because it accepts writes, a procedure's bit because it is
 * implemented. Only the bt00-* defects make it lie.
 */
export const PHANTOM_TABLE = 5;

export function generalConfiguration(
  profile: MeterProfile,
  tables: readonly SimTable[],
  procedureIds: readonly number[],
  defects: DefectSet,
): GeneralConfiguration {
  const d = profile.dims;
  const stdUsed = new Array<boolean>(d.stdTables * 8).fill(false);
  const mfgUsed = new Array<boolean>(d.mfgTables * 8).fill(false);
  const stdWrite = new Array<boolean>(d.stdTables * 8).fill(false);
  const mfgWrite = new Array<boolean>(d.mfgTables * 8).fill(false);
  // A pending table (4096 + id) has no bit of its own: BT00 counts how many there are (6.3).
  const pending = tables.filter((t) => t.id >= PENDING_BASE).length;
  for (const t of tables.filter((x) => x.id < PENDING_BASE)) {
    const [used, write, n] =
      t.id >= EXTENDED_BASE ? [mfgUsed, mfgWrite, t.id - EXTENDED_BASE] : [stdUsed, stdWrite, t.id];
    used[n] = true;
    write[n] = t.writeLevel !== null;
  }
  if (defects.has("bt00-bitmap-lies")) stdUsed[PHANTOM_TABLE] = true;
  if (defects.has("bt00-wrong-write-bitmap")) mfgWrite[ET03 - EXTENDED_BASE] = false;
  const stdProc = new Array<boolean>(d.stdProcs * 8).fill(false);
  const mfgProc = new Array<boolean>(d.mfgProcs * 8).fill(false);
  for (const id of procedureIds) {
    if (id >= MANUFACTURER_PROCEDURE_BASE) mfgProc[id - MANUFACTURER_PROCEDURE_BASE] = true;
    else stdProc[id] = true;
  }
  return {
    dataOrder: defects.has("bt00-data-order-lies") ? (profile.dataOrder === "le" ? "be" : "le") : profile.dataOrder,
    charFormat: 1,
    timeFormat: 2,
    dataAccessMethod: 1,
    idFormat: "bcd",
    intFormat: 0,
    niFormat1: 8,
    niFormat2: 8,
    deviceClass: profile.deviceClass,
    nameplateType: 2,
    defaultSetUsed: 0,
    maxProcParamLength: profile.maxProcParamLength,
    maxRespDataLength: profile.maxRespDataLength,
    stdVersion: 1,
    stdRevision: 0,
    dimStdTablesUsed: d.stdTables,
    dimMfgTablesUsed: d.mfgTables,
    dimStdProcUsed: d.stdProcs,
    dimMfgProcUsed: d.mfgProcs,
    dimMfgStatusUsed: d.mfgStatus,
    nbrPending: pending,
    stdTablesUsed: stdUsed,
    mfgTablesUsed: mfgUsed,
    stdProcUsed: stdProc,
    mfgProcUsed: mfgProc,
    stdTablesWrite: stdWrite,
    mfgTablesWrite: mfgWrite,
  };
}

/** BT00 itself: computed from the other tables once they are all registered. */
export function generalConfigurationTable(config: () => GeneralConfiguration): SimTable {
  return computedTable(BT00, "none", () => encodeGeneralConfiguration(config()));
}
