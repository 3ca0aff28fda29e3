import { test } from "node:test";
import assert from "node:assert/strict";
import type { TransportError } from "../../harness/errors";
import { DatagramNetwork } from "../../harness/transport/in-process-datagrams";
import { peerTransport } from "../../harness/transport/peer-transport";
import { Inbox, nextTurn } from "../support/datagram-inbox";

const T = { timeout: 2000 };
const GATEWAY = { address: "192.0.2.2", port: 1628 };

function setup() {
  const net = new DatagramNetwork();
  const endpoint = net.bind("192.0.2.1", 49300);
  const gateway = net.bind(GATEWAY.address, GATEWAY.port);
  const transport = peerTransport(endpoint, GATEWAY);
  const data: Uint8Array[] = [];
  const closes: (TransportError | null)[] = [];
  transport.setListener({ data: (c) => data.push(c), closed: (e) => closes.push(e) });
  return { net, endpoint, gateway, transport, data, closes };
}

test(
  "only the gateway's datagrams reach the link; another port or another host on the in-process network does not",
  T,
  async () => {
    const { net, endpoint, gateway, transport, data } = setup();
    const urgentPort = net.bind(GATEWAY.address, 1629);
    const stranger = net.bind("192.0.2.3", GATEWAY.port);
    await urgentPort.send(Uint8Array.of(0x01), endpoint.local);
    await stranger.send(Uint8Array.of(0x02), endpoint.local);
    await gateway.send(Uint8Array.of(0x03, 0x04), endpoint.local);
    await nextTurn();
    assert.deepEqual(data, [Uint8Array.of(0x03, 0x04)], "one whole datagram, one data() call");
    for (const e of [urgentPort, stranger, gateway]) await e.close();
    await transport.close();
  },
);

test("write sends one datagram to the gateway, from the endpoint's address", T, async () => {
  const { endpoint, gateway, transport } = setup();
  const atGateway = Inbox.on(gateway);
  await transport.write(Uint8Array.of(0xaa, 0xbb, 0xcc));
  const [got] = await atGateway.datagrams(1);
  assert.deepEqual(got, { bytes: Uint8Array.of(0xaa, 0xbb, 0xcc), from: endpoint.local });
  await gateway.close();
  await transport.close();
});

test("the description names the endpoint and the gateway; a baud rate is accepted and means nothing", T, async () => {
  const { gateway, transport } = setup();
  assert.equal(transport.description, "in-process udp 192.0.2.1:49300, gateway 192.0.2.2:1628");
  await transport.setBaudRate(9600);
  await gateway.close();
  await transport.close();
});

test("close closes the endpoint and the link hears it once as asked for; writes after it reject", T, async () => {
  const { net, transport, closes, gateway } = setup();
  await transport.close();
  assert.deepEqual(closes, [null]);
  await assert.rejects(transport.write(Uint8Array.of(1)), { code: "OSGP_ERR_PORT_CLOSED" });
  // The endpoint's address was released, which only its close does.
  const rebound = net.bind("192.0.2.1", 49300);
  await rebound.close();
  await gateway.close();
});
