import { test } from "node:test";
import assert from "node:assert/strict";
import { expectReservedBitsKeptClear, type ReservedBitsWrite } from "../../harness/conformance/ics-checks";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";

/** 8.19's reserved bits (0xFE) written set over a setting of 0x01: the ways a meter may answer. */
const ERR = 0x01;
const BSY = 0x06;
const REFUSALS = [ERR];
const write = (code: number, after: number, before = 0x01): ReservedBitsWrite => ({
  reserved: 0xfe,
  nakMask: 0x01,
  before,
  code,
  after,
});
const judge = (w: ReservedBitsWrite) => () => expectReservedBitsKeptClear(w, REFUSALS, []);

test("a refusal leaving the byte as it was, or an accepted write keeping the reserved bits clear, passes", () => {
  assert.doesNotThrow(judge(write(ERR, 0x01)));
  assert.doesNotThrow(judge(write(0, 0x01)));
  assert.doesNotThrow(judge(write(0, 0x00, 0x00)));
});

test("a reserved bit reading back set after an accepted write fails, naming the bits kept", () => {
  assert.throws(
    judge(write(0, 0x81)),
    (e: unknown) => e instanceof ConformanceAssertionError && /reserved bits 0x80 kept set/.test(e.message),
  );
});

test("an accepted write that changed the ICA NAK bit fails", () => {
  assert.throws(
    judge(write(0, 0x00)),
    (e: unknown) => e instanceof ConformanceAssertionError && /ICA NAK/.test(e.message),
  );
});

test("a refused write that changed the byte fails; so does a refusal code the PIXIT does not allow", () => {
  assert.throws(judge(write(ERR, 0x00)), /was refused, but the setting now reads 0x00/);
  assert.throws(judge(write(0x02, 0x01)), ConformanceAssertionError);
});

test("a busy refusal is inconclusive", () => {
  assert.throws(judge(write(BSY, 0x01)), Inconclusive);
});
