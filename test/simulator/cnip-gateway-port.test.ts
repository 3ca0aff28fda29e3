import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { parseHex } from "../../harness/bytes/parse-hex";
import { TransportError } from "../../harness/errors";
import { cnipDataPacket, decodeCnipPacket, encodeCnipPacket } from "../../harness/link/cnip/cnip-header";
import { encodeLonPdu } from "../../harness/link/lon/lon-pdu";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { buildPlcNetwork } from "../../harness/simulator/cnip-gateway";
import { CnipGatewayPort } from "../../harness/simulator/cnip-gateway-port";
import { NO_IMPAIRMENT, type ImpairmentOptions } from "../../harness/simulator/plc-impairment";
import { defaultOmak } from "../../harness/simulator/plc-keys";
import { APDU_CODE_CARRIAGE } from "../../harness/link/lon/osgp-over-lon";
import { referenceMeters } from "./plc-requests";
import type { DatagramEndpoint, DatagramListener, PeerAddress } from "../../harness/transport/datagram-endpoint";
import { FIRST_SEQUENCE, osgpRequest, readRequest } from "./plc-requests";

const HARNESS: PeerAddress = { address: "127.0.0.1", port: 40001 };
const STATUS_REQUEST = parseHex("00 14 01 60 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00");

/** An endpoint the test drives by hand: it records what is sent, and delivers what the test injects. */
class FakeEndpoint implements DatagramEndpoint {
  readonly description = "fake endpoint";
  readonly local: PeerAddress = { address: "127.0.0.1", port: 1628 };
  readonly sent: { bytes: Uint8Array; to: PeerAddress }[] = [];
  listener: DatagramListener | null = null;
  closed = false;
  failSends = false;

  async send(bytes: Uint8Array, to: PeerAddress): Promise<void> {
    if (this.failSends) throw new TransportError("OSGP_ERR_UDP_SOCKET", "port unreachable");
    this.sent.push({ bytes, to });
  }

  setListener(listener: DatagramListener): void {
    this.listener = listener;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listener?.closed(null);
  }

  inject(bytes: Uint8Array, from: PeerAddress = HARNESS): void {
    this.listener?.datagram(bytes, from);
  }
}

function portOf(t: TestContext, impairment: Partial<ImpairmentOptions> = {}) {
  const endpoint = new FakeEndpoint();
  const lines: string[] = [];
  const closes: (TransportError | null)[] = [];
  const { gateway } = buildPlcNetwork(referenceMeters(3), defaultOmak(), {
    impairment: { ...NO_IMPAIRMENT, ...impairment },
    carriage: APDU_CODE_CARRIAGE,
  });
  const port = new CnipGatewayPort(endpoint, gateway, { log: (l) => lines.push(l), onClosed: (e) => closes.push(e) });
  t.after(() => port.close());
  return { endpoint, port, lines, closes };
}

const readDatagram = () =>
  encodeCnipPacket(
    cnipDataPacket({ payload: encodeLonPdu(osgpRequest(readRequest(BT01), FIRST_SEQUENCE + 1, 1).pdu) }),
  );

test("datagrams in, answers out through the endpoint; the gateway's log lines reach the port's log", async (t) => {
  const { endpoint, port, lines } = portOf(t);
  endpoint.inject(STATUS_REQUEST);
  endpoint.inject(parseHex("00 01 02"));
  await port.flush();
  assert.deepEqual(
    endpoint.sent.map((s) => [packetTypeOf(s.bytes), s.to]),
    [[0x70, HARNESS]],
  );
  assert.equal(lines.length, 1);
  assert.match(lines[0] as string, /dropped 3 bytes from 127\.0\.0\.1:40001/);
});

test("a delayed answer is sent by the port's own timer once the channel delay has passed", async (t) => {
  const { endpoint, port } = portOf(t, { delayMs: 20 });
  endpoint.inject(readDatagram());
  await port.flush();
  assert.equal(endpoint.sent.length, 0, "on the channel, not yet answered");
  await sleep(120);
  await port.flush();
  assert.equal(endpoint.sent.length, 1, "20 ms down, 20 ms up, then sent");
  assert.equal(packetTypeOf(endpoint.sent[0]?.bytes as Uint8Array), 0x01);
});

test("a failed send is logged and the gateway goes on", async (t) => {
  const { endpoint, port, lines } = portOf(t);
  endpoint.failSends = true;
  endpoint.inject(STATUS_REQUEST);
  await port.flush();
  endpoint.failSends = false;
  endpoint.inject(STATUS_REQUEST);
  await port.flush();
  assert.equal(endpoint.sent.length, 1);
  assert.match(lines.join("\n"), /send failed: OSGP_ERR_UDP_SOCKET/);
});

test("an endpoint that dies is reported through onClosed; after close() nothing is sent", async (t) => {
  const dying = portOf(t, { delayMs: 10 });
  dying.endpoint.inject(readDatagram());
  const error = new TransportError("OSGP_ERR_UDP_SOCKET", "socket gone");
  dying.endpoint.listener?.closed(error);
  assert.deepEqual(dying.closes, [error]);
  await sleep(60);
  assert.equal(dying.endpoint.sent.length, 0, "the pending answer died with the endpoint");

  const closing = portOf(t, { delayMs: 10 });
  closing.endpoint.inject(readDatagram());
  await closing.port.close();
  await sleep(60);
  closing.endpoint.inject(STATUS_REQUEST);
  await closing.port.flush();
  assert.deepEqual([closing.endpoint.closed, closing.endpoint.sent.length, closing.closes], [true, 0, []]);
});

test("pressServicePin sends the meter's Service Pin message to the peers the gateway has heard", async (t) => {
  const { endpoint, port } = portOf(t);
  endpoint.inject(STATUS_REQUEST);
  port.pressServicePin(0);
  await port.flush();
  assert.deepEqual(
    endpoint.sent.map((s) => packetTypeOf(s.bytes)),
    [0x70, 0x01],
  );
});

/** The CN/IP packet type of a datagram. */
function packetTypeOf(bytes: Uint8Array): number {
  const d = decodeCnipPacket(bytes);
  assert.ok(d.ok);
  return d.value.packetType;
}
