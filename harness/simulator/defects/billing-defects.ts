import type { DefectInfo } from "./defect-info";

/** The defects of 8.4 billing and 8.15 demand. */
export const BILLING_DEFECTS = {} as const satisfies Record<string, DefectInfo>;
