import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import {
  decodeRegisterDimensions,
  dimensionsExceeded,
  encodeRegisterDimensions,
  registerFunctions1,
  registerFunctions2,
  type RegisterDimensions,
} from "../../../harness/protocol/tables/bt21-register-dimensions";
import {
  dataSelectionSize,
  decodeDataSelection,
  encodeDataSelection,
  NES_SOURCE,
} from "../../../harness/protocol/tables/bt22-data-selection";
import {
  decodePresentRegisterSelection,
  encodePresentRegisterSelection,
} from "../../../harness/protocol/tables/bt27-present-register-selection";

// REG_FUNC1 = season 1 + date/time 2 + reset counter 4 + cumulative 16 + continuous 32 + time remaining 64 = 0x77;
// REG_FUNC2 = sequence number 2 + daily 4 = 0x06; then self-reads 4, summations 3, demands 3,
// coincidents 1, occurrences 1, tiers 4, present demands 3, present values 13.
const DIMS: RegisterDimensions = {
  functions1: registerFunctions1({
    seasonInfo: 1,
    dateTime: 1,
    demandResetCounter: 1,
    cumulativeDemand: 1,
    continuousCumulativeDemand: 1,
    timeRemaining: 1,
  }),
  functions2: registerFunctions2({ selfReadSequenceNumber: 1, dailySelfRead: 1 }),
  selfReads: 4,
  summations: 3,
  demands: 3,
  coincidents: 1,
  occurrences: 1,
  tiers: 4,
  presentDemands: 3,
  presentValues: 13,
};
const BT21_BYTES = "77 06 04 03 03 01 01 04 03 0d";

test("BT21: C12.19 order, summations at offset 3 and tiers at offset 7 (ESP's offsets 5 and 9 count the two length bytes)", () => {
  assert.deepEqual(decodeRegisterDimensions(parseHex(BT21_BYTES)), { ok: true, value: DIMS });
  assert.deepEqual(encodeRegisterDimensions(DIMS), parseHex(BT21_BYTES));
  assert.equal(parseHex(BT21_BYTES)[3], 3);
  assert.equal(parseHex(BT21_BYTES)[7], 4);
});

test("BT21: short or long input is a typed error; BT20 limits are compared count by count", () => {
  const short = decodeRegisterDimensions(parseHex("77 06 04"));
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRUNCATED");
  const long = decodeRegisterDimensions(parseHex(`${BT21_BYTES} 00`));
  assert.equal(!long.ok && long.error.code, "OSGP_ERR_TRAILING_BYTES");
  assert.deepEqual(dimensionsExceeded(DIMS, { ...DIMS, tiers: 2, summations: 3 }), ["tiers 4 > 2"]);
});

test("BT22: sources, then MIN_OR_MAX (bit 1 = demand 1 keeps a minimum), then coincident source and its demand", () => {
  const bytes = parseHex("00 01 04 | 00 01 04 | 02 | 04 | 00".replace(/\|/g, ""));
  const v = {
    summationSources: [0, 1, 4],
    demandSources: [0, 1, 4],
    minimumDemands: [false, true, false],
    coincidentSources: [4],
    coincidentDemands: [0],
  };
  assert.equal(dataSelectionSize(DIMS), 9);
  assert.deepEqual(decodeDataSelection(bytes, DIMS), { ok: true, value: v });
  assert.deepEqual(encodeDataSelection(v, DIMS), bytes);
  assert.deepEqual([NES_SOURCE.tierForward(0), NES_SOURCE.tierReverse(2)], [29, 52]);
});

test("BT27: present demand sources, then present value sources", () => {
  const d = { presentDemands: 2, presentValues: 3 };
  const v = { demandSources: [0, 1], valueSources: [0, 5, 8] };
  assert.deepEqual(decodePresentRegisterSelection(parseHex("00 01 00 05 08"), d), { ok: true, value: v });
  assert.deepEqual(encodePresentRegisterSelection(v, d), parseHex("00 01 00 05 08"));
});

test("BT21, BT22 and BT27 decoders answer any bytes with a value or a typed error", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 24 }), (b) => {
      for (const d of [
        decodeRegisterDimensions(b),
        decodeDataSelection(b, DIMS),
        decodePresentRegisterSelection(b, DIMS),
      ]) {
        assert.ok(d.ok || typeof d.error.code === "string");
      }
    }),
  );
});
