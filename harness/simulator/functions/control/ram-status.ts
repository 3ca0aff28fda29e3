import { encodeRamOnlyStatus, ET70 } from "../../../protocol/tables/et70-ram-only-status";
import { computedTable } from "../../sim-table";
import type { ControlContext, ControlPart } from "./control-context";
import type { TestMode } from "./test-mode";

/** ET70 (8.6, 8.16): uptime, the alarm conditions now, and test mode with its registers (zero without test mode). */
export function ramStatusPart(c: ControlContext, testMode: TestMode | null): ControlPart {
  const et70 = computedTable(ET70, "reader", () =>
    encodeRamOnlyStatus(
      {
        uptimeSeconds: Math.floor(c.device.clock.elapsedMs() / 1000),
        conditions: c.alarms.conditions(),
        testMode: testMode?.active === true ? 1 : 0,
        testSecondsLeft: testMode?.secondsLeft ?? 0,
        testImportMilliWh: Math.floor(testMode?.importMilliWh ?? 0),
        testExportMilliWh: Math.floor(testMode?.exportMilliWh ?? 0),
      },
      c.device.dataOrder,
    ),
  );
  return { tables: [et70], procedures: [] };
}
