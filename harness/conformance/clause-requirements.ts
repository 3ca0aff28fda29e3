import { ConfigError } from "../errors";
import { parseProcedureName, procedureName } from "../protocol/procedure-id";
import { parseTableName, tableName } from "../protocol/table-id";
import { isProcedureUsed, isTableUsed, type GeneralConfiguration } from "../protocol/tables/bt00-general-configuration";
import { clauseEntry } from "./clause-catalogue";
import { picsItem } from "./pics/pics-items";
import type { Pixit } from "./pixit";
import { parseFieldReference } from "./vci-field-references";
import { declarationBreach } from "./provisional-layouts";
import { ConformanceAssertionError, Inconclusive, type Evidence } from "./verdicts";

/**
 * What each mandatory clause needs the device to declare in BT00: the tables its scenarios read
 * or write and the procedures they run (BT07/BT08 with any procedure). A device that leaves one
 * out FAILs the clause once per scenario, at its Background's gate, before any read of them. An
 * optional clause is gated by the PICS first (not applicable); only where the PICS says the device
 * has it (onlyWith) does it need what is listed here. A scenario of another clause that reads one
 * of these tables is inconclusive without it, so that the breach is judged once, at this gate.
 */
export type PixitNamed =
  "control.icsField" | "records.unreadAlarmFlag" | "records.criticalFlag" | "clock.deltaProcedure";

export interface ClauseRequirement {
  readonly clause: string;
  readonly tables: readonly string[];
  readonly procedures: readonly string[];
  /** Tables or procedures the PIXIT names, because where they live is the device's (or our PROVISIONAL) choice. */
  readonly fromPixit?: readonly PixitNamed[];
  /**
   * The PICS item that makes the clause apply: its feature gates on it
   * first (8.5.2 concerns M-Bus meters only; 8.3.2 is its own item).
   */
  readonly onlyWith?: string;
}

const PROCEDURE_TABLES = ["BT07", "BT08"] as const;
const CLOCK_SET = { tables: ["BT52", ...PROCEDURE_TABLES], procedures: ["BP10"] } as const;
const CALENDAR = ["BT51", "BT54", "BT55"] as const;
const CRITICAL_EVENTS = {
  tables: ["BT71", "BT72", "BT73", "BT74", "ET72", "ET73", ...CLOCK_SET.tables],
  procedures: ["BP05", ...CLOCK_SET.procedures],
  fromPixit: ["records.criticalFlag"],
  onlyWith: "8.12.1",
} as const;

export const CLAUSE_REQUIREMENTS: readonly ClauseRequirement[] = [
  {
    clause: "6.3",
    tables: ["BT04", ...CLOCK_SET.tables],
    procedures: ["BP10", "BP12", "BP13", "BP14", "BP15"],
    onlyWith: "6.3",
  },
  { clause: "6.8", tables: ["BT03", "ET04"], procedures: [], onlyWith: "6.8" },
  { clause: "7.4", tables: ["ET04", "ET54"], procedures: [], onlyWith: "7.4" },
  {
    clause: "8.2",
    tables: [...CALENDAR, "BT23", ...CLOCK_SET.tables],
    procedures: CLOCK_SET.procedures,
    onlyWith: "8.2",
  },
  { clause: "8.2.0", tables: CALENDAR, procedures: [], onlyWith: "8.2" },
  {
    clause: "8.2.1",
    tables: ["ET47", ...CALENDAR, ...CLOCK_SET.tables],
    procedures: CLOCK_SET.procedures,
    onlyWith: "8.2.1",
  },
  {
    clause: "8.2.2",
    tables: ["ET48", ...CALENDAR, "BT23", ...CLOCK_SET.tables],
    procedures: CLOCK_SET.procedures,
    onlyWith: "8.2.2",
  },
  { clause: "8.3", tables: ["BT52"], procedures: [] },
  { clause: "8.3.1", ...CLOCK_SET },
  { clause: "8.3.2", ...CLOCK_SET, fromPixit: ["clock.deltaProcedure"], onlyWith: "8.3.2" },
  {
    clause: "8.4",
    // BT24 (season change) and BT25 (demand reset) belong to TOU and demand: the scenarios that read them say so.
    tables: ["BT20", "BT21", "BT22", "BT23", "BT26", "BT27", "BT28", "BT52", ...PROCEDURE_TABLES],
    procedures: ["BP09"],
  },
  {
    clause: "8.4.1",
    tables: ["BT21", "BT22", "BT23", "BT26", "BT52", ...PROCEDURE_TABLES],
    procedures: ["BP09", "BP10"],
  },
  {
    clause: "8.4.3",
    tables: ["BT21", "BT22", "BT23", "BT26", "BT27", "BT28", "BT52", ...PROCEDURE_TABLES],
    procedures: ["BP09", "BP10"],
  },
  // ET21 configures data set 1 (BT64), so every 8.5 scenario needs that data set, not just any of BT64..BT67.
  { clause: "8.5", tables: ["BT61", "BT62", "BT64", "ET21", "ET66", "ET75"], procedures: [] },
  {
    clause: "8.5.1",
    tables: ["BT60", "BT61", "BT62", "BT63", "BT64", "ET21", "ET66", "BT52", ...PROCEDURE_TABLES],
    procedures: ["BP10"],
  },
  { clause: "8.5.2.1", tables: ["BT61", "BT62", "BT65", "ET57"], procedures: [], onlyWith: "8.18" },
  {
    clause: "8.5.2.2",
    tables: ["BT61", "BT62", "BT63", "BT65", "ET57", "BT52", ...PROCEDURE_TABLES],
    procedures: ["BP10"],
    onlyWith: "8.18",
  },
  {
    clause: "8.5.2.3",
    tables: ["BT61", "BT62", "BT63", "BT65", "ET57", "BT52", ...PROCEDURE_TABLES],
    procedures: ["BP10"],
    onlyWith: "8.18",
  },
  {
    clause: "8.5.3",
    tables: ["BT61", "BT62", "BT63", "BT64", "ET21", "BT52", ...PROCEDURE_TABLES],
    procedures: ["BP05", "BP10"],
    fromPixit: ["records.unreadAlarmFlag"],
  },
  { clause: "8.12.1.1", ...CRITICAL_EVENTS },
  { clause: "8.12.1.2", ...CRITICAL_EVENTS },
  { clause: "8.19", tables: [], procedures: [], fromPixit: ["control.icsField"] },
  { clause: "9.10", tables: ["ET52", "ET53"], procedures: [], onlyWith: "9.10" },
  { clause: "9.13", ...CLOCK_SET },
];

const BY_CLAUSE = new Map(CLAUSE_REQUIREMENTS.map((r) => [r.clause, r]));

export function clauseRequirement(clause: string): ClauseRequirement {
  const r = BY_CLAUSE.get(clause);
  if (r === undefined)
    throw new ConfigError(
      "OSGP_ERR_USAGE",
      `clause "${clause}" has no entry in the clause requirements (harness/conformance/clause-requirements.ts)`,
    );
  return r;
}

interface Needed {
  readonly label: string;
  readonly declared: boolean;
}

function tableNeed(name: string, config: GeneralConfiguration, via = ""): Needed {
  const id = parseTableName(name);
  return { label: `${tableName(id)}${via}`, declared: isTableUsed(config, id) };
}

function procedureNeed(name: string, config: GeneralConfiguration, via = ""): Needed {
  const id = parseProcedureName(name);
  return { label: `${procedureName(id)}${via}`, declared: isProcedureUsed(config, id) };
}

function pixitNeed(item: PixitNamed, clause: string, config: GeneralConfiguration, pixit: Pixit): Needed {
  const via = ` (PIXIT ${item})`;
  switch (item) {
    case "control.icsField":
      return tableNeed(tableName(parseFieldReference(pixit.control.icsField, item).tableId), config, via);
    case "records.unreadAlarmFlag":
      return tableNeed(pixit.records.unreadAlarmFlag.table, config, via);
    case "records.criticalFlag":
      return tableNeed(pixit.records.criticalFlag.table, config, via);
    case "clock.deltaProcedure": {
      const name = pixit.clock.deltaProcedure;
      if (name === null)
        throw new Inconclusive(
          `PIXIT clock.deltaProcedure is null, so the procedure clause ${clause} needs is unknown`,
        );
      return procedureNeed(name, config, via);
    }
  }
}

/** Everything the clause needs, each with whether BT00 declares it. */
export function requirementStatus(r: ClauseRequirement, config: GeneralConfiguration, pixit: Pixit): Needed[] {
  return [
    ...r.tables.map((t) => tableNeed(t, config)),
    ...r.procedures.map((p) => procedureNeed(p, config)),
    ...(r.fromPixit ?? []).map((item) => pixitNeed(item, r.clause, config, pixit)),
  ];
}

function standing(r: ClauseRequirement): string {
  if (r.onlyWith === undefined) return "is mandatory";
  if (r.onlyWith === r.clause) return "is implemented, as the PICS says";
  return `is mandatory where ${r.onlyWith} (${picsItem(r.onlyWith)?.title ?? "a PICS item"}) is implemented, as the PICS says it is here`;
}

/**
 * Why a scenario that reads another clause's table (BT54 in a 6.1 scenario, after its PICS gate)
 * cannot decide when BT00 does not declare it, naming the clauses whose gates FAIL for it.
 */
export function undeclaredTableReason(name: string): string {
  const owners = CLAUSE_REQUIREMENTS.filter((r) => r.tables.includes(name)).map((r) => r.clause);
  const judged = owners.length === 0 ? "" : `; the gate of clause ${owners.join(", ")} judges that`;
  return `BT00 does not declare ${name}, which this scenario reads, so it cannot decide${judged}`;
}

/**
 * The verdict of a mandatory clause's gate: null when BT00 declares everything the clause needs,
 * else the FAIL naming the clause and what is missing. Throws Inconclusive when the PIXIT leaves
 * a needed item unnamed, and ConfigError for a clause with no entry (the harness's own error).
 */
export function clauseGate(
  clause: string,
  config: GeneralConfiguration,
  pixit: Pixit,
  evidence: readonly Evidence[] = [],
): ConformanceAssertionError | null {
  const r = clauseRequirement(clause);
  const status = requirementStatus(r, config, pixit);
  const missing = status.filter((n) => !n.declared).map((n) => n.label);
  if (missing.length === 0) return null;
  const title = clauseEntry(clause)?.title;
  return declarationBreach(
    new ConformanceAssertionError(
      `clause ${clause}${title === undefined ? "" : ` (${title})`} ${standing(r)}, but BT00 does not declare ${missing.join(", ")}: its scenarios need ${status.map((n) => n.label).join(", ")}`,
      evidence,
    ),
  );
}
