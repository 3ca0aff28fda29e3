import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { decodeMepFrame, encodeMepAlert, encodeMepFrame, MAX_PAYLOAD } from "../../../harness/link/mep/mep-frame";
import { MepReassembler, type MepStreamEvent } from "../../../harness/link/mep/mep-reassembler";
import { chunk } from "./chunk";

const T = 50; // inter-byte time-out used throughout
// The MEP guide's worked example: the partial read of BT23 in MEP framing, 22 bytes.
const REQUEST = parseHex("00 14  3f 00 17 00 00 00 00 2c  77 63 5b 91  13 db 85 a1 35 a0 57 5e");
const RESPONSE = parseHex("00 09  00  86 e5 0e 26 67 d1 e6 3c");

const reassembler = (maxPayload?: number) =>
  new MepReassembler({ interByteTimeoutMs: T, ...(maxPayload === undefined ? {} : { maxPayload }) });
const summary = (events: MepStreamEvent[]) => events.map((e) => [e.kind, Array.from(e.bytes)]);

test("two frames and an alert in one chunk", () => {
  const events = reassembler().push(concatBytes(REQUEST, parseHex("00 00"), RESPONSE), 0);
  assert.deepEqual(summary(events), [
    ["frame", Array.from(REQUEST)],
    ["alert", [0, 0]],
    ["frame", Array.from(RESPONSE)],
  ]);
  assert.ok(events[0]?.kind === "frame");
  assert.deepEqual(events[0].payload, REQUEST.subarray(2));
});

test("a frame one byte at a time; the length counts as received once both its bytes are in", () => {
  const r = reassembler();
  const events: MepStreamEvent[] = [];
  const seen: [boolean, boolean][] = [];
  REQUEST.forEach((b, i) => {
    events.push(...r.push(Uint8Array.of(b), i * T));
    seen.push([r.inFrame, r.lengthReceived]);
  });
  assert.deepEqual(summary(events), [["frame", Array.from(REQUEST)]]);
  assert.deepEqual(seen[0], [true, false]);
  assert.deepEqual(seen[1], [true, true]);
  assert.deepEqual(seen[20], [true, true]);
  assert.deepEqual(seen[21], [false, false]);
  // An alert's zero length never counts as a frame in progress.
  r.push(Uint8Array.of(0), 0);
  r.push(Uint8Array.of(0), 1);
  assert.deepEqual([r.inFrame, r.lengthReceived], [false, false]);
});

test("a length above the maximum is a bad frame, and the scan resumes one byte later", () => {
  // 01 ff = 511 and ff 00 = 65280 are both too long; 00 00 is then an alert.
  const events = reassembler().push(parseHex("01 ff 00 00"), 0);
  assert.deepEqual(summary(events), [
    ["bad-frame", [0x01, 0xff]],
    ["bad-frame", [0xff, 0x00]],
    ["alert", [0, 0]],
  ]);
  for (const e of events.slice(0, 2)) {
    assert.ok(e.kind === "bad-frame");
    assert.deepEqual([e.error.code, e.error.offset, e.error.path], ["OSGP_ERR_FRAME_LENGTH", 0, "mep.length"]);
  }
  // A stray byte before a frame costs one bad frame, not the frame.
  const stray = reassembler().push(concatBytes(parseHex("ff"), REQUEST), 0);
  assert.deepEqual(summary(stray), [
    ["bad-frame", [0xff, 0x00]],
    ["frame", Array.from(REQUEST)],
  ]);
  // 477 is one too many; a configured maximum applies the same way.
  assert.deepEqual(
    reassembler()
      .push(parseHex("01 dd"), 0)
      .map((e) => e.kind),
    ["bad-frame"],
  );
  assert.deepEqual(reassembler().push(parseHex("01 dc"), 0), []);
  assert.deepEqual(reassembler(19).push(REQUEST, 0)[0]?.kind, "bad-frame");
});

test("the inter-byte time-out: a silence of exactly 50 ms is allowed, 51 ms is not", () => {
  const ok = reassembler();
  ok.push(REQUEST.subarray(0, 5), 1000);
  assert.equal(ok.deadline, 1000 + T);
  assert.deepEqual(ok.expire(1000 + T), []);
  assert.deepEqual(
    ok.push(REQUEST.subarray(5), 1000 + T).map((e) => e.kind),
    ["frame"],
  );
  assert.equal(ok.deadline, undefined);

  const late = reassembler();
  late.push(REQUEST.subarray(0, 5), 1000);
  const expired = late.expire(1000 + T + 1);
  assert.equal(expired.length, 1);
  assert.ok(expired[0]?.kind === "bad-frame");
  assert.deepEqual(
    [expired[0].error.code, expired[0].error.offset, expired[0].error.path],
    ["OSGP_ERR_FRAME_INTERCHAR_TIMEOUT", 5, "mep.payload"],
  );
  assert.deepEqual(expired[0].bytes, REQUEST.subarray(0, 5));
  assert.equal(late.inFrame, false);

  // Half a length field times out too, as a length error.
  const half = reassembler();
  half.push(REQUEST.subarray(0, 1), 0);
  const cut = half.expire(T + 1)[0];
  assert.ok(cut?.kind === "bad-frame");
  assert.deepEqual([cut.error.offset, cut.error.path], [1, "mep.length"]);
});

test("a length that lies (400, then 10 bytes, then silence) is given up after the time-out; the next frame decodes", () => {
  const r = reassembler();
  const lie = concatBytes(parseHex("01 90"), new Uint8Array(10).fill(0x5a));
  assert.deepEqual(r.push(lie, 0), []);
  assert.equal(r.deadline, T);
  const events = [...r.expire(T + 1), ...r.push(RESPONSE, 200)];
  assert.deepEqual(summary(events), [
    ["bad-frame", Array.from(lie)],
    ["frame", Array.from(RESPONSE)],
  ]);
  assert.ok(events[0]?.kind === "bad-frame");
  assert.equal(events[0].error.code, "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT");
  assert.equal(events[0].error.offset, 12);
  // Without an explicit expire, the next byte after the silence gives up the lie itself.
  const s = reassembler();
  s.push(lie, 0);
  assert.deepEqual(
    s.push(RESPONSE, T + 1).map((e) => e.kind),
    ["bad-frame", "frame"],
  );
});

test("an empty chunk is not a byte: it does not restart the inter-byte timer", () => {
  const r = reassembler();
  r.push(REQUEST.subarray(0, 3), 0);
  assert.deepEqual(r.push(new Uint8Array(0), T), []);
  assert.equal(r.deadline, T);
  const events = r.push(REQUEST.subarray(3), T + 1);
  assert.equal(events[0]?.kind === "bad-frame" && events[0].error.code, "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT");
});

/** One item of a valid stream: a message, or an alert. */
type Item = { kind: "frame"; payload: Uint8Array } | { kind: "alert" };
const arbItem: fc.Arbitrary<Item> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: MAX_PAYLOAD })
      .map((payload) => ({ kind: "frame" as const, payload })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "alert" as const }) },
);
const bytesOf = (i: Item) => (i.kind === "frame" ? encodeMepFrame(i.payload) : encodeMepAlert());
const arbCuts = fc.array(fc.nat(), { maxLength: 40 });

/** Feeds chunks with the given time steps; returns the events and the time of the last chunk. */
function feed(
  r: MepReassembler,
  chunks: Uint8Array[],
  steps: number[],
  start = 0,
): { events: MepStreamEvent[]; end: number } {
  const events: MepStreamEvent[] = [];
  let now = start;
  chunks.forEach((c, i) => {
    if (i > 0) now += steps[i % Math.max(1, steps.length)] ?? 0;
    events.push(...r.push(c, now));
  });
  return { events, end: now };
}

test("any chunking of a valid stream, with gaps up to the time-out, yields the same frames and alerts in order", () => {
  fc.assert(
    fc.property(
      fc.array(arbItem, { maxLength: 6 }),
      arbCuts,
      fc.array(fc.integer({ min: 0, max: T }), { maxLength: 40 }),
      (items, cuts, steps) => {
        const r = reassembler();
        const { events, end } = feed(r, chunk(concatBytes(...items.map(bytesOf)), cuts), steps);
        assert.deepEqual(
          events.map((e) => (e.kind === "frame" ? { kind: "frame", payload: e.payload } : { kind: e.kind })),
          items.map((i) => (i.kind === "frame" ? { kind: "frame", payload: i.payload } : { kind: "alert" })),
        );
        assert.equal(r.inFrame, false);
        assert.deepEqual(r.expire(end + 10 * T), []);
      },
    ),
    { numRuns: 300 },
  );
});

test("any bytes, chunking and gaps: never a throw, and every byte is accounted for exactly once", () => {
  // Byte values are drawn mostly small so that short plausible lengths (and alerts) occur often.
  const arbByte = fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 255 }));
  const arbBytes = fc.array(arbByte, { maxLength: 300 }).map((a) => Uint8Array.from(a));
  fc.assert(
    fc.property(
      arbBytes,
      arbCuts,
      fc.array(fc.integer({ min: 0, max: 3 * T }), { maxLength: 40 }),
      (bytes, cuts, steps) => {
        const r = reassembler(40);
        const { events, end } = feed(r, chunk(bytes, cuts), steps);
        events.push(...r.expire(end + T + 1));
        const consumed: Uint8Array[] = [];
        for (const e of events) {
          if (e.kind === "bad-frame") {
            assert.ok(
              ["OSGP_ERR_FRAME_LENGTH", "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT"].includes(e.error.code),
              e.error.code,
            );
            // A rejected length gives back its second byte to the scan: only the first is used up.
            consumed.push(e.error.code === "OSGP_ERR_FRAME_LENGTH" ? e.bytes.subarray(0, 1) : e.bytes);
          } else {
            const d = decodeMepFrame(e.bytes, 40);
            assert.ok(d.ok);
            assert.deepEqual(d.value, e.kind === "alert" ? { kind: "alert" } : { kind: "message", payload: e.payload });
            consumed.push(e.bytes);
          }
        }
        assert.deepEqual(concatBytes(...consumed), bytes);
        assert.equal(r.inFrame, false);
      },
    ),
    { numRuns: 1000 },
  );
});

test("a gap longer than the time-out inside a frame gives up that frame; the next frame still decodes", () => {
  const arbCut = fc
    .uint8Array({ minLength: 1, maxLength: 100 })
    .chain((p) => fc.tuple(fc.constant(encodeMepFrame(p)), fc.integer({ min: 1, max: p.length + 1 })));
  fc.assert(
    fc.property(
      arbCut,
      fc.uint8Array({ minLength: 1, maxLength: 100 }),
      fc.integer({ min: T + 1, max: 10 * T }),
      arbCuts,
      fc.boolean(),
      ([first, at], next, gap, cuts, explicitExpire) => {
        const r = reassembler();
        const prefix = first.subarray(0, at);
        const head = feed(r, chunk(prefix, cuts), []);
        assert.deepEqual(head.events, []);
        const resumeAt = head.end + gap;
        const events: MepStreamEvent[] = explicitExpire ? r.expire(resumeAt) : [];
        events.push(...feed(r, chunk(encodeMepFrame(next), cuts), [], resumeAt).events);
        assert.equal(events.length, 2);
        const [timeout, frame] = events;
        assert.ok(timeout?.kind === "bad-frame");
        assert.equal(timeout.error.code, "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT");
        assert.deepEqual(timeout.bytes, prefix);
        assert.ok(frame?.kind === "frame");
        assert.deepEqual(frame.payload, next);
      },
    ),
    { numRuns: 300 },
  );
});
