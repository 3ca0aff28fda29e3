import type { DefectName } from "../../harness/simulator/defects";

/**
 * The defects that live in the PLC node: shown by plc-defects.test.ts through a PlcMeterNode, not by the meter alone.
 */
export const PLC_DEFECTS = [
  "plc-wrong-transaction-number",
  "plc-no-duplicate-detection",
  "plc-oversize-response",
  "plc-query-id-ignores-selection",
] as const satisfies readonly DefectName[];
