import type { DefectInfo } from "./defect-info";

/** The defects of 8.13, 8.14, 8.17 and 8.18 (one-time reads, group broadcasts, MEP and M-Bus devices). */
export const MEP_MBUS_DEFECTS = {} as const satisfies Record<string, DefectInfo>;
