import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHex } from "../../harness/bytes/parse-hex";
import {
  decodePendingEvent,
  encodePendingEvent,
  relativeDelayMs,
  relativeDelayOf,
  type PendingEvent,
} from "../../harness/protocol/pending-event";

/** Known answers from 6.3's layout: byte 0 = code (bits 0..3) | self-read (bit 4) | demand reset (bit 5). */
test("code 0: an STIME_DATE in UTC after the control byte", () => {
  const v: PendingEvent = {
    trigger: { kind: "absolute", at: { year: 2025, month: 6, day: 11, hour: 12, minute: 0 } },
    selfRead: false,
    demandReset: false,
  };
  assert.deepEqual(encodePendingEvent(v), parseHex("00 19 06 0b 0c 00"));
  assert.deepEqual(decodePendingEvent(parseHex("00 19 06 0b 0c 00")), { ok: true, value: v });
});

test("code 1 with a self-read: weeks, days, hours, minutes, seconds", () => {
  const v: PendingEvent = {
    trigger: { kind: "relative", delay: { weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 3 } },
    selfRead: true,
    demandReset: false,
  };
  assert.deepEqual(encodePendingEvent(v), parseHex("11 00 00 00 00 03"));
  assert.deepEqual(decodePendingEvent(parseHex("11 00 00 00 00 03")), { ok: true, value: v });
});

test("code 2 with a demand reset keeps its five bytes as they are", () => {
  const v: PendingEvent = {
    trigger: { kind: "manual", tag: parseHex("01 02 03 04 05") },
    selfRead: false,
    demandReset: true,
  };
  assert.deepEqual(encodePendingEvent(v), parseHex("22 01 02 03 04 05"));
  assert.deepEqual(decodePendingEvent(parseHex("22 01 02 03 04 05")), { ok: true, value: v });
});

test("the all-zero PED is the empty PED (code 0, no time)", () => {
  assert.deepEqual(decodePendingEvent(new Uint8Array(6)), {
    ok: true,
    value: { trigger: { kind: "absolute", at: null }, selfRead: false, demandReset: false },
  });
});

test("impossible PEDs are typed errors naming the field", () => {
  const month13 = decodePendingEvent(parseHex("00 19 0d 01 0c 00"));
  assert.equal(!month13.ok && month13.error.path, "PED.ped.at.month");
  const code3 = decodePendingEvent(parseHex("03 00 00 00 00 00"));
  assert.equal(!code3.ok && code3.error.path, "PED.ped.code");
  const minute60 = decodePendingEvent(parseHex("01 00 00 00 3c 00"));
  assert.equal(!minute60.ok && minute60.error.path, "PED.ped.minutes");
  assert.equal(!minute60.ok && minute60.error.offset, 4);
  const short = decodePendingEvent(parseHex("01 00 00"));
  assert.equal(!short.ok && short.error.code, "OSGP_ERR_TRUNCATED");
});

test("a relative delay: 1 week 1 day 1 h 1 min 1 s is 694861 s", () => {
  assert.deepEqual(relativeDelayOf(694_861), { weeks: 1, days: 1, hours: 1, minutes: 1, seconds: 1 });
  assert.equal(relativeDelayMs({ weeks: 1, days: 1, hours: 1, minutes: 1, seconds: 1 }), 694_861_000);
});

test("every PED the encoder makes decodes to itself", () => {
  // 2000-01-01 00:00 is all zero: the empty PED, which decodes to no time at all.
  const time = fc.record({
    year: fc.integer({ min: 2001, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
  });
  const trigger = fc.oneof(
    time.map((at) => ({ kind: "absolute" as const, at: { ...at } })),
    fc.integer({ min: 0, max: 604_799 }).map((s) => ({ kind: "relative" as const, delay: relativeDelayOf(s) })),
    fc.uint8Array({ minLength: 5, maxLength: 5 }).map((tag) => ({ kind: "manual" as const, tag })),
  );
  fc.assert(
    fc.property(trigger, fc.boolean(), fc.boolean(), (t, selfRead, demandReset) => {
      const v: PendingEvent = { trigger: t, selfRead, demandReset };
      assert.deepEqual(decodePendingEvent(encodePendingEvent(v)), { ok: true, value: v });
    }),
  );
});
