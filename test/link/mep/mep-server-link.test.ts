import { test } from "node:test";
import assert from "node:assert/strict";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { LinkError } from "../../../harness/errors";
import { DEFAULT_MEP_SERVER_CONFIG } from "../../../harness/link/mep/mep-link-config";
import { MepServerLink, type MepServerEvent } from "../../../harness/link/mep/mep-server-link";

// The MEP guide's worked example: the partial read of BT23 in MEP framing.
const REQUEST = parseHex("00 14  3f 00 17 00 00 00 00 2c  77 63 5b 91  13 db 85 a1 35 a0 57 5e");

type Tx = Extract<MepServerEvent, { kind: "tx" }>;
const txOf = (events: MepServerEvent[]) => events.filter((e): e is Tx => e.kind === "tx");
const kinds = (events: MepServerEvent[]) => events.map((e) => e.kind);

/**
 * Ticks every millisecond from `from` to `to`, keeping when each write was due, after `first` (what
 * the server did at `from`). A segment is out on the line `lineMs(bytes)` after it is written (0: at
 * once, an infinitely fast line), and the server hears so then.
 */
function run(
  server: MepServerLink,
  from: number,
  to: number,
  lineMs: (bytes: number) => number = () => 0,
  first: MepServerEvent[] = [],
): [number, MepServerEvent][] {
  const log: [number, MepServerEvent][] = [];
  let outAt: number | null = null;
  const keep = (now: number, events: MepServerEvent[]) => {
    for (const e of events) {
      log.push([now, e]);
      if (e.kind === "tx" && e.what === "response") outAt = now + lineMs(e.bytes.length);
    }
  };
  const report = (now: number) => {
    while (outAt !== null && outAt <= now) {
      outAt = null;
      keep(now, server.sent(now));
    }
  };
  keep(from, first);
  for (let now = from; now <= to; now++) {
    report(now);
    keep(now, server.tick(now));
    report(now);
  }
  return log;
}

test("the defaults are the MEP guide's", () => {
  assert.deepEqual(DEFAULT_MEP_SERVER_CONFIG, {
    interByteTimeoutMs: 50,
    maxPayload: 476,
    segmentSize: 117,
    segmentGapMs: 25,
  });
});

test("every complete frame is a request", () => {
  const server = new MepServerLink();
  const events = server.receive(concatBytes(REQUEST, parseHex("00 00"), REQUEST.subarray(0, 5)), 0);
  assert.deepEqual(kinds(events), ["rx", "request", "rx"]);
  assert.deepEqual(events[1], { kind: "request", payload: REQUEST.subarray(2), bytes: REQUEST });
  assert.equal(events[2]?.kind === "rx" && events[2].event.kind, "alert");
  // The partial frame is given up after the inter-byte time-out, through tick.
  assert.equal(server.nextDeadline(), 50);
  const cut = server.tick(51);
  assert.equal(cut[0]?.kind === "rx" && cut[0].event.kind, "bad-frame");
});

test("a frame of up to 117 bytes goes out whole, at once", () => {
  const server = new MepServerLink();
  const events = server.respond(new Uint8Array(115).fill(1), 0);
  assert.equal(txOf(events).length, 1);
  assert.deepEqual(txOf(events)[0]?.bytes.length, 117);
  assert.equal(server.responding, true, "until it is out on the line");
  assert.deepEqual(server.sent(122), []);
  assert.equal(server.responding, false);
  assert.equal(server.nextDeadline(), undefined);
  // 118 bytes of frame need two segments.
  assert.equal(txOf(new MepServerLink().respond(new Uint8Array(116), 0)).length, 1);
  const split = new MepServerLink();
  split.respond(new Uint8Array(116).fill(2), 0);
  assert.equal(split.nextDeadline(), undefined, "the second segment waits for the first to be out");
  split.sent(0);
  assert.equal(split.nextDeadline(), 25);
});

test("a 476-byte response: 5 segments of 117, 117, 117, 117 and 10 bytes, 25 ms apart", () => {
  const server = new MepServerLink();
  const payload = Uint8Array.from({ length: 476 }, (_, i) => i & 0xff);
  const log = run(server, 1000, 2000, undefined, server.respond(payload, 1000));
  assert.equal(log.length, 5);
  assert.deepEqual(
    log.map(([t, e]) => [
      t,
      e.kind === "tx" && e.what === "response" ? [e.segment, e.segments, e.bytes.length] : e.kind,
    ]),
    [
      [1000, [0, 5, 117]],
      [1025, [1, 5, 117]],
      [1050, [2, 5, 117]],
      [1075, [3, 5, 117]],
      [1100, [4, 5, 10]],
    ],
  );
  const sent = concatBytes(...log.map(([, e]) => (e.kind === "tx" ? e.bytes : new Uint8Array(0))));
  assert.deepEqual(sent, concatBytes(parseHex("01 dc"), payload));
  assert.equal(server.responding, false);
});

test("each gap is silence on the line: timed from when the segment before it is out, not from when it was written", () => {
  const server = new MepServerLink();
  // At 9600 baud (8N1) a byte takes 1.04 ms: 117 bytes are out 122 ms after they were written.
  const lineMs = (bytes: number) => Math.ceil((bytes * 10000) / 9600);
  const log = run(server, 1000, 1590, lineMs, server.respond(new Uint8Array(476), 1000));
  assert.deepEqual(
    log.map(([t, e]) => [t, e.kind === "tx" ? e.bytes.length : e.kind]),
    [
      [1000, 117],
      [1000 + 122 + 25, 117],
      [1147 + 122 + 25, 117],
      [1294 + 122 + 25, 117],
      [1441 + 122 + 25, 10],
    ],
  );
  assert.equal(server.responding, true, "the last segment is still on the line");
  server.sent(1588 + 11);
  assert.equal(server.responding, false);
});

test("segment size and gap are parameters", () => {
  const server = new MepServerLink({ ...DEFAULT_MEP_SERVER_CONFIG, segmentSize: 10, segmentGapMs: 5 });
  const log = run(server, 0, 100, undefined, server.respond(new Uint8Array(20), 0));
  assert.deepEqual(
    log.map(([t, e]) => [t, e.kind === "tx" ? e.bytes.length : 0]),
    [
      [0, 10],
      [5, 10],
      [10, 2],
    ],
  );
});

test("a response while another is being written is OSGP_ERR_LINK_BUSY", () => {
  const server = new MepServerLink();
  server.respond(new Uint8Array(200), 0);
  assert.throws(
    () => server.respond(Uint8Array.of(0), 10),
    (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_LINK_BUSY",
  );
});

test("an alert goes out at once between messages, and after the last segment during one", () => {
  const idle = new MepServerLink();
  assert.deepEqual(idle.alert(0), [{ kind: "tx", what: "alert", bytes: parseHex("00 00") }]);

  const busy = new MepServerLink();
  busy.respond(new Uint8Array(200), 0);
  busy.sent(0);
  assert.deepEqual(busy.alert(10), []);
  // The last segment is out on the line 30 ms after it was written: the alert follows it.
  const log = run(busy, 11, 100, () => 30);
  assert.deepEqual(
    log.map(([t, e]) => [t, e.kind === "tx" ? e.what : e.kind]),
    [
      [25, "response"],
      [55, "alert"],
    ],
  );
});

test("a request during a segmented response drops the rest, and the next write waits out the client's inter-byte time-out", () => {
  const server = new MepServerLink();
  server.respond(new Uint8Array(476), 0);
  server.sent(0);
  server.tick(25);
  server.sent(25);
  server.alert(30);
  const events = server.receive(REQUEST, 40);
  assert.deepEqual(kinds(events), ["rx", "response-dropped", "request"]);
  const dropped = events[1];
  assert.ok(dropped?.kind === "response-dropped");
  assert.equal(dropped.frame.length, 478);
  assert.equal(dropped.sentBytes, 234);
  assert.equal(server.responding, false);
  // The partial frame ended at 25 ms; the client gives it up once 50 ms of silence have passed.
  assert.equal(server.nextDeadline(), 76);
  assert.deepEqual(server.respond(REQUEST.subarray(2), 60), []);
  const log = run(server, 61, 200);
  assert.deepEqual(
    log.map(([t, e]) => [t, e.kind === "tx" ? e.what : e.kind]),
    [
      [76, "alert"],
      [76, "response"],
    ],
  );
});

test("a request while a segment is still on the line: the quiet period starts when that segment is out", () => {
  const server = new MepServerLink();
  server.respond(new Uint8Array(476), 0);
  const events = server.receive(REQUEST, 40);
  assert.deepEqual(kinds(events), ["rx", "response-dropped", "request"]);
  assert.equal(events[1]?.kind === "response-dropped" && events[1].sentBytes, 117);
  assert.deepEqual(server.respond(REQUEST.subarray(2), 60), []);
  assert.equal(server.nextDeadline(), undefined, "nothing is written while the segment is on the line");
  // The segment is out at 122: the client gives the partial frame up once 50 ms of silence have passed.
  assert.deepEqual(server.sent(122), []);
  assert.equal(server.nextDeadline(), 173);
  assert.deepEqual(
    txOf(server.tick(173)).map((e) => e.what),
    ["response"],
  );
});

test("a response dropped before any of it was written adds no quiet period of its own", () => {
  const server = new MepServerLink();
  server.respond(new Uint8Array(476), 0);
  server.sent(0);
  server.receive(REQUEST, 10);
  // The first segment went out at 0: quiet until 51. This response waits for that...
  assert.deepEqual(server.respond(new Uint8Array(10), 20), []);
  const events = server.receive(REQUEST, 30);
  // ...and is dropped unwritten, so nothing the client holds needs a new silence.
  assert.deepEqual(events[1], {
    kind: "response-dropped",
    frame: concatBytes(parseHex("00 0a"), new Uint8Array(10)),
    sentBytes: 0,
  });
  assert.deepEqual(server.respond(new Uint8Array(10), 40), []);
  assert.equal(server.nextDeadline(), 51);
  assert.equal(txOf(server.tick(51)).length, 1);
});
