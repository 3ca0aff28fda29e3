import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../../harness/bytes/parse-hex";
import {
  decodeUpdateLastReadEntry,
  encodeResetListPointers,
  encodeUpdateLastReadEntry,
  loadProfileList,
} from "../../../harness/protocol/procedures/bp04-bp05-list-pointers";
import {
  decodeLoadProfileConfiguration,
  encodeLoadProfileConfiguration,
} from "../../../harness/protocol/tables/et21-load-profile-configuration";
import {
  decodeMbusDataTypes,
  difValue,
  encodeMbusDataTypes,
  vifIsCounter,
} from "../../../harness/protocol/tables/et57-mbus-data-types";
import {
  decodeLoadProfileSources,
  encodeLoadProfileSources,
} from "../../../harness/protocol/tables/et66-load-profile-sources";
import {
  decodeChannelChangeLog,
  encodeChannelChangeLog,
} from "../../../harness/protocol/tables/et75-channel-change-log";
import {
  decodeCriticalEventMasks,
  decodeRecordsAlarms,
  encodeCriticalEventMasks,
  encodeRecordsAlarms,
  recordsAlarmFlags,
} from "../../../harness/protocol/tables/et72-et73-critical-events";

/** The PROVISIONAL layouts (see each codec), written out by hand. */
test("ET21: interval minutes, UINT16 alarm threshold, one source per channel", () => {
  const v = { intervalMinutes: 15, unreadAlarmThreshold: 0x0106, sources: [0, 1, 29] };
  assert.deepEqual(encodeLoadProfileConfiguration(v, "le"), parseHex("0f 06 01 00 01 1d"));
  assert.deepEqual(decodeLoadProfileConfiguration(parseHex("0f 06 01 00 01 1d"), "le", 3), { ok: true, value: v });
  const d = decodeLoadProfileConfiguration(parseHex("0f 06 01 00 01 1d"), "le", 2);
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_TRAILING_BYTES");
});

test("ET57: poll rate, then device, DIF, VIF per channel; DIF data fields and counter VIFs per EN 13757-3", () => {
  const v = { pollRateMinutes: 60, channels: [{ device: 1, dif: 0x04, vif: 0x13 }] };
  assert.deepEqual(encodeMbusDataTypes(v), parseHex("3c 01 04 13"));
  assert.deepEqual(decodeMbusDataTypes(parseHex("3c 01 04 13"), 1), { ok: true, value: v });
  assert.deepEqual(
    [difValue(0x04), difValue(0x02), difValue(0x07), difValue(0x0c), difValue(0x05), difValue(0x0d)],
    [
      { kind: "integer", width: 4 },
      { kind: "integer", width: 2 },
      { kind: "integer", width: 8 },
      { kind: "bcd", width: 4 },
      { kind: "real", width: 4 },
      null,
    ],
  );
  assert.deepEqual(
    [vifIsCounter(0x03), vifIsCounter(0x13), vifIsCounter(0x1f), vifIsCounter(0x2b), vifIsCounter(0x93)],
    [true, true, true, false, false],
  );
});

test("ET66: count, then id, quantity with tier + 1 in the high nibble, DLMS unit, INT8 scaler", () => {
  const v = [
    { id: 0, quantity: 0, tier: null, unit: 30, scaler: 0 },
    { id: 40, quantity: 0, tier: 1, unit: 30, scaler: -3 },
  ];
  assert.deepEqual(encodeLoadProfileSources(v), parseHex("02 00 00 1e 00 28 20 1e fd"));
  assert.deepEqual(decodeLoadProfileSources(parseHex("02 00 00 1e 00 28 20 1e fd")), { ok: true, value: v });
});

test("ET75: header, then entries of time, sequence, old/new interval, old/new sources; the entry count follows from the length", () => {
  const bytes = parseHex("01 00 01 00  19 01 0f 14 00 00 01 00 0f 1e 00 01 00 01");
  const v = {
    validEntries: 1,
    lastEntryElement: 0,
    lastEntrySequence: 1,
    entries: [
      {
        time: { year: 2025, month: 1, day: 15, hour: 20, minute: 0, second: 0 },
        sequence: 1,
        oldIntervalMinutes: 15,
        newIntervalMinutes: 30,
        oldSources: [0, 1],
        newSources: [0, 1],
      },
    ],
  };
  assert.deepEqual(decodeChannelChangeLog(bytes, "le", 2), { ok: true, value: v });
  assert.deepEqual(encodeChannelChangeLog(v, "le"), bytes);
});

test("ET72: UINT16 category mask, then the std and mfg event bitmaps; ET73: flags, counts, last critical event", () => {
  const masks = { categories: 0x0002, stdEvents: [false, false, false, false, true], mfgEvents: [] };
  assert.deepEqual(encodeCriticalEventMasks(masks, "le", 2, 1), parseHex("02 00 10 00 00"));
  const d = decodeCriticalEventMasks(parseHex("02 00 10 00 00"), "le", 2, 1);
  assert.ok(
    d.ok &&
      d.value.categories === 2 &&
      d.value.stdEvents[4] === true &&
      d.value.stdEvents.filter((x) => x).length === 1,
  );
  const alarms = {
    flags: recordsAlarmFlags({ criticalEvent: 1 }),
    unreadCritical: 1,
    lastCriticalCode: 4,
    lastCriticalManufacturer: false,
    lastCriticalTime: { year: 2025, month: 1, day: 15, hour: 12, minute: 0, second: 0 },
    lastCriticalSequence: 9,
  };
  const bytes = parseHex("02 01 00 04 00 19 01 0f 0c 00 00 09 00");
  assert.deepEqual(encodeRecordsAlarms(alarms, "le"), bytes);
  assert.deepEqual(decodeRecordsAlarms(bytes, "le"), { ok: true, value: alarms });
});

test("BP04 and BP05 parameters: LIST, then ENTRIES_READ (UINT16); LP data set n is list n + 2", () => {
  assert.deepEqual(encodeResetListPointers(3), Uint8Array.of(3));
  assert.deepEqual(
    encodeUpdateLastReadEntry({ list: loadProfileList(2), entriesRead: 258 }, "le"),
    parseHex("04 02 01"),
  );
  assert.deepEqual(decodeUpdateLastReadEntry(parseHex("08 05 00"), "le"), {
    ok: true,
    value: { list: 8, entriesRead: 5 },
  });
  const short = decodeUpdateLastReadEntry(parseHex("08 05"), "le");
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRUNCATED");
});
