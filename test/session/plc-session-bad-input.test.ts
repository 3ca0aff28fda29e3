import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { LinkError, SessionError } from "../../harness/errors";
import { CNIP_PORT } from "../../harness/link/cnip/cnip-header";
import { DEFAULT_CARRIAGE } from "../../harness/link/lon/osgp-over-lon";
import { encodeRespondToQuery } from "../../harness/link/lon/network-management";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { buildPlcNetwork, type CnipGateway } from "../../harness/simulator/cnip-gateway";
import { defaultOmak } from "../../harness/simulator/plc-keys";
import type { DatagramEndpoint, PeerAddress } from "../../harness/transport/datagram-endpoint";
import {
  DatagramNetwork,
  IN_PROCESS_GATEWAY_ADDRESS,
  IN_PROCESS_HARNESS_ADDRESS,
} from "../../harness/transport/in-process-datagrams";
import { peerTransport } from "../../harness/transport/peer-transport";
import { cnip, unicastResponse } from "../link/lon/plc-datagrams";
import { nextTurn } from "../support/datagram-inbox";
import { REFERENCE_BT01, referenceMeter, sessionOver, type SettingsOverrides } from "../support/plc-session-bench";

// A gateway driven by hand sits at the simulator's gateway address: it can put datagrams of its own
// before the real answer (which a simulated CN/IP gateway behind it computes), or stay silent.
// The bad datagrams are assembled byte by byte (test/link/lon/plc-datagrams.ts), not by the codecs.
const T = { timeout: 5000 };
const GATEWAY: PeerAddress = { address: IN_PROCESS_GATEWAY_ADDRESS, port: CNIP_PORT };
const METER = { kind: "subnet-node", subnet: 1, node: 11 } as const;

/**
 * The transaction number of a request the harness sent to 1/11: CN/IP
 * header 20, link byte, NPDU, 2a address 4, domain 1, then the SPDU header.
 */
const tnOf = (datagram: Uint8Array) => (datagram[27] as number) & 0x0f;
const isDataPacket = (datagram: Uint8Array) => datagram[3] === 0x01;

interface HandGateway {
  readonly received: Uint8Array[];
  readonly endpoint: DatagramEndpoint;
  /** Datagrams to send back before the real answer, given each request and how many data packets came before it. */
  inject: (request: Uint8Array, dataPacketsBefore: number) => Uint8Array[];
}

function handGateway(t: TestContext, net: DatagramNetwork, forward: boolean): HandGateway {
  const endpoint = net.bind(GATEWAY.address, GATEWAY.port);
  t.after(() => endpoint.close());
  const real: CnipGateway = buildPlcNetwork([referenceMeter(), referenceMeter(), referenceMeter()], defaultOmak(), {
    carriage: DEFAULT_CARRIAGE,
  }).gateway;
  let dataPackets = 0;
  const g: HandGateway = {
    received: [],
    endpoint,
    inject: () => [],
  };
  endpoint.setListener({
    datagram(bytes, from) {
      g.received.push(bytes);
      for (const d of g.inject(bytes, dataPackets)) void endpoint.send(d, from);
      if (isDataPacket(bytes)) dataPackets++;
      // The simulated gateway with no impairment answers within receive(): nothing waits on its timer.
      if (forward)
        for (const e of real.receive(bytes, from, performance.now()))
          if (e.kind === "send") void endpoint.send(e.bytes, e.to);
    },
    closed: () => undefined,
  });
  return g;
}

function harnessSession(t: TestContext, net: DatagramNetwork, o: SettingsOverrides = {}) {
  const endpoint = net.bind(IN_PROCESS_HARNESS_ADDRESS);
  return { session: sessionOver(t, peerTransport(endpoint, GATEWAY), o), endpoint };
}

test(
  "9.1: a cut CN/IP header, another domain, another destination, another source and tn+1 are set aside with their reasons; the request is still answered",
  T,
  async (t) => {
    const net = new DatagramNetwork();
    const gateway = handGateway(t, net, true);
    const { session } = harnessSession(t, net);
    let bad: Uint8Array[] = [];
    gateway.inject = (request, before) => {
      if (!isDataPacket(request) || before > 0) return [];
      const tn = tnOf(request);
      bad = [
        unicastResponse({ tn, from: [1, 11] }).subarray(0, 10),
        unicastResponse({ tn, from: [1, 11], domain: [0x02] }),
        unicastResponse({ tn, from: [1, 11], to: [1, 2] }),
        unicastResponse({ tn, from: [1, 12] }),
        unicastResponse({ tn: (tn + 1) & 0x0f, from: [1, 11] }),
      ];
      return bad;
    };

    const r = await session.readFull(BT01);
    assert.ok("data" in r);
    assert.deepEqual(r.data, REFERENCE_BT01, "the real answer, after all five");

    assert.equal(bad.length, 5, "the first data packet had the bad datagrams put before its answer");
    const tn = tnOf(gateway.received.find(isDataPacket) as Uint8Array);
    assert.deepEqual(
      session.ignored.map((i) => i.bytes),
      bad,
      "each kept byte for byte, in the order received",
    );
    const reasons = session.ignored.map((i) => i.reason);
    assert.match(reasons[0] as string, /^truncated CN\/IP header: .*20 bytes, 10 given/);
    assert.equal(session.ignored[0]?.error?.code, "OSGP_ERR_TRUNCATED");
    assert.match(reasons[1] as string, /^domain 02, ours is 01$/);
    assert.match(reasons[2] as string, /^not addressed to us \(1\/1\): to 1\/2$/);
    assert.match(reasons[3] as string, /^from 1\/12, the request went to 1\/11$/);
    assert.equal(reasons[4], `transaction number ${(tn + 1) & 0x0f}, the request's is ${tn}`);
    // The trace shows each as received, and that it was not taken.
    const notTaken = session.trace.entries().filter((e) => e.direction === "rx" && e.summary.includes("not taken"));
    assert.equal(notTaken.length, 5);
  },
);

test(
  "9.1: when only answers with tn+1 come, the request fails with OSGP_ERR_PLC_NO_RESPONSE after its retries, each answer set aside",
  T,
  async (t) => {
    const net = new DatagramNetwork();
    const gateway = handGateway(t, net, false);
    const { session } = harnessSession(t, net, { retries: 1, probeGateway: false });
    gateway.inject = (request) =>
      isDataPacket(request) ? [unicastResponse({ tn: (tnOf(request) + 1) & 0x0f, from: [1, 11] })] : [];
    await assert.rejects(
      session.readFull(BT01),
      (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_PLC_NO_RESPONSE",
    );
    assert.equal(gateway.received.length, 2, "the first attempt and one retry");
    assert.equal(
      tnOf(gateway.received[1] as Uint8Array),
      tnOf(gateway.received[0] as Uint8Array),
      "the retry under the same transaction number",
    );
    assert.equal(session.ignored.length, 2);
    for (const i of session.ignored) assert.match(i.reason, /^transaction number \d+, the request's is \d+$/);
  },
);

test(
  "a gateway that never answers: open() rejects with OSGP_ERR_PLC_NO_RESPONSE after retries + 1 status requests",
  T,
  async (t) => {
    const net = new DatagramNetwork();
    const gateway = handGateway(t, net, false);
    const { session } = harnessSession(t, net, { retries: 2 });
    await assert.rejects(
      session.open(),
      (e: unknown) =>
        e instanceof LinkError && e.code === "OSGP_ERR_PLC_NO_RESPONSE" && /after 3 attempt\(s\)/.test(e.message),
    );
    assert.equal(gateway.received.length, 3);
    for (const d of gateway.received) assert.equal(d[3], 0x60, "each a CN/IP status request");
    const tx = session.trace
      .entries()
      .filter((e) => e.direction === "tx")
      .map((e) => e.summary);
    assert.ok(/retry 1/.test(tx[1] as string) && /retry 2/.test(tx[2] as string), tx.join(" / "));
    // Failed is not closed: the session takes the next transaction (which this gateway leaves silent).
    const next = await session.request(encodeRespondToQuery({ on: true }), METER);
    assert.equal(next.outcome, "silent");
    assert.equal(gateway.received.length, 6, "three more attempts went out");
  },
);

test(
  "a datagram from any address but the gateway's never reaches the session, not even as an ignored one",
  T,
  async (t) => {
    const net = new DatagramNetwork();
    const gateway = handGateway(t, net, false);
    const { session, endpoint } = harnessSession(t, net, { retries: 0 });
    const stranger = net.bind("192.0.2.3", CNIP_PORT);
    t.after(() => stranger.close());
    gateway.inject = (request) => {
      // A perfect answer, but from the wrong host: it would end the transaction if it got through.
      void stranger.send(
        unicastResponse({ tn: tnOf(request), from: [1, 11], apdu: Uint8Array.of(0x22) }),
        endpoint.local,
      );
      return [];
    };
    const silent = await session.request(encodeRespondToQuery({ on: true }), METER);
    assert.equal(silent.outcome, "silent");
    assert.deepEqual(session.ignored, []);
    assert.equal(session.trace.entries().filter((e) => e.direction === "rx").length, 0);
  },
);

test(
  "a CN/IP packet with the security flag or another packet type is set aside, not read as an answer",
  T,
  async (t) => {
    const net = new DatagramNetwork();
    const gateway = handGateway(t, net, true);
    const { session } = harnessSession(t, net, { probeGateway: false });
    gateway.inject = (request, before) => {
      if (!isDataPacket(request) || before > 0) return [];
      const pdu = unicastResponse({ tn: tnOf(request), from: [1, 11], apdu: Uint8Array.of(0x22) }).subarray(20);
      return [cnip(pdu, { flags: 0x20 }), cnip(pdu, { packetType: 0x07 })];
    };
    const t1 = await session.request(encodeRespondToQuery({ on: true }), METER);
    assert.equal(t1.outcome, "answered");
    assert.deepEqual(
      t1.answers.map((a) => a.apdu.code),
      [0x22],
    );
    assert.deepEqual(
      session.ignored.map((i) => i.reason),
      [
        "CN/IP packet with the security flag, whose EIA-852 digest the harness does not check",
        "CN/IP Acknowledge (type 0x07), not a data packet",
      ],
    );
  },
);

test("close() rejects the pending request with a SessionError at once, and every later call too", T, async (t) => {
  const net = new DatagramNetwork();
  handGateway(t, net, false);
  // A time-out far beyond the test's own: only close() can end this request in time. The probe stays
  // on so that open() after close has something to refuse (without it open() sends nothing).
  const { session } = harnessSession(t, net, { responseTimeoutMs: 60_000 });
  const pending = session.readFull(BT01);
  await nextTurn();
  await session.close();
  await assert.rejects(pending, (e: unknown) => e instanceof SessionError && e.code === "OSGP_ERR_SESSION_STATE");
  await assert.rejects(
    session.readFull(BT01),
    (e: unknown) => e instanceof SessionError && e.code === "OSGP_ERR_SESSION_STATE",
  );
  await assert.rejects(session.open(), (e: unknown) => e instanceof SessionError);
  await assert.rejects(
    session.request(encodeRespondToQuery({ on: true }), METER),
    (e: unknown) => e instanceof SessionError,
  );
  // The harness's address was released: the endpoint is closed, not only the session.
  const rebound = net.bind(IN_PROCESS_HARNESS_ADDRESS, 49152);
  await rebound.close();
});

test(
  "the endpoint going away under the session rejects the pending request instead of leaving it to time out",
  T,
  async (t) => {
    const net = new DatagramNetwork();
    handGateway(t, net, false);
    const { session, endpoint } = harnessSession(t, net, { responseTimeoutMs: 60_000, probeGateway: false });
    const pending = session.readFull(BT01);
    await nextTurn();
    await endpoint.close();
    await assert.rejects(pending, (e: unknown) => e instanceof SessionError && e.code === "OSGP_ERR_SESSION_STATE");
  },
);

test(
  "one transaction at a time: a second request while one is outstanding is a SessionError, and the first is still answered",
  T,
  async (t) => {
    const net = new DatagramNetwork();
    handGateway(t, net, true);
    const { session } = harnessSession(t, net, { probeGateway: false });
    const first = session.readFull(BT01);
    await assert.rejects(
      session.readFull(BT01),
      (e: unknown) => e instanceof SessionError && /already in progress/.test(e.message),
    );
    const r = await first;
    assert.ok("data" in r);
    assert.deepEqual(r.data, REFERENCE_BT01);
  },
);
