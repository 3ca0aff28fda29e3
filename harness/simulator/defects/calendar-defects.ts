import type { DefectInfo } from "./defect-info";

/** The defects of 8.2 TOU calendar, 6.1-6.7 data representation and pending tables. */
export const CALENDAR_DEFECTS = {} as const satisfies Record<string, DefectInfo>;
