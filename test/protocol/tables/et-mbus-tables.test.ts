import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMfgDimension, encodeMfgDimension } from "../../../harness/protocol/tables/et11-mfg-dimension";
import {
  decodeMbusChannelConfig,
  encodeMbusChannelConfig,
} from "../../../harness/protocol/tables/et13-mbus-device-configuration";
import { decodeMbusStatusTable } from "../../../harness/protocol/tables/et14-mbus-device-status";
import { decodeOnDemandRequests } from "../../../harness/protocol/tables/et15-on-demand-requests";
import { decodeMbusReading } from "../../../harness/protocol/tables/et16-mbus-device-data";
import {
  decodeMbusTelegram,
  packManufacturer,
  unpackManufacturer,
} from "../../../harness/protocol/tables/et16-mbus-telegram";
import { decodeMbusAdditionalConfig } from "../../../harness/protocol/tables/et34-mbus-additional-configuration";
import { decodeRecurringReadLog } from "../../../harness/protocol/tables/et45-recurring-read-log";

/**
 * M-Bus table codecs (8.18) against bytes written by hand from the layouts. Where the layout is
 * the one a client of real NES meters reads ([ESP] hendrikb/esphome-osgp-meter), the bytes are that
 * client's own test fixtures, so the known answers come from outside this project.
 */
const pad = (bytes: number[], size: number) =>
  Uint8Array.from([...bytes, ...new Array<number>(size - bytes.length).fill(0)]);

test("ET16: the [ESP] water fixture decodes: time, serial LSB-first BCD, medium, first record 123.456 m3 in litres", () => {
  const fixture = Uint8Array.of(
    26,
    8,
    23,
    0,
    0,
    1,
    0x04,
    34,
    0x78,
    0x56,
    0x34,
    0x12,
    0x00,
    0x00,
    0x01,
    0x16,
    0x01,
    0x00,
    0x00,
    0x00,
    0x04,
    0x13,
    0x40,
    0xe2,
    0x01,
    0x00,
    0x82,
    0x01,
    0x27,
    0x6d,
    0x01,
    0x44,
    0x13,
    0xc0,
    0xd4,
    0x01,
    0x00,
    0x02,
    0x3b,
    0xfa,
    0x00,
    0x00,
  );
  const d = decodeMbusReading(fixture);
  assert.ok(d.ok, d.ok ? "" : d.error.message);
  const r = d.value;
  assert.deepEqual(r.readAt, { year: 2026, month: 8, day: 23, hour: 0, minute: 0, second: 1 });
  assert.equal(r.responseInfo, 0x04);
  assert.equal(r.telegram?.serial, "12345678");
  assert.equal(r.telegram?.medium, 0x16);
  assert.equal(r.telegram?.accessNumber, 1);
  // 0x0001E240 = 123456 (litres: VIF 0x13 is 10^-3 m3); the next record has a DIFE, which ends the list.
  assert.deepEqual(r.telegram?.records, [{ dif: 0x04, vif: 0x13, value: 123456 }]);
  assert.equal(r.telegram?.rest[0], 0x82);
});

test("ET16: a telegram length past the entry, a non-BCD serial and non-zero padding are decode errors, not exceptions", () => {
  assert.equal(decodeMbusReading(Uint8Array.of(26, 8, 23, 0, 0, 1, 0, 20, 1, 2)).ok, false);
  assert.equal(decodeMbusTelegram(Uint8Array.of(0xfa, 0x56, 0x34, 0x12, 0, 0, 1, 7, 0, 0, 0, 0)).ok, false);
  assert.equal(decodeMbusReading(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 9)).ok, false);
  assert.equal(decodeMbusReading(new Uint8Array(3)).ok, false);
});

test("manufacturer flags pack as EN 13757-3 says: ELS = 5*1024 + 12*32 + 19 = 0x1593, KAM = 0x2C2D", () => {
  assert.equal(packManufacturer("ELS"), 0x1593);
  assert.equal(packManufacturer("KAM"), 11 * 1024 + 1 * 32 + 13);
  assert.equal(unpackManufacturer(0x4cae), "SEN");
  assert.throws(() => packManufacturer("E1S"));
});

test("ET13: the [ESP] schedule fixtures decode (daily, hourly with a 60-minute status interval, weekly Monday)", () => {
  const daily = decodeMbusChannelConfig(pad([0, 0, 0, 1, 0, 0], 16), "le");
  assert.ok(daily.ok);
  assert.deepEqual(daily.value.schedule, { day: 0, hour: 0, minute: 0, frequency: 1, statusIntervalMinutes: 0 });
  assert.equal(daily.value.installed, false);
  assert.equal(daily.value.identity, null);
  const hourly = decodeMbusChannelConfig(pad([0, 23, 5, 0, 60, 0], 16), "le");
  assert.ok(hourly.ok);
  assert.equal(hourly.value.schedule.statusIntervalMinutes, 60);
  assert.ok(decodeMbusChannelConfig(pad([33, 12, 30, 2, 0, 0], 16), "le").ok);
});

test("ET13: the [ESP] invalid weekly day (31), an hour of 24, a frequency of 5 and address 251 are refused", () => {
  assert.equal(decodeMbusChannelConfig(pad([31, 0, 0, 2, 0, 0], 16), "le").ok, false);
  assert.equal(decodeMbusChannelConfig(pad([0, 24, 0, 1, 0, 0], 16), "le").ok, false);
  assert.equal(decodeMbusChannelConfig(pad([0, 0, 0, 5, 0, 0], 16), "le").ok, false);
  assert.equal(decodeMbusChannelConfig(pad([0, 0, 0, 1, 0, 0, 251, 1], 16), "le").ok, false);
});

test("ET13: an installed entry with a secondary address is laid out as written by hand", () => {
  const bytes = Uint8Array.of(0, 6, 30, 1, 15, 0, 5, 1, 0x01, 0x00, 0x24, 0x20, 0x93, 0x15, 1, 3);
  const d = decodeMbusChannelConfig(bytes, "le");
  assert.ok(d.ok);
  assert.equal(d.value.address, 5);
  assert.equal(d.value.installed, true);
  assert.deepEqual(d.value.identity, { serial: "20240001", manufacturer: 0x1593, version: 1, medium: 3 });
  assert.deepEqual(encodeMbusChannelConfig(d.value, "le", 16), bytes);
});

test("ET34: the [ESP] poll-rate fixture reads 60 minutes; a one-byte entry is truncated", () => {
  const d = decodeMbusAdditionalConfig(Uint8Array.of(0x3c, 0x00, 1, 0), "le");
  assert.ok(d.ok);
  assert.deepEqual(d.value, { pollRateMinutes: 60, outageRetries: 1 });
  assert.equal(decodeMbusAdditionalConfig(Uint8Array.of(0x3c), "le").ok, false);
});

test("ET11: sizes at the [ESP] offsets (0, 1, 2, 5-6, 13) and ours between", () => {
  const bytes = Uint8Array.of(4, 16, 14, 6, 16, 32, 0, 40, 0, 16, 4, 16, 8, 4, 8, 7);
  const d = decodeMfgDimension(bytes, "le");
  assert.ok(d.ok);
  assert.equal(d.value.mbusChannels, 4);
  assert.equal(d.value.et16EntrySize, 32);
  assert.equal(d.value.et45EntrySize, 40);
  assert.equal(d.value.et34EntrySize, 4);
  assert.equal(d.value.et15Entries, 7);
  assert.deepEqual(encodeMfgDimension(d.value, "le"), bytes);
  assert.equal(decodeMfgDimension(bytes.subarray(0, 14), "le").ok, false);
  // MSB first, as a device whose BT00 says so lays ET11 out: only the UINT16 sizes change bytes.
  const msb = Uint8Array.of(4, 16, 14, 6, 16, 0, 32, 0, 40, 16, 4, 16, 8, 4, 8, 7);
  assert.deepEqual(decodeMfgDimension(msb, "be"), d);
  assert.deepEqual(encodeMfgDimension(d.value, "be"), msb);
});

test("ET14: occupancy at header byte 5 and each entry's handle, status and reading length where [ESP] reads them", () => {
  const entry1 = [0x05, 0x01, 1, 0, 26, 0, 24, 2, 29, 23, 59, 30, 0, 5];
  const empty = new Array<number>(14).fill(0);
  const d = decodeMbusStatusTable(Uint8Array.of(1, 0, 0, 0, 0, 0b0001, ...entry1, ...empty), "le", {
    channels: 2,
    headerSize: 6,
    entrySize: 14,
  });
  assert.ok(d.ok);
  assert.equal(d.value.occupancy, 1);
  assert.equal(d.value.channels[0]?.handle, 0x0105);
  assert.equal(d.value.channels[0]?.readingLength, 26);
  assert.deepEqual(d.value.channels[0]?.lastRead, { year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 30 });
  assert.equal(d.value.channels[1]?.status, 0);
  assert.equal(
    decodeMbusStatusTable(new Uint8Array(34), "le", { channels: 2, headerSize: 5, entrySize: 14 }).ok,
    false,
  );
});

test("ET15: entries decode in order; an entry size below 16 is an error", () => {
  const e = [7, 0, 2, 1, 25, 6, 15, 12, 0, 0, 25, 6, 15, 12, 0, 1];
  const d = decodeOnDemandRequests(Uint8Array.of(...e, ...new Array<number>(16).fill(0)), 2, 16);
  assert.ok(d.ok);
  assert.equal(d.value[0]?.requestId, 7);
  assert.deepEqual(d.value[0]?.finishedAt, { year: 2025, month: 6, day: 15, hour: 12, minute: 0, second: 1 });
  assert.equal(d.value[1]?.postedAt, null);
  assert.equal(decodeOnDemandRequests(new Uint8Array(30), 2, 15).ok, false);
});

test("ET45: header and M-Bus entry as [ESP] reads them (valid @1, newest @2, length @0 counting from @2, handle @4, type 4 @7)", () => {
  const reading = [25, 6, 15, 12, 0, 0, 0, 12, 0x01, 0x00, 0x24, 0x20, 0x93, 0x15, 1, 3, 1, 0, 0, 0];
  const entry = [6 + reading.length, 0, 1, 0, 0x05, 0x01, 0x01 | 0x10, 4, ...reading];
  const size = 40;
  const bytes = Uint8Array.of(
    0,
    1,
    0,
    1,
    0,
    0,
    ...entry,
    ...new Array<number>(size - entry.length).fill(0),
    ...new Array<number>(size).fill(0),
  );
  const d = decodeRecurringReadLog(bytes, "le", 2, size);
  assert.ok(d.ok, d.ok ? "" : d.error.message);
  const e = d.value.entries[0];
  assert.equal(d.value.entries.length, 1);
  assert.equal(e?.handle, 0x0105);
  assert.equal(e?.channel, 1);
  assert.equal(e?.lateAfterOutage, true);
  assert.equal(e?.mbus?.telegram?.serial, "20240001");
  assert.deepEqual(e?.mbus?.readAt, { year: 2025, month: 6, day: 15, hour: 12, minute: 0, second: 0 });
  assert.equal(
    decodeRecurringReadLog(Uint8Array.of(0, 3, 0, 1, 0, 0, ...new Array<number>(80).fill(0)), "le", 2, size).ok,
    false,
  );
});
