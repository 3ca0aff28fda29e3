import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { registerFunctions1, registerFunctions2 } from "../../../harness/protocol/tables/bt21-register-dimensions";
import {
  dataBlockOffset,
  decodeCurrentRegisterData,
  encodeCurrentRegisterData,
  registerDataSize,
  type RegisterData,
  type RegisterLayout,
} from "../../../harness/protocol/tables/bt23-current-register-data";
import {
  datedRegisterDataSize,
  decodeDatedRegisterData,
  encodeDatedRegisterData,
} from "../../../harness/protocol/tables/bt24-bt25-dated-register-data";
import {
  decodeSelfReadData,
  decodeSelfReadEntry,
  decodeSelfReadHeader,
  encodeSelfReadData,
  listStatus,
  selfReadDataSize,
  selfReadEntryOffset,
  type SelfReadLayout,
} from "../../../harness/protocol/tables/bt26-self-read-data";

// Two summations, one demand with date/time, cumulative and continuous cumulative, one
// coincident value, one occurrence, one tier, and the demand reset counter.
const LAYOUT: RegisterLayout = {
  functions1: registerFunctions1({
    dateTime: 1,
    demandResetCounter: 1,
    cumulativeDemand: 1,
    continuousCumulativeDemand: 1,
  }),
  summations: 2,
  demands: 1,
  coincidents: 1,
  occurrences: 1,
  tiers: 1,
};

// Counter 5; total block: summations 16 and -1, the demand's time 2024-03-01 19:00, cumulative 100,
// continuous 200, maximum 100, coincident 33; the tier block all zero (an empty time stamp).
const TOTAL = "10 00 00 00 ff ff ff ff 18 03 01 13 00 64 00 00 00 c8 00 00 00 64 00 00 00 21 00 00 00";
const TIER = Array.from({ length: 29 }, () => "00").join(" ");
const BT23_BYTES = `05 ${TOTAL} ${TIER}`;
const DATA: RegisterData = {
  demandResets: 5,
  total: {
    summations: [16, -1],
    demands: [
      {
        eventTimes: [{ year: 2024, month: 3, day: 1, hour: 19, minute: 0 }],
        cumulative: 100,
        continuousCumulative: 200,
        values: [100],
      },
    ],
    coincidents: [[33]],
  },
  tiers: [
    {
      summations: [0, 0],
      demands: [{ eventTimes: [null], cumulative: 0, continuousCumulative: 0, values: [0] }],
      coincidents: [[0]],
    },
  ],
};

test("BT23: the counter, then the total block and one tier block, each 4 x 2 + (5 + 4 + 4 + 4) + 4 = 29 bytes", () => {
  assert.equal(registerDataSize(LAYOUT), 59);
  assert.equal(dataBlockOffset(LAYOUT, 1), 30);
  assert.deepEqual(decodeCurrentRegisterData(parseHex(BT23_BYTES), LAYOUT, "le"), { ok: true, value: DATA });
  assert.deepEqual(encodeCurrentRegisterData(DATA, LAYOUT, "le"), parseHex(BT23_BYTES));
});

test("BT23: without the optional fields a block is only summations, demands and coincident values", () => {
  const bare: RegisterLayout = { ...LAYOUT, functions1: registerFunctions1({}), demands: 0, coincidents: 0 };
  assert.equal(registerDataSize(bare), 16);
  const d = decodeCurrentRegisterData(parseHex("01 00 00 00 02 00 00 00 01 00 00 00 02 00 00 00"), bare, "le");
  assert.deepEqual(d.ok && d.value.tiers[0]?.summations, [1, 2]);
  const bad = decodeCurrentRegisterData(parseHex(BT23_BYTES.replace("18 03 01 13 00", "18 0d 01 13 00")), LAYOUT, "le");
  assert.equal(!bad.ok && bad.error.path, "BT23.data.total.demands[0].eventTimes[0].month");
});

test("BT24/BT25: end time, season, then the register data", () => {
  const l = { ...LAYOUT, functions1: { ...LAYOUT.functions1, seasonInfo: 1 } };
  const bytes = parseHex(`18 03 01 13 05 02 ${BT23_BYTES}`);
  const v = { endTime: { year: 2024, month: 3, day: 1, hour: 19, minute: 5 }, season: 2, data: DATA };
  assert.equal(datedRegisterDataSize(l), 65);
  assert.deepEqual(decodeDatedRegisterData(bytes, l, "le", "BT25"), { ok: true, value: v });
  assert.deepEqual(encodeDatedRegisterData(v, l, "le", "BT24"), bytes);
});

const SR: SelfReadLayout = { ...LAYOUT, functions2: registerFunctions2({ selfReadSequenceNumber: 1 }), selfReads: 2 };

test("BT26: C12.19 list header (circular, 1 valid, last element 0, last sequence 7, 1 unread), entries with sequence numbers", () => {
  const entry = `07 00 18 03 01 13 05 ${BT23_BYTES}`;
  const empty = Array.from({ length: 2 + 5 + 59 }, () => "00").join(" ");
  const bytes = parseHex(`04 01 00 07 00 01 ${entry} ${empty}`);
  assert.equal(selfReadDataSize(SR), 6 + 2 * 66);
  assert.equal(selfReadEntryOffset(SR, 1), 72);
  const d = decodeSelfReadData(bytes, SR, "le");
  assert.ok(d.ok);
  assert.deepEqual(d.value.status, listStatus({ circular: 1 }));
  assert.deepEqual(
    [d.value.validEntries, d.value.lastElement, d.value.lastSequence, d.value.unreadEntries],
    [1, 0, 7, 1],
  );
  assert.deepEqual(d.value.entries[0], {
    sequence: 7,
    endTime: { year: 2024, month: 3, day: 1, hour: 19, minute: 5 },
    season: null,
    data: DATA,
  });
  assert.equal(d.value.entries[1]?.endTime, null);
  assert.deepEqual(encodeSelfReadData(d.value, SR, "le"), bytes);
  assert.deepEqual(decodeSelfReadEntry(parseHex(entry), SR, "le"), { ok: true, value: d.value.entries[0] });
  assert.deepEqual(decodeSelfReadHeader(parseHex("06 02 01 ff ff 02"), "le"), {
    ok: true,
    value: {
      status: listStatus({ circular: 1, overflow: 1 }),
      validEntries: 2,
      lastElement: 1,
      lastSequence: 0xffff,
      unreadEntries: 2,
    },
  });
});

test("the register decoders answer any bytes with a value or a typed error", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 160 }), (b) => {
      for (const d of [
        decodeCurrentRegisterData(b, LAYOUT, "le"),
        decodeDatedRegisterData(b, LAYOUT, "be", "BT24"),
        decodeSelfReadData(b, SR, "le"),
      ]) {
        assert.ok(d.ok || typeof d.error.code === "string");
      }
    }),
  );
});
