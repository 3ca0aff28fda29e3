import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { BT51 } from "../../harness/protocol/tables/bt51-actual-time-tou";
import { ET03 } from "../../harness/protocol/tables/et03-utility-information";
import { ET47 } from "../../harness/protocol/tables/et47-calendar-override";
import { ET48 } from "../../harness/protocol/tables/et48-over-power-tariff";
import { codeOf, fullWrite, meterOf, partialWrite, tableOf } from "./meter-requests";
import { manual, writePending } from "./calendar-requests";

const { ok, iar } = RESPONSE_CODE;

test("6.4: a write changing an F or M byte is refused with iar and changes nothing; its own value is taken", () => {
  const { meter } = meterOf();
  const et47 = tableOf(meter, ET47);
  assert.equal(codeOf(meter, partialWrite(ET47, 0, parseHex("02"))), iar, "ET47.0 is F");
  assert.equal(codeOf(meter, partialWrite(ET47, 8, parseHex("01"))), iar, "ET47.8 is M");
  assert.equal(codeOf(meter, partialWrite(ET47, 6, parseHex("00 00 01"))), iar, "a write reaching into ET47.8");
  assert.deepEqual(tableOf(meter, ET47), et47);
  assert.equal(
    codeOf(meter, fullWrite(ET47, et47)),
    ok,
    "rewriting F and M bytes with their own values changes nothing",
  );
  assert.equal(codeOf(meter, partialWrite(ET48, 7, parseHex("01"))), iar, "ET48.7 is M");
  assert.equal(codeOf(meter, partialWrite(ET03, 0, parseHex("41"))), ok, "ET03 is H");
});

test("6.4: BT01 (F) and BT51 (F) are not writeable at all", () => {
  const { meter } = meterOf();
  assert.equal(codeOf(meter, fullWrite(BT01, tableOf(meter, BT01))), iar);
  assert.equal(codeOf(meter, partialWrite(BT51, 0, parseHex("00"))), iar);
});

test("6.4 holds for pending writes too, at offsets after the PED", () => {
  const { meter } = meterOf();
  assert.equal(writePending(meter, ET47, manual, parseHex("07"), 0), iar, "ET47.0 through its pending table");
  assert.equal(writePending(meter, ET47, manual, parseHex("02 01"), 1), ok, "ET47.1-2 are H");
});
