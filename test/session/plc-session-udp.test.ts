import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { udpPlcBench } from "../../harness/links/plc/plc-bench";
import { TransportError } from "../../harness/errors";
import { DEFAULT_CARRIAGE } from "../../harness/link/lon/osgp-over-lon";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { buildPlcNetwork } from "../../harness/simulator/cnip-gateway";
import { CnipGatewayPort } from "../../harness/simulator/cnip-gateway-port";
import { defaultOmak } from "../../harness/simulator/plc-keys";
import { openUdpEndpoint } from "../../harness/transport/udp-endpoint";
import { peerTransport } from "../../harness/transport/peer-transport";
import { PIXIT, REFERENCE_BT01, referenceMeter, sessionOver } from "../support/plc-session-bench";
import { closedUdpPort } from "../support/closed-udp-port";

// Real UDP sockets on the loopback. The test timeouts bound every wait.
const LOOPBACK = "127.0.0.1";

/** The simulated gateway on a real socket, as `osgp simulate` serves it to a bench. */
async function udpGateway(t: TestContext) {
  const endpoint = await openUdpEndpoint({ bindAddress: LOOPBACK, bindPort: 0 });
  const { gateway } = buildPlcNetwork([referenceMeter(), referenceMeter(), referenceMeter()], defaultOmak(), {
    carriage: DEFAULT_CARRIAGE,
  });
  const port = new CnipGatewayPort(endpoint, gateway);
  t.after(() => port.close());
  return endpoint.local;
}

test(
  "over real UDP, through the bench a plc:localhost:PORT target opens, the session probes the gateway and reads BT01",
  { timeout: 5000 },
  async (t) => {
    const gw = await udpGateway(t);
    // The PIXIT binds 0.0.0.0:0 and the target names the gateway by host name.
    const { endpoint, gateway } = await udpPlcBench("localhost", gw.port, PIXIT).open();
    assert.deepEqual(gateway, gw, "localhost resolved to the gateway's dotted quad");
    assert.equal(endpoint.local.address, LOOPBACK, "the connected socket's real source address");
    const session = sessionOver(t, peerTransport(endpoint, gateway));
    await session.open();
    const r = await session.readFull(BT01);
    assert.ok("data" in r);
    assert.deepEqual(r.data, REFERENCE_BT01);
    assert.deepEqual(session.ignored, []);
  },
);

test(
  "over real UDP, a gateway port that is closed fails the pending request with OSGP_ERR_UDP_SOCKET, long before any time-out",
  { timeout: 3000 },
  async (t) => {
    const port = await closedUdpPort();
    const endpoint = await openUdpEndpoint({ bindAddress: LOOPBACK, bindPort: 0, peer: { address: LOOPBACK, port } });
    // One attempt of 60 s: only the ICMP port unreachable can end open() within the test's 3 s.
    const session = sessionOver(t, peerTransport(endpoint, { address: LOOPBACK, port }), {
      responseTimeoutMs: 60_000,
      retries: 0,
    });
    await assert.rejects(
      session.open(),
      (e: unknown) =>
        e instanceof TransportError && e.code === "OSGP_ERR_UDP_SOCKET" && /refused the datagram/.test(e.message),
    );
    // The link is gone: later requests are refused with the same cause rather than sent into nothing.
    await assert.rejects(
      session.readFull(BT01),
      (e: unknown) => e instanceof TransportError && e.code === "OSGP_ERR_UDP_SOCKET",
    );
    assert.ok(session.trace.entries().some((e) => /gateway link lost: .*refused the datagram/.test(e.summary)));
  },
);
