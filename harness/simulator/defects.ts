import { ConfigError } from "../errors";
import { CORE_DEFECTS } from "./defects/core-defects";
import type { DefectInfo } from "./defects/defect-info";
import { BILLING_DEFECTS } from "./defects/billing-defects";
import { RECORDS_DEFECTS } from "./defects/records-defects";
import { CALENDAR_DEFECTS } from "./defects/calendar-defects";
import { CONTROL_DEFECTS } from "./defects/control-defects";
import { MEP_MBUS_DEFECTS } from "./defects/mep-mbus-defects";
import { ROBUSTNESS_DEFECTS } from "./defects/robustness-defects";
import { LINK_DEFECTS } from "./defects/link-defects";
import { ACCESS_DEFECTS } from "./defects/access-defects";
import { MEP_LINK_DEFECTS } from "./defects/mep-link-defects";

/**
 * Named non-conformances the reference meter can be told to commit. Each one breaks one
 * requirement of one clause, and the suite must catch it (a scenario tagged with that clause
 * FAILs): the share caught is the measure of the suite's power. They live in one file per group
 * of functions (defects/); names are unique across groups.
 */
export const DEFECTS = {
  ...CORE_DEFECTS,
  ...BILLING_DEFECTS,
  ...RECORDS_DEFECTS,
  ...CALENDAR_DEFECTS,
  ...CONTROL_DEFECTS,
  ...MEP_MBUS_DEFECTS,
  ...ROBUSTNESS_DEFECTS,
  ...LINK_DEFECTS,
  ...ACCESS_DEFECTS,
  ...MEP_LINK_DEFECTS,
} as const satisfies Record<string, DefectInfo>;

export type DefectName = keyof typeof DEFECTS;

export function parseDefect(name: string): DefectName {
  if (name in DEFECTS) return name as DefectName;
  throw new ConfigError(
    "OSGP_ERR_USAGE",
    `unknown defect "${name}"; known defects: ${Object.keys(DEFECTS).join(", ")}`,
  );
}

export type DefectSet = ReadonlySet<DefectName>;
