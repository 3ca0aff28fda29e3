import type { ByteOrder } from "../../../bytes/cursor";
import type { StandardStatus } from "../../../protocol/tables/bt03-end-device-mode-status";
import {
  encodeStatusExtension,
  ET58,
  SELF_TEST,
  selfTestErrorCode,
  type SelfTestName,
} from "../../../protocol/tables/et58-status-extension";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import { computedTable } from "../../sim-table";
import type { ControlContext, ControlPart } from "./control-context";

/** The BT03 flag (C12.19 ED_STD_STATUS1) each self-test raises when it fails. */
const BT03_FLAG: Readonly<Record<SelfTestName, Exclude<keyof StandardStatus, "reserved">>> = {
  ram: "ramFailure",
  rom: "romFailure",
  nonvolatileMemory: "nonvolatileMemoryFailure",
  clock: "clockError",
  measurement: "measurementError",
};
const TESTS = Object.keys(SELF_TEST) as SelfTestName[];

/**
 * The periodic self-test (8.6): it runs at power-up and whenever the time of day is a multiple of
 * the period (at the end of a metering step, which ends on whole minutes). Its results go to ET58,
 * to ET54 (error code, the self-test alarm) and to BT03: a failed test raises its flag and the
 * self-check error flag, which stay raised (latched, as C12.19 has them) until BP07 clears them.
 * The simulated hardware is sound: a test fails only when the bench says so (EP94).
 */
export class SelfTest {
  testCount = 0;
  failedTests = 0;
  failureCount = 0;
  lastTestMs: number | null = null;
  private faults = 0;
  private latchedFlags = 0;

  constructor(
    private readonly c: ControlContext,
    readonly periodSeconds = 60,
  ) {
    this.run(c.device.clock.nowMs());
    c.device.metering.onStep((s) => {
      if (s.toMs % (periodSeconds * 1000) === 0 && !c.device.defects.has("self-test-not-periodic")) this.run(s.toMs);
    });
  }

  /** The error code of the first failed test of the last run, 0 when all passed. */
  get errorCode(): number {
    const first = TESTS.find((t) => ((this.failedTests >> SELF_TEST[t]) & 1) === 1);
    return first === undefined ? 0 : selfTestErrorCode(first);
  }

  /** The bench makes a test fail (bit of SELF_TEST), or heals them all. */
  injectFault(bit: number): boolean {
    if (!TESTS.some((t) => SELF_TEST[t] === bit)) return false;
    this.faults |= 1 << bit;
    return true;
  }

  /** Heals the faults and tests at once, as a lab's unit restarted after repair. */
  heal(): void {
    this.faults = 0;
    this.run(this.c.device.clock.nowMs());
  }

  /** BP07: flags whose test passes now go; the others stay. */
  clearStandardFlags(): void {
    this.latchedFlags = this.failedTests;
    this.showFlags();
  }

  private run(atMs: number): void {
    this.testCount++;
    this.lastTestMs = atMs;
    this.failedTests = this.faults;
    this.latchedFlags |= this.failedTests;
    if (this.failedTests !== 0) {
      this.failureCount++;
      this.c.post("selfCheckError", [this.errorCode], atMs);
    }
    this.c.alarms.set("selfTestFailure", this.failedTests !== 0);
    this.showFlags();
  }

  private showFlags(): void {
    const status = this.c.device.status;
    for (const t of TESTS) status.set(BT03_FLAG[t], ((this.latchedFlags >> SELF_TEST[t]) & 1) === 1);
    status.set("selfCheckError", this.latchedFlags !== 0);
  }
}

export function selfTestPart(test: SelfTest, order: ByteOrder): ControlPart {
  const et58 = computedTable(ET58, "reader", () =>
    encodeStatusExtension(
      {
        testCount: test.testCount,
        periodSeconds: test.periodSeconds,
        failedTests: test.failedTests,
        errorCode: test.errorCode,
        failureCount: test.failureCount,
        lastTest: test.lastTestMs === null ? null : epochMsToLTimeDate(test.lastTestMs),
      },
      order,
    ),
  );
  return { tables: [et58], procedures: [] };
}
