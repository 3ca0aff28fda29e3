import fc from "fast-check";
import { plainRecord } from "./plain-record";
import type { SetDateTimeParameters } from "../../protocol/procedures/bp10-set-date-time";
import type { ClockDeltaParameters } from "../../protocol/procedures/ep16-clock-delta";
import { arbLTimeDate, arbTimeDateQualifier } from "./data-types";

/** Procedure parameters (BT07 payloads) that their encoders accept. */
export const arbSetDateTime: fc.Arbitrary<SetDateTimeParameters> = plainRecord({
  setTime: fc.boolean(),
  setDate: fc.boolean(),
  setQualifier: fc.boolean(),
  dateTime: fc.option(arbLTimeDate, { nil: null }),
  qualifier: arbTimeDateQualifier,
});

export const arbClockDelta: fc.Arbitrary<ClockDeltaParameters> = plainRecord({
  deltaSeconds: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
});
