import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeGroupMembership, encodeGroupMembership } from "../../../harness/protocol/tables/et18-group-membership";
import {
  decodeOneTimeReadTable,
  decodeOneTimeRequest,
  encodeOneTimeRequest,
} from "../../../harness/protocol/tables/et31-one-time-read-log";
import { decodeInboundData, encodeInboundData } from "../../../harness/protocol/tables/et50-mep-inbound-data-space";
import {
  decodeMepDeviceConfiguration,
  encodeMepDeviceConfiguration,
  MEP_CONFIGURATION_DEFAULTS,
} from "../../../harness/protocol/tables/et51-mep-device-configuration";
import { decodeMepPostingLog } from "../../../harness/protocol/tables/et74-mep-extended-log";
import { decodeMep2ProcedureResponse } from "../../../harness/protocol/tables/et85-mep2-procedure-response";

/** MEP (8.17), one-time read (8.13) and group (8.14) codecs against bytes written by hand from their layouts. */

test("ET51: the OPG defaults lay out as 02 | 3c 00 | 1e | 58 02 | 2c 01 | 01, then our interval", () => {
  const bytes = encodeMepDeviceConfiguration(MEP_CONFIGURATION_DEFAULTS, "le");
  assert.deepEqual([...bytes], [0x02, 0x3c, 0x00, 0x1e, 0x58, 0x02, 0x2c, 0x01, 0x01, 0x00, 0x00]);
  const short = decodeMepDeviceConfiguration(bytes.subarray(0, 9), "le");
  assert.ok(short.ok, "a 9-byte (OPG-only) ET51 decodes, with no scheduled read");
  assert.equal(short.value.scheduledReadMinutes, 0);
  assert.equal(decodeMepDeviceConfiguration(bytes.subarray(0, 8), "le").ok, false);
});

test("ET50: length then data; a length beyond the data space is an error", () => {
  assert.deepEqual([...encodeInboundData(Uint8Array.of(0xaa, 0xbb), 4)], [2, 0xaa, 0xbb, 0, 0]);
  const d = decodeInboundData(Uint8Array.of(2, 0xaa, 0xbb, 9, 9));
  assert.ok(d.ok);
  assert.deepEqual([...d.value], [0xaa, 0xbb]);
  assert.equal(decodeInboundData(Uint8Array.of(5, 1, 2)).ok, false);
  assert.throws(() => encodeInboundData(new Uint8Array(5), 4));
});

test("ET74: a ring of two with the newest in slot 0 reads oldest first, with data cut to its length", () => {
  const entry = (seq: number, kind: number, flags: number, data: number[]) => [
    seq,
    0,
    kind,
    flags,
    0,
    25,
    6,
    15,
    12,
    0,
    0,
    0x10,
    0,
    data.length,
    ...data,
    ...new Array<number>(4 - data.length).fill(0),
  ];
  const bytes = Uint8Array.of(2, 0, 3, 0, 1, 0, 0, 0, ...entry(3, 5, 2, [0xaa]), ...entry(2, 6, 1, []));
  const d = decodeMepPostingLog(bytes, "le", 2, 4);
  assert.ok(d.ok, d.ok ? "" : d.error.message);
  assert.deepEqual(
    d.value.entries.map((e) => e.sequence),
    [2, 3],
  );
  assert.equal(d.value.urgentCount, 1);
  assert.deepEqual([...(d.value.entries[1]?.data ?? [])], [0xaa]);
  assert.equal(d.value.entries[0]?.alarms, 0x10);
  const tooLong = bytes.slice();
  tooLong[8 + 13] = 5;
  assert.equal(decodeMepPostingLog(tooLong, "le", 2, 4).ok, false);
});

test("ET85: ET59's BT08 layout (EP39 = 0x0827 LSB first), then the posting time", () => {
  const bytes = Uint8Array.of(0x27, 0x08, 6, 0, 1, 0, ...new Array<number>(10).fill(0), 25, 6, 15, 12, 0, 0);
  const d = decodeMep2ProcedureResponse(bytes, "le");
  assert.ok(d.ok);
  assert.equal(d.value.response.procedureId, 2048 + 39);
  assert.equal(d.value.response.sequence, 6);
  assert.deepEqual(d.value.postedAt, { year: 2025, month: 6, day: 15, hour: 12, minute: 0, second: 0 });
  // A device whose BT00 says MSB first puts the procedure number so; the posting time is discrete bytes.
  const msb = decodeMep2ProcedureResponse(Uint8Array.of(0x08, 0x27, ...bytes.subarray(2)), "be");
  assert.ok(msb.ok);
  assert.equal(msb.value.response.procedureId, 2048 + 39);
  assert.deepEqual(msb.value.postedAt, d.value.postedAt);
});

test("ET31: the request part lays out id | group LSB first | STIME_DATE | what", () => {
  const req = {
    requestId: 9,
    groupId: 0x4f01,
    readAt: { year: 2025, month: 6, day: 15, hour: 12, minute: 0 },
    what: 0x03,
  };
  assert.deepEqual([...encodeOneTimeRequest(req, "le")], [9, 0x01, 0x4f, 25, 6, 15, 12, 0, 3]);
  const d = decodeOneTimeRequest(Uint8Array.of(9, 0x01, 0x4f, 25, 6, 15, 12, 0, 3), "le");
  assert.ok(d.ok);
  assert.deepEqual(d.value, req);
  assert.equal(decodeOneTimeRequest(Uint8Array.of(9, 0, 0, 25, 13, 15, 12, 0, 1), "le").ok, false);
});

test("ET31: a log of one entry with one M-Bus channel", () => {
  const entry = [9, 0, 0, 0x03, 1, 25, 6, 15, 12, 0, 0, 0x10, 0x27, 0, 0, 0, 0, 0, 0, 0x40, 0xe2, 0x01, 0x00];
  const bytes = Uint8Array.of(9, 0, 0, 25, 6, 15, 12, 0, 3, 2, 1, 0, ...entry, ...new Array<number>(23).fill(0));
  const d = decodeOneTimeReadTable(bytes, "le", 2, 1);
  assert.ok(d.ok, d.ok ? "" : d.error.message);
  assert.equal(d.value.state, 2);
  assert.equal(d.value.log.length, 1);
  assert.equal(d.value.log[0]?.importWh, 10000);
  assert.deepEqual(d.value.log[0]?.mbus, [123456]);
  assert.equal(decodeOneTimeReadTable(bytes.subarray(0, 20), "le", 2, 1).ok, false);
});

test("ET18: UINT16 group ids LSB first; an odd length is an error", () => {
  assert.deepEqual([...encodeGroupMembership([0x4f01, 0], "le")], [0x01, 0x4f, 0, 0]);
  const d = decodeGroupMembership(Uint8Array.of(0x01, 0x4f, 0xff, 0xff), "le");
  assert.ok(d.ok);
  assert.deepEqual(d.value, [0x4f01, 0xffff]);
  assert.equal(decodeGroupMembership(Uint8Array.of(1, 2, 3), "le").ok, false);
});
