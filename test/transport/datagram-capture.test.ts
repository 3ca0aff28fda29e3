import { test } from "node:test";
import assert from "node:assert/strict";
import { TransportError } from "../../harness/errors";
import { captureDatagrams, type CapturedDatagram } from "../../harness/transport/datagram-capture";
import { DatagramNetwork } from "../../harness/transport/in-process-datagrams";
import { Inbox, nextTurn } from "../support/datagram-inbox";

const T = { timeout: 2000 };
const HARNESS = { address: "192.0.2.1", port: 49200 };
const GATEWAY = { address: "192.0.2.2", port: 1628 };

/** A clock that gives 1000, 2000, 3000...: each record shows which reading it took. */
function steppingClock(): () => number {
  let now = 0;
  return () => (now += 1000);
}

function setup() {
  const net = new DatagramNetwork();
  const inner = net.bind(HARNESS.address, HARNESS.port);
  const gateway = net.bind(GATEWAY.address, GATEWAY.port);
  const captured: CapturedDatagram[] = [];
  const endpoint = captureDatagrams(inner, (d) => captured.push(d), steppingClock());
  return { net, inner, gateway, endpoint, captured };
}

test(
  "both directions are recorded with from, to, bytes and the clock's time; the wrapper keeps the inner endpoint's identity",
  T,
  async () => {
    const { inner, gateway, endpoint, captured } = setup();
    const atHarness = Inbox.on(endpoint);
    const atGateway = Inbox.on(gateway);
    assert.equal(endpoint.description, inner.description);
    assert.deepEqual(endpoint.local, HARNESS);

    await endpoint.send(Uint8Array.of(0x11, 0x22), GATEWAY);
    await atGateway.datagrams(1);
    await gateway.send(Uint8Array.of(0x33), HARNESS);
    await atHarness.datagrams(1);

    assert.deepEqual(captured, [
      { timestampMs: 1000, from: HARNESS, to: GATEWAY, bytes: Uint8Array.of(0x11, 0x22) },
      { timestampMs: 2000, from: GATEWAY, to: HARNESS, bytes: Uint8Array.of(0x33) },
    ]);
    assert.deepEqual(
      atGateway.received[0],
      { bytes: Uint8Array.of(0x11, 0x22), from: HARNESS },
      "the send went through unchanged",
    );
    assert.deepEqual(atHarness.received[0], { bytes: Uint8Array.of(0x33), from: GATEWAY }, "and so did the delivery");
    await endpoint.close();
    await gateway.close();
  },
);

test(
  "a received datagram is in the capture before the listener sees it, so what the protocol then does with it cannot keep it out",
  T,
  async () => {
    const { gateway, endpoint, captured } = setup();
    const seenFirst: number[] = [];
    endpoint.setListener({
      datagram: () => seenFirst.push(captured.length),
      closed: () => undefined,
    });
    await gateway.send(Uint8Array.of(1), HARNESS);
    await nextTurn();
    assert.deepEqual(seenFirst, [1], "one record already there when the listener ran");
    await endpoint.close();
    await gateway.close();
  },
);

test("the capture holds copies: changing the sent or received buffer afterwards changes no record", T, async () => {
  const { gateway, endpoint, captured } = setup();
  endpoint.setListener({
    datagram: (bytes) => bytes.fill(0xee),
    closed: () => undefined,
  });
  const out = Uint8Array.of(1, 2, 3);
  await endpoint.send(out, GATEWAY);
  out.fill(0);
  await gateway.send(Uint8Array.of(4, 5), HARNESS);
  await nextTurn();
  assert.deepEqual(
    captured.map((c) => c.bytes),
    [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5)],
  );
  await endpoint.close();
  await gateway.close();
});

test(
  "a send that fails is not recorded (it never went out) and still rejects; close reaches the inner endpoint and the listener",
  T,
  async () => {
    const { inner, endpoint, captured } = setup();
    const inbox = Inbox.on(endpoint);
    await endpoint.close();
    assert.deepEqual(inbox.closes, [null]);
    await assert.rejects(
      inner.send(Uint8Array.of(1), GATEWAY),
      (e: unknown) => e instanceof TransportError && e.code === "OSGP_ERR_PORT_CLOSED",
      "the inner endpoint was closed",
    );
    await assert.rejects(
      endpoint.send(Uint8Array.of(1), GATEWAY),
      (e: unknown) => e instanceof TransportError && e.code === "OSGP_ERR_PORT_CLOSED",
    );
    assert.deepEqual(captured, []);
  },
);

test("without a clock given, timestamps are wall-clock milliseconds (Date.now)", T, async () => {
  const net = new DatagramNetwork();
  const gateway = net.bind(GATEWAY.address, GATEWAY.port);
  const captured: CapturedDatagram[] = [];
  const endpoint = captureDatagrams(net.bind(HARNESS.address, HARNESS.port), (d) => captured.push(d));
  const before = Date.now();
  await endpoint.send(Uint8Array.of(1), GATEWAY);
  const after = Date.now();
  const ts = captured[0]?.timestampMs ?? -1;
  assert.ok(ts >= before && ts <= after, `${ts} within ${before}..${after}`);
  await endpoint.close();
  await gateway.close();
});
