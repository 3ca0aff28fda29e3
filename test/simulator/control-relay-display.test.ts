import { test } from "node:test";
import assert from "node:assert/strict";
import { ET05 } from "../../harness/protocol/tables/et05-control-output-settings";
import { decodeControlOutputData, ET46 } from "../../harness/protocol/tables/et46-control-output-data";
import { ET61 } from "../../harness/protocol/tables/et61-relay-calendar";
import {
  activeMessageOffset,
  ET07,
  ET07_FIELDS,
  messageOffset,
} from "../../harness/protocol/tables/et07-display-configuration";
import { decodeDisplaySourceMapping, ET67 } from "../../harness/protocol/tables/et67-display-source-mapping";
import { ET77 } from "../../harness/protocol/tables/et77-secondary-display-list";
import { ET62 } from "../../harness/protocol/tables/et62-lp-display-configuration";
import { EP05 } from "../../harness/protocol/procedures/ep05-control-relay";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { codeOf, fullWrite, meterOf, partialWrite, tableOf } from "./meter-requests";
import { decodedTable, le, runProcedure } from "./control-requests";

/** 8.9 display and 8.11 control relays, as a client sees them. */
type Meter = ReturnType<typeof meterOf>["meter"];
const relay = (m: Meter, n: number) => decodedTable(m, ET46, (b) => decodeControlOutputData(b, "le"))[n - 1];

test("8.11.1: a randomised switch waits a delay drawn within ET05's window, then switches", () => {
  const { meter, ticks } = meterOf();
  assert.equal(codeOf(meter, partialWrite(ET05, 2, Uint8Array.of(...le(20, 2)))), RESPONSE_CODE.ok);
  const r = runProcedure(meter, EP05, [1, 3]);
  const delay = (r.responseData[2] as number) | ((r.responseData[3] as number) << 8);
  assert.equal(r.resultCode, 0);
  assert.ok(delay <= 20, String(delay));
  if (delay > 0) {
    assert.deepEqual([relay(meter, 1)?.state, relay(meter, 1)?.pending, relay(meter, 1)?.delaySeconds], [0, 2, delay]);
    ticks.advance(delay * 1000 - 1);
    assert.equal(relay(meter, 1)?.state, 0, "not before the delay");
  }
  ticks.advance(1);
  assert.deepEqual([relay(meter, 1)?.state, relay(meter, 1)?.pending, relay(meter, 1)?.switchCount], [1, 0, 1]);
});

test("8.11.2: a relay in calendar mode switches at ET61's minute; one in remote-only mode does not", () => {
  const { meter, ticks } = meterOf(); // 2024-02-29 23:59:30, a Thursday
  codeOf(meter, partialWrite(ET05, 1, Uint8Array.of(1, 0, 0)));
  // relay 1 on at 00:00, and relay 2 (remote only) on at 00:00, every day
  assert.equal(
    codeOf(meter, partialWrite(ET61, 1, Uint8Array.of(1, 0, 0, 1, 0x7f, 2, 0, 0, 1, 0x7f))),
    RESPONSE_CODE.ok,
  );
  ticks.advance(31_000);
  const one = relay(meter, 1);
  assert.equal(one?.state, 1);
  assert.deepEqual(one?.lastSwitch, { year: 2024, month: 3, day: 1, hour: 0, minute: 0, second: 0 });
  assert.equal(relay(meter, 2)?.state, 0);
  assert.equal(codeOf(meter, partialWrite(ET61, 1, Uint8Array.of(1, 24, 0, 1, 0x7f))), RESPONSE_CODE.err, "hour 24");
  assert.equal(
    codeOf(meter, partialWrite(ET61, 1, Uint8Array.of(3, 0, 0, 1, 0x7f))),
    RESPONSE_CODE.err,
    "relay 3 of 2",
  );
  assert.equal(
    codeOf(meter, partialWrite(ET61, 0, Uint8Array.of(9))),
    RESPONSE_CODE.iar,
    "the entry count is the meter's",
  );
});

test("8.11.3: EP05 switches at once; an unknown command or relay, or a short parameter, is refused", () => {
  const { meter } = meterOf();
  assert.deepEqual([runProcedure(meter, EP05, [2, 1]).resultCode, relay(meter, 2)?.state], [0, 1]);
  assert.deepEqual([runProcedure(meter, EP05, [2, 0]).resultCode, relay(meter, 2)?.state], [0, 0]);
  assert.equal(runProcedure(meter, EP05, [1, 4]).resultCode, 2);
  assert.equal(runProcedure(meter, EP05, [0, 1]).resultCode, 2);
  assert.equal(runProcedure(meter, EP05, [3, 1]).resultCode, 2);
  assert.equal(runProcedure(meter, EP05, [1]).resultCode, 2);
  assert.equal(codeOf(meter, partialWrite(ET05, 2, Uint8Array.of(...le(3601, 2)))), RESPONSE_CODE.err);
});

test("8.9: ET67 sizes ET07 and ET77; the lists take ET67's ids only; out-of-range settings are refused", () => {
  const { meter } = meterOf();
  const m = decodedTable(meter, ET67, (b) => decodeDisplaySourceMapping(b, "le"));
  const ids = m.sources.map((s) => s.sourceId);
  // 18 settings + list (1 + 2L) + S messages of 19 + 1
  assert.equal(tableOf(meter, ET07).length, 18 + 1 + 2 * m.listLength + 19 * m.messageSlots + 1);
  assert.equal(tableOf(meter, ET77).length, 1 + 2 * m.listLength);
  assert.equal(
    codeOf(meter, partialWrite(ET77, 0, Uint8Array.of(2, ...le(ids[0] as number, 2), ...le(ids[1] as number, 2)))),
    RESPONSE_CODE.ok,
  );
  const unknown = Math.max(...ids) + 1;
  assert.equal(codeOf(meter, partialWrite(ET77, 0, Uint8Array.of(1, ...le(unknown, 2)))), RESPONSE_CODE.err);
  assert.equal(codeOf(meter, partialWrite(ET07, 18, Uint8Array.of(1, ...le(unknown, 2)))), RESPONSE_CODE.err);
  assert.equal(codeOf(meter, partialWrite(ET77, 0, Uint8Array.of(m.listLength + 1))), RESPONSE_CODE.err);
  for (const [field, bad] of [
    ["ctRatio", 0],
    ["vtRatio", 0],
    ["scrollSeconds", 61],
    ["wheelMode", 3],
    ["firmwareSeconds", 31],
    ["errorClasses", 16],
  ] as const) {
    const p = ET07_FIELDS[field];
    assert.equal(
      codeOf(meter, partialWrite(ET07, p.offset, Uint8Array.of(...le(bad, p.size)))),
      RESPONSE_CODE.err,
      field,
    );
  }
  assert.equal(
    codeOf(meter, partialWrite(ET07, ET07_FIELDS.plcFairLevel.offset, Uint8Array.of(100))),
    RESPONSE_CODE.err,
    "fair not below good",
  );
  assert.equal(codeOf(meter, partialWrite(ET07, ET07_FIELDS.ctRatio.offset, Uint8Array.of(200, 0))), RESPONSE_CODE.ok);
  assert.equal(codeOf(meter, fullWrite(ET62, Uint8Array.of(4, 1, 97, 0, 0))), RESPONSE_CODE.err, "97 intervals");
});

test("8.9.9: a message scheduled for the present minute is shown; an unshowable one is refused", () => {
  const { meter } = meterOf(); // 2024-02-29 23:59:30
  const m = decodedTable(meter, ET67, (b) => decodeDisplaySourceMapping(b, "le"));
  const text = [0x48, 0x49, ...new Array<number>(10).fill(0)];
  const message = [24, 2, 29, 23, 59, ...le(5, 2), ...text];
  assert.equal(codeOf(meter, partialWrite(ET07, messageOffset(m, 0), Uint8Array.from(message))), RESPONSE_CODE.ok);
  assert.equal(tableOf(meter, ET07)[activeMessageOffset(m)], 1);
  const bell = [...message];
  bell[8] = 0x07;
  assert.equal(codeOf(meter, partialWrite(ET07, messageOffset(m, 1), Uint8Array.from(bell))), RESPONSE_CODE.err);
  assert.equal(
    codeOf(meter, partialWrite(ET07, messageOffset(m, 1), Uint8Array.of(24, 13, 1, 0, 0))),
    RESPONSE_CODE.err,
    "month 13",
  );
  assert.equal(codeOf(meter, partialWrite(ET07, activeMessageOffset(m), Uint8Array.of(2))), RESPONSE_CODE.iar);
});
