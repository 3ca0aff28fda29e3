import { test } from "node:test";
import assert from "node:assert/strict";
import { TransportError } from "../../harness/errors";
import {
  DatagramNetwork,
  IN_PROCESS_GATEWAY_ADDRESS,
  IN_PROCESS_HARNESS_ADDRESS,
} from "../../harness/transport/in-process-datagrams";
import { Inbox, nextTurn } from "../support/datagram-inbox";

const T = { timeout: 2000 };

test("the default addresses are TEST-NET-1 (RFC 5737: 192.0.2.0/24), never a real bench's", () => {
  assert.equal(IN_PROCESS_HARNESS_ADDRESS, "192.0.2.1");
  assert.equal(IN_PROCESS_GATEWAY_ADDRESS, "192.0.2.2");
});

test(
  "a datagram reaches the endpoint bound at its destination, with the sender's address, on a later turn",
  T,
  async () => {
    const net = new DatagramNetwork();
    const a = net.bind("192.0.2.1", 40000);
    const b = net.bind("192.0.2.2", 1628);
    const inbox = Inbox.on(b);
    await a.send(Uint8Array.of(1, 2, 3), { address: "192.0.2.2", port: 1628 });
    // Delivery must never re-enter the receiver from inside the sender's call.
    assert.equal(inbox.received.length, 0, "not delivered synchronously");
    await nextTurn();
    assert.deepEqual(inbox.received, [{ bytes: Uint8Array.of(1, 2, 3), from: { address: "192.0.2.1", port: 40000 } }]);
    assert.deepEqual(a.local, { address: "192.0.2.1", port: 40000 });
    assert.equal(b.description, "in-process udp 192.0.2.2:1628");
    await a.close();
    await b.close();
  },
);

test("datagrams arrive whole and in the order sent; the receiver gets a copy, not the sender's buffer", T, async () => {
  const net = new DatagramNetwork();
  const a = net.bind("192.0.2.1", 40000);
  const b = net.bind("192.0.2.2", 1628);
  const inbox = Inbox.on(b);
  const first = Uint8Array.of(0xaa, 0xbb);
  await a.send(first, b.local);
  await a.send(Uint8Array.of(0xcc), b.local);
  first[0] = 0x00;
  const [one, two] = await inbox.datagrams(2);
  assert.deepEqual(one?.bytes, Uint8Array.of(0xaa, 0xbb), "the sender changing its buffer after send changes nothing");
  assert.deepEqual(two?.bytes, Uint8Array.of(0xcc));
  await a.close();
  await b.close();
});

test("a datagram to an address nobody holds is dropped, as UDP drops it, and the send still resolves", T, async () => {
  const net = new DatagramNetwork();
  const a = net.bind("192.0.2.1", 40000);
  const b = net.bind("192.0.2.2", 1628);
  const inbox = Inbox.on(b);
  await a.send(Uint8Array.of(1), { address: "192.0.2.2", port: 1629 });
  await a.send(Uint8Array.of(2), { address: "192.0.2.3", port: 1628 });
  await nextTurn();
  await nextTurn();
  assert.deepEqual(inbox.received, []);
  await a.close();
  await b.close();
});

test(
  "binding a bound address and port again is OSGP_ERR_UDP_SOCKET; after close it can be bound again",
  T,
  async () => {
    const net = new DatagramNetwork();
    const first = net.bind("192.0.2.2", 1628);
    assert.throws(
      () => net.bind("192.0.2.2", 1628),
      (e: unknown) =>
        e instanceof TransportError &&
        e.code === "OSGP_ERR_UDP_SOCKET" &&
        /192\.0\.2\.2:1628 is already bound/.test(e.message),
    );
    // Another port on the same address, or the same port on another address, is free.
    const otherPort = net.bind("192.0.2.2", 1629);
    const otherAddress = net.bind("192.0.2.3", 1628);
    await first.close();
    const again = net.bind("192.0.2.2", 1628);
    assert.deepEqual(again.local, { address: "192.0.2.2", port: 1628 });
    for (const e of [otherPort, otherAddress, again]) await e.close();
  },
);

test("port 0 takes free ports from the dynamic range 49152..65535, skipping one bound explicitly", T, async () => {
  const net = new DatagramNetwork();
  const explicit = net.bind("192.0.2.1", 49152);
  const a = net.bind("192.0.2.1");
  const b = net.bind("192.0.2.1", 0);
  assert.deepEqual([a.local.port, b.local.port], [49153, 49154]);
  // The counter is per network, not per address: another address's port-0 bind simply continues.
  const c = net.bind("192.0.2.9");
  assert.equal(c.local.address, "192.0.2.9");
  assert.ok(c.local.port >= 49152 && c.local.port <= 65535);
  for (const e of [explicit, a, b, c]) await e.close();
});

test("port 0 never hands out a port beyond 65535, however many endpoints came and went", T, async () => {
  const net = new DatagramNetwork();
  for (let i = 0; i < 65536 - 49152; i++) await net.bind("192.0.2.1").close();
  const e = net.bind("192.0.2.1");
  assert.ok(e.local.port <= 65535, `port ${e.local.port}`);
  await e.close();
});

test(
  "a closed endpoint: send rejects OSGP_ERR_PORT_CLOSED, close reports null once, and it receives nothing more",
  T,
  async () => {
    const net = new DatagramNetwork();
    const a = net.bind("192.0.2.1", 40000);
    const b = net.bind("192.0.2.2", 1628);
    const inbox = Inbox.on(b);
    // Sent while b is open, but b closes before the next turn delivers it.
    await a.send(Uint8Array.of(9), b.local);
    await b.close();
    await b.close();
    await nextTurn();
    assert.deepEqual(inbox.received, [], "a datagram in flight to a closed endpoint is lost");
    assert.deepEqual(inbox.closes, [null], "one close, asked for");
    await assert.rejects(
      b.send(Uint8Array.of(1, 2), a.local),
      (e: unknown) => e instanceof TransportError && e.code === "OSGP_ERR_PORT_CLOSED" && e.bytes?.length === 2,
    );
    await a.close();
  },
);
