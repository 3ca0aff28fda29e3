import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../../harness/bytes/parse-hex";
import {
  decodeLoadProfileDimensions,
  emptyLoadProfileFlags,
  emptyLoadProfileFormats,
  encodeLoadProfileDimensions,
  loadProfileDimensionsSize,
} from "../../../harness/protocol/tables/bt60-bt61-load-profile-dimensions";
import {
  decodeLoadProfileControl,
  encodeLoadProfileControl,
  loadProfileControlSize,
} from "../../../harness/protocol/tables/bt62-load-profile-control";
import {
  decodeLoadProfileStatus,
  emptyLoadProfileSetFlags,
  encodeLoadProfileStatus,
} from "../../../harness/protocol/tables/bt63-load-profile-status";
import {
  decodeLoadProfileBlock,
  encodeLoadProfileBlock,
  loadProfileBlockSize,
  type LoadProfileDataShape,
} from "../../../harness/protocol/tables/bt64-bt67-load-profile-data";
import { NO_COMMON_FLAGS } from "../../../harness/protocol/tables/bt64-interval-status";

/** Known answers written out by hand from the C12.19 layouts (LSB first). */
test("BT61: LP_MEMORY_LEN, LP_FLAGS (block-end read bit 4, extended status bit 10), LP_FMATS, then one record per declared set", () => {
  const bytes = parseHex("dc 0c 00 00  10 04  06  08 00 18 00 04 0f  04 00 18 00 02 3c");
  const v = {
    memoryLength: 3292,
    flags: { ...emptyLoadProfileFlags(), blockEndRead: 1, extendedIntervalStatus: 1 },
    formats: { ...emptyLoadProfileFormats(), uint16: 1, uint32: 1 },
    sets: [
      { blocks: 8, intervalsPerBlock: 24, channels: 4, intervalMinutes: 15 },
      { blocks: 4, intervalsPerBlock: 24, channels: 2, intervalMinutes: 60 },
      null,
      null,
    ],
  };
  assert.equal(loadProfileDimensionsSize(0b0011), bytes.length);
  assert.deepEqual(decodeLoadProfileDimensions(bytes, "le", 0b0011), { ok: true, value: v });
  assert.deepEqual(encodeLoadProfileDimensions(v, "le"), bytes);
});

test("BT61 with only data set 3 declared holds one record, read as set 3; a short table is an error", () => {
  const d = decodeLoadProfileDimensions(parseHex("00 00 00 00 00 00 00 01 00 02 00 03 05"), "le", 0b0100);
  assert.ok(d.ok);
  assert.deepEqual(d.value.sets, [
    null,
    null,
    { blocks: 1, intervalsPerBlock: 2, channels: 3, intervalMinutes: 5 },
    null,
  ]);
  const short = decodeLoadProfileDimensions(parseHex("00 00 00 00 00 00 00 01 00"), "le", 0b0100);
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRUNCATED");
});

test("BT62: per channel flags, source, end-reading source, then INT_FMT_CDE; scalars and divisors only when the set uses them", () => {
  const shape = { setsUsed: 1, scalarDivisorSets: 0, channels1: 2, channels2: 0, channels3: 0, channels4: 0 };
  const bytes = parseHex("01 00 00  01 01 01  02");
  const v = [
    {
      channels: [
        { endReading: true, source: 0, endReadingSource: 0 },
        { endReading: true, source: 1, endReadingSource: 1 },
      ],
      intervalFormat: 2,
      scalars: [],
      divisors: [],
    },
    null,
    null,
    null,
  ];
  assert.equal(loadProfileControlSize(shape), 7);
  assert.deepEqual(decodeLoadProfileControl(bytes, "le", shape), { ok: true, value: v });
  assert.deepEqual(encodeLoadProfileControl(v, "le"), bytes);
  const scaled = decodeLoadProfileControl(parseHex("00 05 05 04 0a 00 e8 03"), "le", {
    ...shape,
    channels1: 1,
    scalarDivisorSets: 1,
  });
  assert.deepEqual(scaled.ok && scaled.value[0], {
    channels: [{ endReading: false, source: 5, endReadingSource: 5 }],
    intervalFormat: 4,
    scalars: [10],
    divisors: [1000],
  });
});

test("BT63: 13 bytes per set (flags circular + active = 0x24)", () => {
  const bytes = parseHex("24 02 00 01 00 07 00 00 00 03 00 05 00");
  const v = [
    {
      flags: { ...emptyLoadProfileSetFlags(), circular: 1, active: 1 },
      validBlocks: 2,
      lastBlockElement: 1,
      lastBlockSequence: 7,
      unreadBlocks: 3,
      validIntervals: 5,
    },
    null,
    null,
    null,
  ];
  assert.deepEqual(decodeLoadProfileStatus(bytes, "le", 1), { ok: true, value: v });
  assert.deepEqual(encodeLoadProfileStatus(v, "le"), bytes);
});

const SHAPE: LoadProfileDataShape = {
  blocks: 1,
  intervalsPerBlock: 2,
  channels: 2,
  intervalFormat: 2,
  niFormat1: 8,
  niFormat2: 8,
  blockEndRead: 1,
  blockEndPulse: 0,
  extendedStatus: 1,
  simpleStatus: 0,
};

test("BT64 block: STIME_DATE end, INT32 end readings, then per interval the status nibbles and UINT16 values", () => {
  // Status byte 0: common flags in the high nibble (clock set forward = bit 6 -> 0x40), channel 1 low (partial = 2).
  // Byte 1: channel 2 in the high nibble (partial -> 0x20), the low nibble is filler for two channels.
  const bytes = parseHex("19 01 0f 14 00  e8 03 00 00  05 00 00 00  42 20 0c 00 00 00  00 00 2c 01 01 00");
  const v = {
    endTime: { year: 2025, month: 1, day: 15, hour: 20, minute: 0 },
    endReadings: [
      { reading: 1000, pulses: null },
      { reading: 5, pulses: null },
    ],
    simpleStatus: null,
    intervals: [
      { status: { common: { ...NO_COMMON_FLAGS, clockSetForward: true }, channels: [2, 2] }, values: [12, 0] },
      { status: { common: NO_COMMON_FLAGS, channels: [0, 0] }, values: [300, 1] },
    ],
  };
  assert.equal(loadProfileBlockSize(SHAPE), bytes.length);
  assert.deepEqual(decodeLoadProfileBlock(bytes, "le", SHAPE), { ok: true, value: v });
  assert.deepEqual(encodeLoadProfileBlock(v, "le", SHAPE), bytes);
});

test("three channels: channel 3 takes the low nibble of status byte 1; a never-written block has a null end time", () => {
  const shape = { ...SHAPE, channels: 3, intervalsPerBlock: 1, blockEndRead: 0 };
  const d = decodeLoadProfileBlock(parseHex("00 00 00 00 00  81 17  01 00 02 00 03 00"), "le", shape);
  assert.ok(d.ok);
  assert.equal(d.value.endTime, null);
  assert.deepEqual(d.value.intervals[0]?.status, {
    common: { ...NO_COMMON_FLAGS, clockSetBackward: true },
    channels: [1, 1, 7],
  });
});

test("an interval format or NI format the codec does not know is a typed error, not a throw", () => {
  const d = decodeLoadProfileBlock(new Uint8Array(40), "le", { ...SHAPE, intervalFormat: 3 });
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_FIELD_RANGE");
  const n = decodeLoadProfileBlock(new Uint8Array(40), "le", { ...SHAPE, niFormat1: 5 });
  assert.equal(!n.ok && n.error.code, "OSGP_ERR_FIELD_RANGE");
});

test("NI_FMAT1 INT24 end readings and signed INT16 values are read with their widths", () => {
  const shape = { ...SHAPE, niFormat1: 7, intervalFormat: 16, channels: 1, intervalsPerBlock: 1 };
  const d = decodeLoadProfileBlock(parseHex("19 01 0f 14 00  ff ff ff  00  fe ff"), "le", shape);
  assert.ok(d.ok);
  assert.equal(d.value.endReadings[0]?.reading, -1);
  assert.deepEqual(d.value.intervals[0]?.values, [-2]);
});
