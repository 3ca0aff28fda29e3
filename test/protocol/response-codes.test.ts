import { test } from "node:test";
import assert from "node:assert/strict";
import {
  describeResponseCode,
  isKnownResponseCode,
  parseResponseCode,
  RESPONSE_CODE,
  RESPONSE_CODES,
  responseMeaning,
} from "../../harness/protocol/response-codes";

// 9.9: C12.18 codes 0x00..0x0A, then OSGP's 0x0B auth and 0x0C seq.
const EXPECTED = ["ok", "err", "sns", "isc", "onp", "iar", "bsy", "dnr", "dlk", "rno", "isss", "auth", "seq"];

test("response codes 0x00..0x0C have the mnemonics of 9.9", () => {
  assert.deepEqual(
    RESPONSE_CODES.map((c) => [c.code, c.mnemonic]),
    EXPECTED.map((m, i) => [i, m]),
  );
  EXPECTED.forEach((m, i) => {
    assert.equal(RESPONSE_CODE[m as keyof typeof RESPONSE_CODE], i);
    assert.equal(isKnownResponseCode(i), true);
  });
  assert.equal(isKnownResponseCode(0x0d), false);
});

test("describe, meaning and parse", () => {
  assert.equal(describeResponseCode(0x03), "isc (0x03)");
  assert.equal(describeResponseCode(0x5a), "unknown (0x5a)");
  assert.equal(responseMeaning(0x5a), "not a response code of 9.9");
  assert.match(responseMeaning(0x06), /busy/);
  assert.equal(parseResponseCode("ISC"), 3);
  assert.equal(parseResponseCode(" seq "), 0x0c);
  assert.equal(parseResponseCode("0x0c"), 12);
  assert.equal(parseResponseCode("255"), 255);
  assert.equal(parseResponseCode("256"), null);
  assert.equal(parseResponseCode("foo"), null);
});
