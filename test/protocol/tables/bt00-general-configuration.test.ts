import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { arbGeneralConfiguration } from "../../../harness/fuzz/arbitraries/tables";
import {
  decodeGeneralConfiguration,
  encodeGeneralConfiguration,
  generalConfigurationSize,
  isProcedureUsed,
  isTableUsed,
  isTableWriteable,
  usedTableIds,
  type GeneralConfiguration,
} from "../../../harness/protocol/tables/bt00-general-configuration";

/**
 * An NES-like BT00 built by hand from Annex A: LSB first, ASCII, discrete time, offset/count
 * access, BCD ids, INT32 NI formats, "NES ", then the C12.19 bitmaps (1, 1, 2, 3, 1, 1 bytes):
 *   basic tables used 0x83 = BT00, BT01, BT07;  extended tables used 0x08 = ET03
 *   basic procedures used 08 04 = BP03, BP10;   extended procedures used 00 00 03 = EP16, EP17
 *   basic tables writeable 0x80 = BT07;         extended tables writeable 0x08 = ET03
 */
const NES_LIKE = parseHex("02 2a 88 4e 45 53 20 02 00 ff 0c 01 00 01 01 02 03 04 02 83 08 08 04 00 00 03 80 08");

function nesLike(): GeneralConfiguration {
  const d = decodeGeneralConfiguration(NES_LIKE);
  if (!d.ok) assert.fail(d.error.message);
  return d.value;
}

test("the fixed part of BT00, field by field", () => {
  const c = nesLike();
  assert.equal(c.dataOrder, "le", "FORMAT_CONTROL_1 bit 0 clear: LSB first");
  assert.equal(c.charFormat, 1);
  assert.equal(c.timeFormat, 2);
  assert.equal(c.dataAccessMethod, 1);
  assert.equal(c.idFormat, "bcd");
  assert.equal(c.intFormat, 0);
  assert.equal(c.niFormat1, 8);
  assert.equal(c.niFormat2, 8);
  assert.equal(c.deviceClass, "NES ");
  assert.equal(c.nameplateType, 2);
  assert.equal(c.defaultSetUsed, 0);
  assert.equal(c.maxProcParamLength, 255);
  assert.equal(c.maxRespDataLength, 12);
  assert.equal(c.stdVersion, 1);
  assert.equal(c.stdRevision, 0);
  assert.deepEqual([c.dimStdTablesUsed, c.dimMfgTablesUsed, c.dimStdProcUsed, c.dimMfgProcUsed], [1, 1, 2, 3]);
  assert.equal(c.dimMfgStatusUsed, 4);
  assert.equal(c.nbrPending, 2);
  assert.equal(generalConfigurationSize(c), NES_LIKE.length);
  assert.deepEqual(encodeGeneralConfiguration(c), NES_LIKE);
});

test("bitmap helpers answer from the bitmaps, pending ids for the table they replace", () => {
  const c = nesLike();
  for (const [id, used] of [
    [0, true],
    [1, true],
    [2, false],
    [7, true],
    [8, false],
    [100, false],
    [2051, true],
    [2052, false],
    [2048 + 200, false],
    [4096 + 2051, true],
    [4096 + 1, true],
  ] as const) {
    assert.equal(isTableUsed(c, id), used, `used ${id}`);
  }
  for (const [id, writeable] of [
    [7, true],
    [0, false],
    [1, false],
    [2051, true],
    [4096 + 7, true],
    [2048, false],
  ] as const) {
    assert.equal(isTableWriteable(c, id), writeable, `writeable ${id}`);
  }
  for (const [id, used] of [
    [3, true],
    [10, true],
    [11, false],
    [0, false],
    [2064, true],
    [2065, true],
    [2066, false],
    [2048, false],
    [5000, false],
  ] as const) {
    assert.equal(isProcedureUsed(c, id), used, `procedure ${id}`);
  }
  assert.deepEqual(usedTableIds(c), [0, 1, 7, 2051]);
});

test("data order MSB first and char id format come from their bits", () => {
  const bytes = NES_LIKE.slice();
  bytes[0] = 0x03; // bit 0 set
  bytes[1] = 0x0a; // bit 5 clear
  const d = decodeGeneralConfiguration(bytes);
  assert.equal(d.ok && d.value.dataOrder, "be");
  assert.equal(d.ok && d.value.idFormat, "char");
});

test("a BT00 cut inside a bitmap is OSGP_ERR_TRUNCATED naming that bitmap", () => {
  const d = decodeGeneralConfiguration(NES_LIKE.subarray(0, 22));
  assert.equal(!d.ok && d.error.code, "OSGP_ERR_TRUNCATED");
  assert.equal(!d.ok && d.error.path, "BT00.stdProcUsed");
  assert.equal(!d.ok && d.error.offset, 21);
  const long = decodeGeneralConfiguration(Uint8Array.of(...NES_LIKE, 0));
  assert.equal(!long.ok && long.error.code, "OSGP_ERR_TRAILING_BYTES");
});

test("encode refuses more flags than the declared bitmap holds", () => {
  const c = { ...nesLike(), stdTablesUsed: new Array<boolean>(9).fill(true) };
  assert.throws(() => encodeGeneralConfiguration(c), /OSGP_ERR_ENCODE_RANGE/);
});

test("BT00 round-trips", () => {
  fc.assert(
    fc.property(arbGeneralConfiguration, (c) => {
      const bytes = encodeGeneralConfiguration(c);
      assert.equal(bytes.length, generalConfigurationSize(c));
      assert.deepEqual(decodeGeneralConfiguration(bytes), { ok: true, value: c });
    }),
    { numRuns: 300 },
  );
});
