import { test } from "node:test";
import assert from "node:assert/strict";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { decodeTransaction, encodeTransaction, ET52, ET53 } from "../../harness/protocol/transactions";
import { ET04, ET04_FIELDS, SECURITY_MODE } from "../../harness/protocol/tables/et04-system-information";
import { ET54, ET54_FIELDS } from "../../harness/protocol/tables/et54-meter-status";
import { BT03, decodeEndDeviceModeStatus } from "../../harness/protocol/tables/bt03-end-device-mode-status";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { EXTENDED_BASE } from "../../harness/protocol/table-id";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import { codeOf, fullRead, fullWrite, meterOf, partialWrite, tableOf } from "./meter-requests";

const ET03 = EXTENDED_BASE + 3;
const ET42 = EXTENDED_BASE + 42;
/** Requests inside a transaction use the secured format: no data checksum. */
const NO_CHECKSUM = { checksum: false };
const read = (tableId: number, offset: number, count: number) =>
  encodeTableRequest({ service: "partial-read", tableId, offset, count }, NO_CHECKSUM);
const write = (tableId: number, offset: number, data: number[]) =>
  encodeTableRequest({ service: "partial-write", tableId, offset, data: Uint8Array.from(data) }, NO_CHECKSUM);

function responses(meter: ReferenceMeter) {
  const d = decodeTransaction(tableOf(meter, ET53), "le");
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

test("9.10: a complete ET52 image runs its requests in order and ET53 answers them with the same number", () => {
  const { meter } = meterOf();
  const image = encodeTransaction(
    { type: 0, number: 7, entries: [read(ET03, 0, 4), write(ET03, 0, [0x41, 0x42]), read(ET03, 0, 4)] },
    "le",
  );
  assert.equal(codeOf(meter, fullWrite(ET52, image), "master"), RESPONSE_CODE.ok);
  const t = responses(meter);
  assert.equal(t.type, 1);
  assert.equal(t.number, 7);
  const before = tableOf(meter, ET03);
  assert.deepEqual(
    t.entries.map((e) => Array.from(e)),
    [
      [0x00, 0x00, 0x04, ...Array.from(profileNamed("reference").utilitySerial.slice(0, 4), (c) => c.charCodeAt(0))],
      [0x00],
      [0x00, 0x00, 0x04, 0x41, 0x42, before[2] as number, before[3] as number],
    ],
  );
});

test("9.10: an image written in two parts runs once it is complete, not before", () => {
  const { meter } = meterOf();
  const image = encodeTransaction({ type: 0, number: 3, entries: [write(ET03, 0, [0x5a])] }, "le");
  assert.equal(codeOf(meter, partialWrite(ET52, 0, image.subarray(0, 6)), "master"), RESPONSE_CODE.ok);
  assert.notEqual(tableOf(meter, ET03)[0], 0x5a, "half an image must not run");
  assert.equal(codeOf(meter, partialWrite(ET52, 6, image.subarray(6)), "master"), RESPONSE_CODE.ok);
  assert.equal(tableOf(meter, ET03)[0], 0x5a);
});

test("9.10: the same transaction written again is not executed again; a new one is", () => {
  const { meter } = meterOf();
  const first = encodeTransaction({ type: 0, number: 1, entries: [write(ET03, 0, [0x31])] }, "le");
  codeOf(meter, fullWrite(ET52, first), "master");
  codeOf(meter, fullWrite(ET03, Uint8Array.of(0x39)), "master");
  codeOf(meter, fullWrite(ET52, first), "master");
  assert.equal(tableOf(meter, ET03)[0], 0x39, "the duplicate must not write 0x31 again");
  const second = encodeTransaction({ type: 0, number: 2, entries: [write(ET03, 0, [0x32])] }, "le");
  codeOf(meter, fullWrite(ET52, second), "master");
  assert.equal(tableOf(meter, ET03)[0], 0x32);
});

test("9.10 with 7.0: each request runs with the level of the client that wrote ET52", () => {
  const { meter } = meterOf();
  const image = encodeTransaction({ type: 0, number: 5, entries: [read(ET03, 0, 1), write(ET03, 0, [0x21])] }, "le");
  assert.equal(codeOf(meter, fullWrite(ET52, image), "reader"), RESPONSE_CODE.ok, "a reader may submit a transaction");
  assert.deepEqual(
    responses(meter).entries.map((e) => e[0]),
    [RESPONSE_CODE.ok, RESPONSE_CODE.isc],
  );
  assert.equal(codeOf(meter, fullWrite(ET52, image), "none"), RESPONSE_CODE.isc, "but no key may not");
});

test("6.8: a change of ET42 raises the Interface Change Alarm: IDT version up, BT03 flag set, listeners told", () => {
  const { meter } = meterOf();
  const idt = () => tableOf(meter, ET04)[ET04_FIELDS.idtVersion.offset] as number;
  const ica = () => {
    const d = decodeEndDeviceModeStatus(tableOf(meter, BT03), "le", 4);
    if (!d.ok) assert.fail(d.error.message);
    return d.value.manufacturerStatus[0] as number;
  };
  let told = 0;
  meter.interface.onInterfaceChange(() => told++);
  const v0 = idt();
  codeOf(meter, fullWrite(ET42, tableOf(meter, ET42)), "master");
  assert.deepEqual([idt(), ica(), told], [v0, 0, 0], "writing the same definition changes nothing");
  codeOf(meter, partialWrite(ET42, 0, Uint8Array.of(0x01)), "master");
  assert.deepEqual([idt(), ica() & 1, told], [v0 + 1, 1, 1]);
});

test("7.4: ET04 holds the security mode and the maximum key usage; ET54 says both suites are supported", () => {
  const rc4 = meterOf().meter;
  const aes = new ReferenceMeter({ profile: profileNamed("reference"), securityMode: "aes128" });
  const et04 = tableOf(rc4, ET04);
  assert.equal(et04[ET04_FIELDS.securityMode.offset], SECURITY_MODE.rc4);
  assert.equal(tableOf(aes, ET04)[ET04_FIELDS.securityMode.offset], 2);
  const max = ET04_FIELDS.maxKeyUsage.offset;
  assert.equal(
    (et04[max] as number) |
      ((et04[max + 1] as number) << 8) |
      ((et04[max + 2] as number) << 16) |
      ((et04[max + 3] as number) << 24),
    1_000_000,
  );
  assert.equal(tableOf(rc4, ET54)[ET54_FIELDS.supportedSecurityModes.offset], 0x05);
  assert.equal(
    codeOf(rc4, fullWrite(ET04, et04), "master"),
    RESPONSE_CODE.iar,
    "the security mode is not set through a table write",
  );
});

test("the minimal profile has none of the MEP tables", () => {
  const m = new ReferenceMeter({ profile: profileNamed("minimal") });
  // ET54 stays: it holds the interface compatibility setting of 8.19, which is mandatory.
  for (const id of [ET04, ET42, ET52, ET53])
    assert.equal(codeOf(m, fullRead(id), "master"), RESPONSE_CODE.onp, String(id));
});

test("a request inside a transaction cannot write ET52 itself", () => {
  const { meter } = meterOf();
  const inner = encodeTransaction({ type: 0, number: 1, entries: [] }, "le");
  const image = encodeTransaction(
    {
      type: 0,
      number: 9,
      entries: [encodeTableRequest({ service: "full-write", tableId: ET52, data: inner }, NO_CHECKSUM)],
    },
    "le",
  );
  codeOf(meter, fullWrite(ET52, image), "master");
  assert.deepEqual(
    responses(meter).entries.map((e) => e[0]),
    [RESPONSE_CODE.iar],
  );
});
