import { test } from "node:test";
import assert from "node:assert/strict";
import { cachedLengthSource, readWholeTable } from "../../harness/conformance/whole-table-read";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { tableFormatOf } from "../../harness/protocol/table-format";
import { parseTableName } from "../../harness/protocol/table-id";
import { configDeclaring, FakeTableDevice, type PastTheEnd } from "../support/fake-table-device";

const { rno, onp, isc } = RESPONSE_CODE;
const TOO_LONG = [rno];
const CHUNK = 100;

/** Bytes that are never zero, so that no part of them reads as padding. */
const filled = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => 1 + ((i * 7 + seed) % 250));

const BT21 = parseTableName("BT21");
const BT23 = parseTableName("BT23");
const ET52 = parseTableName("ET52");

/**
 * BT21: no optional functions, 2 summations, 20 tiers: BT23 is 21 blocks of 2 x 4 bytes = 168
 * bytes (C12.19's REGISTER_DATA_RCD), too long for one response of 100 data bytes.
 */
const BT21_BYTES = Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 20, 0, 0);
const BT23_SIZE = 21 * 8;

function device(images: [number, Uint8Array][], past: PastTheEnd, refusals: [number, number][] = []) {
  const d = new FakeTableDevice(new Map(images), CHUNK, past, new Map(refusals));
  const format = tableFormatOf(configDeclaring(["BT21", "BT23", "ET52"]));
  const read = (id: number, tooLong = TOO_LONG) =>
    readWholeTable(d, id, format, cachedLengthSource(d, new Map()), tooLong);
  return { d, read };
}

test("a table one response carries is one full read", async () => {
  const { d, read } = device([[BT21, BT21_BYTES]], "pad with zeros");
  assert.deepEqual(await read(BT21), { data: BT21_BYTES, parts: 1, whole: true, note: null });
  assert.equal(d.requests.length, 1);
});

test("a table too long for one response is read in parts no longer than one response, to the length BT21 gives", async () => {
  const bt23 = filled(BT23_SIZE);
  const { d, read } = device(
    [
      [BT21, BT21_BYTES],
      [BT23, bt23],
    ],
    "pad with zeros",
  );
  const r = await read(BT23);
  assert.ok("data" in r);
  assert.deepEqual(r.data, bt23);
  assert.equal(r.whole, true);
  assert.equal(r.parts, 2);
  assert.match(
    r.note ?? "",
    /read in 2 parts of up to 100 bytes \(a full read was answered rno \(0x09\)\); its length, 168 bytes, from BT21/,
  );
  const parts = d.requests.filter((q) => q.table === BT23 && q.service === "partial");
  assert.deepEqual(
    parts.map((q) => [q.offset, q.count]),
    [
      [0, 100],
      [100, 68],
    ],
  );
});

test("a refusal of the full read for any other reason is the table's answer, and nothing more is read", async () => {
  const { d, read } = device([[BT23, filled(BT23_SIZE)]], "pad with zeros", [[BT23, isc]]);
  assert.deepEqual(await read(BT23), { code: isc });
  assert.equal(d.requests.length, 1);
});

test("only the codes the PIXIT gives for a response too long (expect.oversizeResponse) lead to parts", async () => {
  const { read } = device(
    [
      [BT21, BT21_BYTES],
      [BT23, filled(BT23_SIZE)],
    ],
    "pad with zeros",
  );
  // The fake answers rno; told that only onp means "too long", the reader takes rno as the table's answer.
  assert.deepEqual(await read(BT23, [onp]), { code: rno });
  const r = await read(BT23, [rno, onp]);
  assert.ok("data" in r && r.whole && r.data.length === BT23_SIZE);
});

test("without a layout, a device that answers a short part marks the end: the whole table", async () => {
  const et52 = filled(250);
  const { read } = device([[ET52, et52]], "answer short");
  const r = await read(ET52);
  assert.ok("data" in r);
  assert.deepEqual(r.data, et52);
  assert.equal(r.whole, true);
  assert.equal(r.parts, 3);
  assert.match(
    r.note ?? "",
    /no layout that gives its length: the device answered a short part: the table ends at 250/,
  );
});

test("without a layout, a device that refuses a part past the end: the last part narrowed down to the end", async () => {
  const et52 = filled(250);
  const { d, read } = device([[ET52, et52]], "refuse");
  const r = await read(ET52);
  assert.ok("data" in r);
  assert.deepEqual(r.data, et52);
  assert.equal(r.whole, true);
  assert.match(r.note ?? "", /refused the part from offset 200 \(onp \(0x04\)\): the table ends at 250/);
  assert.equal(r.parts, d.requests.filter((q) => q.service === "partial").length);
  assert.ok(r.parts <= 3 + 7, `at most one halving per bit of 100: ${r.parts} requests`);
});

test("without a layout, on a device that pads with zeros the read stops at a part of zeros only and says the end is not known", async () => {
  const et52 = new Uint8Array(250);
  et52.set(filled(130));
  const { read } = device([[ET52, et52]], "pad with zeros");
  const r = await read(ET52);
  assert.ok("data" in r);
  // Parts 0-99 and 100-199 hold data; 200-299 (zeros of the table, then padding) is the first all-zero part.
  assert.equal(r.data.length, 300);
  assert.deepEqual(r.data.subarray(0, 250), et52);
  assert.equal(r.whole, false);
  assert.match(r.note ?? "", /first part that held zeros only \(from offset 200\).*not known/);
});

test("dimension tables already in hand are not read again", async () => {
  const bt23 = filled(BT23_SIZE);
  const d = new FakeTableDevice(
    new Map([
      [BT21, BT21_BYTES],
      [BT23, bt23],
    ]),
    CHUNK,
    "pad with zeros",
  );
  const format = tableFormatOf(configDeclaring(["BT21", "BT23"]));
  const r = await readWholeTable(d, BT23, format, cachedLengthSource(d, new Map([[BT21, BT21_BYTES]])), TOO_LONG);
  assert.ok("data" in r && r.whole);
  assert.deepEqual(
    d.requests.filter((q) => q.table === BT21),
    [],
  );
});
