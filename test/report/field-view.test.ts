import { test } from "node:test";
import assert from "node:assert/strict";
import { ByteReader, recordingFields } from "../../harness/bytes/cursor";
import { hexLines, viewTable } from "../../harness/report/field-view";
import { tableFormatOf } from "../../harness/protocol/table-format";
import { decodeGeneralConfiguration } from "../../harness/protocol/tables/bt00-general-configuration";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import { unwrap } from "../../harness/bytes/decoded";
import { C1218_TABLE_CODEC, encodeTableRequest } from "../../harness/protocol/table-requests";
import { decodeReadResponse } from "../../harness/protocol/table-responses";

const meter = new ReferenceMeter({ profile: profileNamed("reference") });
const bt00 = unwrap(
  decodeReadResponse(
    meter.serve(
      encodeTableRequest({ service: "full-read", tableId: 0 }, C1218_TABLE_CODEC),
      "none",
      C1218_TABLE_CODEC,
      8000,
    ),
    C1218_TABLE_CODEC,
  ),
);
const ctx = tableFormatOf(unwrap(decodeGeneralConfiguration("data" in bt00 ? bt00.data : assert.fail("BT00 refused"))));

test("a reader records each named field with its offset, length and value, signed ones as signed", () => {
  const { fields } = recordingFields(() => {
    const r = new ByteReader(Uint8Array.of(1, 0xfe, 0xff, 0x41, 0x42), "T");
    return [r.u8("a"), r.int(2, "le", "b"), r.bytes(2, "c")];
  });
  assert.deepEqual(
    fields.map((f) => [f.path, f.offset, f.length, f.value]),
    [
      ["T.a", 0, 1, 1],
      ["T.b", 1, 2, -2],
      ["T.c", 3, 2, Uint8Array.of(0x41, 0x42)],
    ],
  );
  // Only readers made while recording report: a decode elsewhere, interleaved, stays out of the list.
  const outside = new ByteReader(Uint8Array.of(7), "T");
  const later = recordingFields(() => outside.u8("x"));
  assert.deepEqual([later.result, later.fields.length], [7, 0]);
});

test("a field decoded by a codec of its own (ET85's BT08 image) is placed within the table", () => {
  const image = Uint8Array.from({ length: 22 }, (_, i) => (i === 0 ? 0x0a : 0));
  const v = viewTable(2048 + 85, image, ctx);
  assert.equal(v.layout, "provisional");
  const bt08 = v.fields.find((f) => f.field === "BT08.procedure");
  assert.deepEqual([bt08?.offset, bt08?.length, bt08?.hex], [0, 2, "0a 00"]);
  assert.deepEqual(v.fields.at(-1)?.offset, 16);
});

test("a table without a codec, or read in part, is hex only, 16 bytes a line from its offset", () => {
  const data = Uint8Array.from({ length: 20 }, (_, i) => i);
  assert.deepEqual([viewTable(23, data, ctx).layout, viewTable(23, data, ctx).fields.length], ["no codec", 0]);
  assert.equal(viewTable(1, data, ctx, 4, false).layout, "partial");
  assert.deepEqual(hexLines(data, 0x10), [
    "0010  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f",
    "0020  10 11 12 13",
  ]);
});
