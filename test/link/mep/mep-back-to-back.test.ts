import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { encodeMepFrame } from "../../../harness/link/mep/mep-frame";
import { DEFAULT_MEP_SERVER_CONFIG } from "../../../harness/link/mep/mep-link-config";
import { MepBackToBack, type Answer } from "./mep-back-to-back";

// The MEP guide's worked example: the partial read of BT23 and its response (44 data bytes, invented here).
const READ = parseHex("3f 00 17 00 00 00 00 2c  77 63 5b 91  13 db 85 a1 35 a0 57 5e");
const READ_RESPONSE = concatBytes(
  parseHex("00 00 2c"),
  new Uint8Array(44).fill(0x11),
  parseHex("ad dc b8 2c 3d 41 7f 91"),
);

/** The server answers every request with its bytes reversed, padded or cut to `size`. */
const reversed =
  (size?: (request: Uint8Array) => number): Answer =>
  (request) => ({ payload: answerTo(request, size?.(request) ?? request.length) });
function answerTo(request: Uint8Array, size: number): Uint8Array {
  const r = request.slice().reverse();
  return Uint8Array.from({ length: size }, (_, i) => r[i % r.length] as number);
}

const arbPayload = fc.uint8Array({ minLength: 1, maxLength: 476 });

test("the worked example: a 22-byte request and its 57-byte response cross intact", () => {
  const b = new MepBackToBack({ answer: () => ({ payload: READ_RESPONSE, delayMs: 40 }) });
  b.send(READ);
  b.run();
  assert.deepEqual(
    b.serverOf("request").map((e) => [e.at, e.event.bytes]),
    [[0, encodeMepFrame(READ)]],
  );
  assert.deepEqual(
    b.clientOf("response").map((e) => [e.at, e.event.payload, e.event.bytes.subarray(0, 2)]),
    [[40, READ_RESPONSE, parseHex("00 37")]],
  );
});

test("a 476-byte response arrives in 5 segments 25 ms apart and never trips the 50 ms inter-byte time-out", () => {
  const b = new MepBackToBack({ answer: reversed(() => 476) });
  b.send(READ);
  b.run();
  assert.deepEqual(
    b.clientArrivals.map((a) => [a.at, a.bytes.length]),
    [
      [0, 117],
      [25, 117],
      [50, 117],
      [75, 117],
      [100, 10],
    ],
  );
  assert.deepEqual(
    b.clientOf("response").map((e) => [e.at, e.event.payload]),
    [[100, answerTo(READ, 476)]],
  );
  assert.deepEqual(
    b.clientOf("rx").filter((e) => e.event.event.kind === "bad-frame"),
    [],
  );
});

test("control: segments further apart than the inter-byte time-out do break the response", () => {
  // Shows that the test above would notice a gap the client cannot bear.
  const b = new MepBackToBack({
    answer: reversed(() => 476),
    server: { ...DEFAULT_MEP_SERVER_CONFIG, segmentGapMs: 51 },
  });
  b.send(READ);
  b.run(3000);
  assert.ok(b.clientOf("rx").some((e) => e.event.event.kind === "bad-frame"));
  assert.deepEqual(
    b.clientOf("response").filter((e) => e.event.payload.length === 476),
    [],
  );
});

test("any requests and responses of 1 to 476 bytes, any server delay and pauses between them, cross intact and in order", () => {
  const arbExchange = fc.record({
    request: arbPayload,
    responseSize: fc.integer({ min: 1, max: 476 }),
    delayMs: fc.integer({ min: 0, max: 450 }),
    pauseMs: fc.integer({ min: 0, max: 300 }),
  });
  fc.assert(
    fc.property(fc.array(arbExchange, { minLength: 1, maxLength: 6 }), (exchanges) => {
      const b = new MepBackToBack({
        answer: (request, i) => ({
          payload: answerTo(request, exchanges[i]?.responseSize ?? 1),
          delayMs: exchanges[i]?.delayMs ?? 0,
        }),
      });
      for (const x of exchanges) {
        b.now += x.pauseMs;
        b.send(x.request);
        b.run();
      }
      assert.deepEqual(
        b.serverOf("request").map((e) => e.event.payload),
        exchanges.map((x) => x.request),
      );
      assert.deepEqual(
        b.clientOf("response").map((e) => e.event.payload),
        exchanges.map((x) => answerTo(x.request, x.responseSize)),
      );
      assert.deepEqual(
        b.clientOf("tx").map((e) => e.event.attempt),
        exchanges.map(() => 0),
      );
      for (const side of [b.clientOf("rx").map((e) => e.event.event), b.serverOf("rx").map((e) => e.event.event)])
        assert.deepEqual(
          side.filter((e) => e.kind === "bad-frame"),
          [],
        );
      // Pacing: request writes start at least 100 ms apart.
      const writes = b.clientOf("tx").map((e) => e.at);
      for (let i = 1; i < writes.length; i++)
        assert.ok((writes[i] as number) - (writes[i - 1] as number) >= 100, `writes at ${writes.join(", ")}`);
    }),
    { numRuns: 150 },
  );
});

test("a dropped response: the identical request again after 500 ms, and the exchange completes", () => {
  const b = new MepBackToBack({ answer: reversed(), wire: (from, _bytes, i) => !(from === "server" && i === 0) });
  b.send(READ);
  b.run();
  const tx = b.clientOf("tx");
  assert.deepEqual(
    tx.map((e) => [e.at, e.event.attempt]),
    [
      [0, 0],
      [500, 1],
    ],
  );
  assert.deepEqual(tx[1]?.event.bytes, tx[0]?.event.bytes);
  assert.deepEqual(
    b.serverOf("request").map((e) => [e.at, e.event.bytes]),
    [
      [0, encodeMepFrame(READ)],
      [500, encodeMepFrame(READ)],
    ],
  );
  assert.deepEqual(
    b.clientOf("response").map((e) => [e.at, e.event.attempt, e.event.payload]),
    [[500, 1, answerTo(READ, READ.length)]],
  );
});

test("dropping everything: 1 + 3 attempts at 0, 500, 1000 and 1500 ms, then OSGP_ERR_MEP_NO_RESPONSE at 2000 ms", () => {
  const b = new MepBackToBack({ answer: reversed(), wire: () => false });
  b.send(READ);
  b.run();
  assert.deepEqual(
    b.clientOf("tx").map((e) => e.at),
    [0, 500, 1000, 1500],
  );
  for (const e of b.clientOf("tx")) assert.deepEqual(e.event.bytes, encodeMepFrame(READ));
  const failed = b.clientOf("failed");
  assert.deepEqual(
    failed.map((e) => [e.at, e.event.error.code]),
    [[2000, "OSGP_ERR_MEP_NO_RESPONSE"]],
  );
  assert.deepEqual(b.serverOf("request"), []);
  assert.equal(b.client.busy, false);
});

test("whole requests or responses lost at random: each exchange completes with its own response or fails after 4 attempts", () => {
  const arbCase = fc.record({
    requests: fc.array(fc.uint8Array({ minLength: 1, maxLength: 115 }), { minLength: 1, maxLength: 5 }),
    drops: fc.array(fc.boolean(), { maxLength: 60 }),
  });
  fc.assert(
    fc.property(arbCase, ({ requests, drops }) => {
      // Responses fit one segment, so a drop loses a whole message, never part of one.
      let k = 0;
      const b = new MepBackToBack({ answer: reversed(), wire: () => !(drops[k++] ?? false) });
      for (const request of requests) {
        const from = b.clientEvents.length;
        b.send(request);
        b.run();
        const events = b.clientEvents.slice(from);
        const tx = events.flatMap((e) => (e.event.kind === "tx" ? [{ at: e.at, event: e.event }] : []));
        const start = tx[0]?.at ?? NaN;
        assert.deepEqual(
          tx.map((e) => [e.at - start, e.event.attempt, e.event.bytes]),
          tx.map((_, i) => [500 * i, i, encodeMepFrame(request)]),
        );
        const outcome = events.filter((e) => e.event.kind === "response" || e.event.kind === "failed");
        assert.equal(outcome.length, 1);
        const last = outcome[0]?.event;
        if (last?.kind === "response") assert.deepEqual(last.payload, answerTo(request, request.length));
        else assert.equal(tx.length, 4);
      }
    }),
    { numRuns: 200 },
  );
});

test("pacing: a second request asked for 10 ms after the first reaches the server at 100 ms", () => {
  const b = new MepBackToBack({ answer: reversed() });
  b.send(READ);
  b.run();
  b.now = 10;
  b.send(Uint8Array.of(0x30, 0x00, 0x01));
  assert.equal(b.serverOf("request").length, 1);
  b.run();
  assert.deepEqual(
    b.serverOf("request").map((e) => e.at),
    [0, 100],
  );
  assert.deepEqual(
    b.clientOf("response").map((e) => e.at),
    [0, 100],
  );
});

test("an alert between messages is reported and does not disturb a pending response", () => {
  const slow = new MepBackToBack({ answer: (request) => ({ payload: answerTo(request, 300), delayMs: 300 }) });
  slow.send(READ);
  slow.at(100, () => slow.alert());
  slow.run();
  // A 302-byte frame: segments at 300, 325 and 350 ms.
  assert.deepEqual(
    slow.clientOf("alert").map((e) => e.at),
    [100],
  );
  assert.deepEqual(
    slow.clientOf("tx").map((e) => e.at),
    [0],
  );
  assert.deepEqual(
    slow.clientOf("response").map((e) => [e.at, e.event.payload]),
    [[350, answerTo(READ, 300)]],
  );
});

test("a length that lies (400, 10 bytes, silence) gives a bad frame after the inter-byte time-out; the link stays usable", () => {
  const lie = concatBytes(parseHex("01 90"), new Uint8Array(10).fill(0x77));
  // While idle.
  const idle = new MepBackToBack({ answer: reversed() });
  idle.now = 1000;
  idle.inject("client", lie);
  idle.run();
  const bad = idle.clientOf("rx").filter((e) => e.event.event.kind === "bad-frame");
  assert.deepEqual(
    bad.map((e) => [e.at, e.event.event.bytes]),
    [[1051, lie]],
  );
  idle.send(READ);
  idle.run();
  assert.deepEqual(
    idle.clientOf("response").map((e) => e.event.payload),
    [answerTo(READ, READ.length)],
  );

  // While a response is pending: the real response after the lie is still taken, first time.
  const pending = new MepBackToBack({ answer: (request) => ({ payload: answerTo(request, 20), delayMs: 200 }) });
  pending.send(READ);
  pending.at(50, () => pending.inject("client", lie));
  pending.run();
  assert.deepEqual(
    pending
      .clientOf("rx")
      .filter((e) => e.event.event.kind === "bad-frame")
      .map((e) => e.at),
    [101],
  );
  assert.deepEqual(
    pending.clientOf("response").map((e) => [e.at, e.event.attempt]),
    [[200, 0]],
  );
});
