import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { registerFunctions1 } from "../../../harness/protocol/tables/bt21-register-dimensions";
import {
  decodePresentRegisterData,
  encodePresentRegisterData,
  presentRegisterDataSize,
  timeSeconds,
} from "../../../harness/protocol/tables/bt28-present-register-data";
import {
  decodeDemandTable,
  demandConfigurationProblem,
  demandTableSize,
  encodeDemandTable,
  ET40,
} from "../../../harness/protocol/tables/et40-demand-configuration";
import {
  decodeDemandResetEntry,
  decodeDemandResetLog,
  decodeDemandResetLogHeader,
  demandResetEntryOffset,
  demandResetLogSize,
  encodeDemandResetLog,
  ET41,
} from "../../../harness/protocol/tables/et41-demand-reset-log";
import { listStatus } from "../../../harness/protocol/tables/bt26-self-read-data";

test("BT28: time remaining 00:14:30 and a present demand of 93 W, then present values 2800 W and 10 A (mA)", () => {
  const d = { functions1: registerFunctions1({ timeRemaining: 1 }), presentDemands: 1, presentValues: 2 };
  const bytes = parseHex("00 0e 1e 5d 00 00 00 f0 0a 00 00 10 27 00 00");
  const v = { demands: [{ timeRemaining: { hour: 0, minute: 14, second: 30 }, value: 93 }], values: [2800, 10000] };
  assert.equal(presentRegisterDataSize(d), 15);
  assert.deepEqual(decodePresentRegisterData(bytes, d, "le"), { ok: true, value: v });
  assert.deepEqual(encodePresentRegisterData(v, d, "le"), bytes);
  assert.equal(timeSeconds({ hour: 0, minute: 14, second: 30 }), 870);
});

// ET40 (PROVISIONAL layout): 3 demands, 15-minute block demand of sources 0, 1, 4; started
// 2024-01-01 00:00, last interval ended 19:00, previous demands 93, 0, 93 W.
const ET40_BYTES = "03 0f 01 00 01 04 18 01 01 00 00 18 01 01 13 00 5d 00 00 00 00 00 00 00 5d 00 00 00";

test("ET40: configuration (demands, interval, sub-intervals, sources), then the meter's status", () => {
  assert.equal(ET40, 2088);
  assert.equal(demandTableSize(3), 28);
  const v = {
    configuration: { demands: 3, intervalMinutes: 15, subIntervals: 1, sources: [0, 1, 4] },
    status: {
      calculationStart: { year: 2024, month: 1, day: 1, hour: 0, minute: 0 },
      lastIntervalEnd: { year: 2024, month: 1, day: 1, hour: 19, minute: 0 },
      previousDemands: [93, 0, 93],
    },
  };
  assert.deepEqual(decodeDemandTable(parseHex(ET40_BYTES), "le"), { ok: true, value: v });
  assert.deepEqual(encodeDemandTable(v, "le"), parseHex(ET40_BYTES));
});

test("ET40: a usable configuration divides the hour into intervals and the interval into sub-intervals", () => {
  const c = { demands: 2, intervalMinutes: 15, subIntervals: 3, sources: [0, 1] };
  assert.equal(demandConfigurationProblem(c), null);
  assert.match(demandConfigurationProblem({ ...c, intervalMinutes: 7 }) ?? "", /divisor of 60/);
  assert.match(demandConfigurationProblem({ ...c, intervalMinutes: 0 }) ?? "", /divisor of 60/);
  assert.match(demandConfigurationProblem({ ...c, subIntervals: 4 }) ?? "", /do not divide/);
  assert.match(demandConfigurationProblem({ ...c, subIntervals: 0 }) ?? "", /do not divide/);
  assert.match(demandConfigurationProblem({ ...c, sources: [1, 1] }) ?? "", /twice/);
});

// ET41 (PROVISIONAL layout): circular, 1 valid, last element 0, last sequence 1, 1 unread,
// capacity 2, 1 demand; entry 1: reset at 2024-01-01 19:05, 1 reset so far, the maximum 93 W
// of 19:00 was reset, cumulative 93 after it; entry 2 never written.
const ENTRY = "01 00 18 01 01 13 05 01 5d 00 00 00 18 01 01 13 00 5d 00 00 00";
const ET41_BYTES = `04 01 00 01 00 01 02 01 ${ENTRY} ${Array.from({ length: 21 }, () => "00").join(" ")}`;

test("ET41: list header, capacity and demands, then entries of time, count and per demand maximum, its time, cumulative", () => {
  assert.equal(ET41, 2089);
  assert.equal(demandResetLogSize(2, 1), 50);
  assert.equal(demandResetEntryOffset(1, 1), 29);
  const entry = {
    sequence: 1,
    time: { year: 2024, month: 1, day: 1, hour: 19, minute: 5 },
    resetCount: 1,
    demands: [{ maximum: 93, maximumTime: { year: 2024, month: 1, day: 1, hour: 19, minute: 0 }, cumulative: 93 }],
  };
  const d = decodeDemandResetLog(parseHex(ET41_BYTES), "le");
  assert.ok(d.ok);
  assert.deepEqual(d.value.entries[0], entry);
  assert.deepEqual(
    { ...d.value, entries: [] },
    {
      status: listStatus({ circular: 1 }),
      validEntries: 1,
      lastElement: 0,
      lastSequence: 1,
      unreadEntries: 1,
      capacity: 2,
      demands: 1,
      entries: [],
    },
  );
  assert.deepEqual(encodeDemandResetLog(d.value, "le"), parseHex(ET41_BYTES));
  assert.deepEqual(decodeDemandResetEntry(parseHex(ENTRY), 1, "le"), { ok: true, value: entry });
  const h = decodeDemandResetLogHeader(parseHex("04 01 00 01 00 01 02 01"), "le");
  assert.equal(h.ok && h.value.capacity, 2);
});

test("the demand decoders answer any bytes with a value or a typed error", () => {
  const d = { functions1: registerFunctions1({ timeRemaining: 1 }), presentDemands: 2, presentValues: 3 };
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
      for (const r of [
        decodePresentRegisterData(b, d, "le"),
        decodeDemandTable(b, "le"),
        decodeDemandResetLog(b, "be"),
        decodeDemandResetLogHeader(b, "le"),
      ]) {
        assert.ok(r.ok || typeof r.error.code === "string");
      }
    }),
  );
});
