import type { DefectInfo } from "./defect-info";

/** The defects of malformed input (issue 6): crashes, hangs and state corruption that only fuzzing finds. */
export const ROBUSTNESS_DEFECTS = {} as const satisfies Record<string, DefectInfo>;
