import { test } from "node:test";
import assert from "node:assert/strict";
import { EVENT_CODES, eventCodeName, MAX_STANDARD_EVENT_CODE } from "../../harness/protocol/event-codes";
import { categoryOf, EVENT_CATEGORY } from "../../harness/protocol/event-categories";

test("the C12.19 standard event codes other groups post", () => {
  const expected: Array<[keyof typeof EVENT_CODES, number]> = [
    ["primaryPowerDown", 1],
    ["primaryPowerUp", 2],
    ["timeChangedOld", 3],
    ["timeChangedNew", 4],
    ["accessedForRead", 7],
    ["accessedForWrite", 8],
    ["procedureInvoked", 9],
    ["tableWritten", 10],
    ["demandReset", 20],
    ["selfRead", 21],
    ["pendingTableActivated", 28],
    ["pendingTableCleared", 29],
    ["testModeStarted", 32],
    ["testModeStopped", 33],
    ["reverseRotation", 48],
  ];
  for (const [name, code] of expected) assert.equal(EVENT_CODES[name], code, name);
  assert.equal(eventCodeName(20), "demandReset");
  assert.equal(eventCodeName(200), undefined);
  assert.equal(MAX_STANDARD_EVENT_CODE, Math.max(...Object.values(EVENT_CODES)));
  assert.equal(new Set(Object.values(EVENT_CODES)).size, Object.values(EVENT_CODES).length, "no code has two names");
});

test("every standard event but 0 is in exactly one category; manufacturer events in their own", () => {
  for (const code of Object.values(EVENT_CODES)) {
    if (code === 0) assert.equal(categoryOf(code, false), null);
    else assert.notEqual(categoryOf(code, false), null, `event ${code}`);
  }
  assert.equal(categoryOf(3, false), EVENT_CATEGORY.clock);
  assert.equal(categoryOf(1, false), EVENT_CATEGORY.power);
  assert.equal(categoryOf(3, true), EVENT_CATEGORY.manufacturer);
});
