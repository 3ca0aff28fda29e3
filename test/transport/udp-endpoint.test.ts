import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { TransportError } from "../../harness/errors";
import type { DatagramEndpoint } from "../../harness/transport/datagram-endpoint";
import { openUdpEndpoint, resolveIpv4 } from "../../harness/transport/udp-endpoint";
import { Inbox } from "../support/datagram-inbox";
import { closedUdpPort } from "../support/closed-udp-port";

// Real sockets on the loopback interface, port 0 everywhere so parallel runs never collide. Each
// test's timeout bounds every wait: a lost datagram fails the test, it never hangs.
const T = { timeout: 5000 };
const LOOPBACK = "127.0.0.1";

async function open(t: TestContext, ...args: Parameters<typeof openUdpEndpoint>): Promise<DatagramEndpoint> {
  const e = await openUdpEndpoint(...args);
  t.after(() => e.close());
  return e;
}

const isTransportError = (code: string, pattern?: RegExp) => (e: unknown) =>
  e instanceof TransportError && e.code === code && (pattern === undefined || pattern.test(e.message));

test(
  "datagrams both ways between a bound endpoint and one connected to it, each with the sender's address",
  T,
  async (t) => {
    const server = await open(t, { bindAddress: LOOPBACK, bindPort: 0 });
    const client = await open(t, { bindAddress: LOOPBACK, bindPort: 0, peer: server.local });
    const atServer = Inbox.on(server);
    const atClient = Inbox.on(client);
    assert.equal(server.local.address, LOOPBACK);
    assert.ok(server.local.port > 0, "port 0 was replaced by the port the system chose");

    await client.send(Uint8Array.of(0x01, 0x02, 0x03), server.local);
    const [request] = await atServer.datagrams(1);
    assert.deepEqual(request, { bytes: Uint8Array.of(0x01, 0x02, 0x03), from: client.local });

    await server.send(Uint8Array.of(0xfe), client.local);
    const [answer] = await atClient.datagrams(1);
    assert.deepEqual(answer, { bytes: Uint8Array.of(0xfe), from: server.local });

    assert.equal(server.description, `udp 127.0.0.1:${server.local.port}`);
    assert.equal(client.description, `udp 127.0.0.1:${client.local.port} to 127.0.0.1:${server.local.port}`);
  },
);

test(
  "bound to 0.0.0.0 and connected to 127.0.0.1, the endpoint's local address is 127.0.0.1, the source its datagrams carry",
  T,
  async (t) => {
    const server = await open(t, { bindAddress: LOOPBACK, bindPort: 0 });
    const client = await open(t, { bindAddress: "0.0.0.0", bindPort: 0, peer: server.local });
    const atServer = Inbox.on(server);
    // A pcap record needs a real source address; 0.0.0.0 would be a lie about the packet.
    assert.equal(client.local.address, LOOPBACK);
    await client.send(Uint8Array.of(7), server.local);
    const [got] = await atServer.datagrams(1);
    assert.deepEqual(got?.from, client.local, "what the server saw is what `local` claims");
  },
);

test("a connected endpoint refuses to send to any other peer, and the datagram does not go out", T, async (t) => {
  const server = await open(t, { bindAddress: LOOPBACK, bindPort: 0 });
  const other = await open(t, { bindAddress: LOOPBACK, bindPort: 0 });
  const client = await open(t, { bindAddress: LOOPBACK, bindPort: 0, peer: server.local });
  const atOther = Inbox.on(other);
  await assert.rejects(
    client.send(Uint8Array.of(1, 2), other.local),
    (e: unknown) =>
      isTransportError("OSGP_ERR_UDP_SOCKET", /is connected and cannot send to 127\.0\.0\.1:\d+/)(e) &&
      (e as TransportError).bytes?.length === 2,
  );
  // The same address with the peer's port on another host's number is another peer too.
  await assert.rejects(
    client.send(Uint8Array.of(3), { address: "127.0.0.2", port: server.local.port }),
    isTransportError("OSGP_ERR_UDP_SOCKET"),
  );
  // Proof that `other` would have received it: an unconnected endpoint's datagram gets through.
  await server.send(Uint8Array.of(9), other.local);
  const [got] = await atOther.datagrams(1);
  assert.deepEqual(got?.bytes, Uint8Array.of(9), "only the control datagram arrived");
  assert.equal(atOther.received.length, 1);
});

test(
  "a connected endpoint whose peer port is closed ends with OSGP_ERR_UDP_SOCKET (ECONNREFUSED) through listener.closed",
  T,
  async (t) => {
    const port = await closedUdpPort();
    const client = await open(t, { bindAddress: LOOPBACK, bindPort: 0, peer: { address: LOOPBACK, port } });
    const inbox = Inbox.on(client);
    // The send itself succeeds: the refusal comes back afterwards as an ICMP port unreachable.
    await client.send(Uint8Array.of(0x00, 0x14), { address: LOOPBACK, port });
    const error = await inbox.closing();
    assert.ok(error instanceof TransportError, "closed with an error, not as asked for");
    assert.equal(error.code, "OSGP_ERR_UDP_SOCKET");
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port} refused the datagram`));
    assert.equal((error.cause as NodeJS.ErrnoException).code, "ECONNREFUSED");
    // Ended: a later send is refused at once rather than lost.
    await assert.rejects(
      client.send(Uint8Array.of(1), { address: LOOPBACK, port }),
      isTransportError("OSGP_ERR_PORT_CLOSED"),
    );
    assert.equal(inbox.closes.length, 1, "the end is reported once");
  },
);

test(
  "after close: send rejects OSGP_ERR_PORT_CLOSED with the bytes, the listener heard null once, and the port is free again",
  T,
  async (t) => {
    const e = await openUdpEndpoint({ bindAddress: LOOPBACK, bindPort: 0 });
    const inbox = Inbox.on(e);
    const { port } = e.local;
    await e.close();
    await e.close();
    assert.deepEqual(inbox.closes, [null]);
    await assert.rejects(
      e.send(Uint8Array.of(5, 6, 7), { address: LOOPBACK, port: 9 }),
      (x: unknown) => isTransportError("OSGP_ERR_PORT_CLOSED")(x) && (x as TransportError).bytes?.length === 3,
    );
    // The socket itself was closed, not only flagged: its port can be bound again.
    const again = await open(t, { bindAddress: LOOPBACK, bindPort: port });
    assert.equal(again.local.port, port);
  },
);

test("binding a port that is taken is OSGP_ERR_UDP_SOCKET naming what could not be opened", T, async (t) => {
  const taken = await open(t, { bindAddress: LOOPBACK, bindPort: 0 });
  await assert.rejects(
    openUdpEndpoint({ bindAddress: LOOPBACK, bindPort: taken.local.port }),
    isTransportError("OSGP_ERR_UDP_SOCKET", new RegExp(`cannot open udp 127\\.0\\.0\\.1:${taken.local.port}`)),
  );
});

test(
  "resolveIpv4: localhost is 127.0.0.1, a dotted quad is itself, an unresolvable name is OSGP_ERR_UDP_SOCKET",
  T,
  async () => {
    assert.equal(await resolveIpv4("localhost"), "127.0.0.1");
    assert.equal(await resolveIpv4("192.0.2.7"), "192.0.2.7");
    // .invalid is reserved never to resolve (RFC 6761).
    await assert.rejects(
      resolveIpv4("no-such-host.invalid"),
      isTransportError("OSGP_ERR_UDP_SOCKET", /cannot resolve no-such-host\.invalid to an IPv4 address/),
    );
  },
);
