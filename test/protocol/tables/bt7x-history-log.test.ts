import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../../harness/bytes/parse-hex";
import {
  decodeLogDimensions,
  encodeLogDimensions,
  logFlags,
} from "../../../harness/protocol/tables/bt70-bt71-log-dimensions";
import {
  decodeEventsIdentification,
  decodeHistoryLogControl,
  encodeHistoryLogControl,
  historyLogControlSize,
  stdEventBit,
} from "../../../harness/protocol/tables/bt72-bt73-history-events";
import {
  decodeHistoryEntry,
  decodeHistoryLog,
  encodeHistoryLog,
  historyEntryOffset,
  historyEntrySize,
  historyLogFlags,
} from "../../../harness/protocol/tables/bt74-history-log-data";

/** Known answers written out by hand from the C12.19 layouts (LSB first). */
test("BT71: LOG_FLAGS (date-time bit 1, sequence number bit 2 = 0x06), bitmap sizes, argument lengths, entry counts", () => {
  const bytes = parseHex("06 07 01 06 00 40 00 00 00");
  const v = {
    flags: logFlags({ historyDateTime: 1, historySequenceNumber: 1 }),
    stdEventBytes: 7,
    mfgEventBytes: 1,
    historyArgumentLength: 6,
    eventArgumentLength: 0,
    historyEntries: 64,
    eventEntries: 0,
  };
  assert.deepEqual(decodeLogDimensions(bytes, "le"), { ok: true, value: v });
  assert.deepEqual(encodeLogDimensions(v, "le"), bytes);
});

test("BT72: bit n of byte n div 8 is event n", () => {
  const d = decodeEventsIdentification(parseHex("18 00 80"), 2, 1);
  assert.ok(d.ok);
  assert.deepEqual(
    d.value.stdEvents.flatMap((on, i) => (on ? [i] : [])),
    [3, 4],
  );
  assert.deepEqual(
    d.value.mfgEvents.flatMap((on, i) => (on ? [i] : [])),
    [7],
  );
  assert.deepEqual(stdEventBit(47), { offset: 5, mask: 0x80 });
});

test("BT73: event, table and procedure bitmaps one after the other, sized by BT71 and BT00", () => {
  const shape = {
    stdEventBytes: 1,
    mfgEventBytes: 1,
    dimStdTablesUsed: 2,
    dimMfgTablesUsed: 1,
    dimStdProcUsed: 1,
    dimMfgProcUsed: 1,
  };
  const bytes = parseHex("10 00 00 04 01 00 02");
  assert.equal(historyLogControlSize(shape), 7);
  const d = decodeHistoryLogControl(bytes, shape);
  assert.ok(d.ok);
  const on = (flags: readonly boolean[]) => flags.flatMap((x, i) => (x ? [i] : []));
  assert.deepEqual(
    [on(d.value.stdEvents), on(d.value.stdTables), on(d.value.mfgTables), on(d.value.mfgProcedures)],
    [[4], [10], [0], [1]],
  );
  assert.deepEqual(encodeHistoryLogControl(d.value, shape), bytes);
});

const SHAPE = { historyDateTime: 1, eventNumber: 0, historySequenceNumber: 1, argumentLength: 6 };

test("BT74 entry: LTIME_DATE, HISTORY_SEQ_NBR, USER_ID, HISTORY_CODE (bit 11 manufacturer), argument", () => {
  assert.equal(historyEntrySize(SHAPE), 18);
  assert.equal(historyEntryOffset(SHAPE, 2), 11 + 36);
  const d = decodeHistoryEntry(parseHex("19 01 0f 0c 00 00  02 01  05 00  04 00  00 00 00 00 00 00"), "le", SHAPE);
  assert.deepEqual(d, {
    ok: true,
    value: {
      time: { year: 2025, month: 1, day: 15, hour: 12, minute: 0, second: 0 },
      eventNumber: null,
      sequence: 0x0102,
      userId: 5,
      code: 4,
      manufacturer: false,
      argument: new Uint8Array(6),
    },
  });
  const m = decodeHistoryEntry(parseHex("00 00 00 00 00 00  00 00  00 00  09 08  01 02 03 04 05 06"), "le", SHAPE);
  assert.ok(m.ok && m.value.manufacturer && m.value.code === 9 && m.value.time === null);
});

test("BT74: 11-byte header, then the entries; encode gives back the bytes", () => {
  const header = {
    flags: historyLogFlags({ circular: 1 }),
    validEntries: 1,
    lastEntryElement: 0,
    lastEntrySequence: 258,
    unreadEntries: 1,
  };
  const entry = {
    time: { year: 2025, month: 1, day: 15, hour: 12, minute: 0, second: 0 },
    eventNumber: null,
    sequence: 258,
    userId: 0,
    code: 3,
    manufacturer: false,
    argument: new Uint8Array(6),
  };
  const bytes = parseHex("04 01 00 00 00 02 01 00 00 01 00  19 01 0f 0c 00 00 02 01 00 00 03 00 00 00 00 00 00 00");
  assert.deepEqual(encodeHistoryLog(header, [entry], "le", SHAPE), bytes);
  assert.deepEqual(decodeHistoryLog(bytes, "le", SHAPE, 1), { ok: true, value: { header, entries: [entry] } });
  const short = decodeHistoryLog(bytes.subarray(0, 20), "le", SHAPE, 1);
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRUNCATED");
});
