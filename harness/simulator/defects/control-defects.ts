import type { DefectInfo } from "./defect-info";

/** The defects of 8.6-8.11, 8.16 and 8.19 (status, pulse inputs, power quality, display, contactor, relay, test mode, compatibility). */
export const CONTROL_DEFECTS = {} as const satisfies Record<string, DefectInfo>;
