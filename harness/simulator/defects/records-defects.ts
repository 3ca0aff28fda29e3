import type { DefectInfo } from "./defect-info";

/** The defects of 8.5 load profile and 8.12 history log. */
export const RECORDS_DEFECTS = {} as const satisfies Record<string, DefectInfo>;
