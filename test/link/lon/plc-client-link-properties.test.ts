import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { bytesEqual } from "../../../harness/bytes/byte-arrays";
import { parseHex } from "../../../harness/bytes/parse-hex";
import { decodeCnipPacket } from "../../../harness/link/cnip/cnip-header";
import { decodeLonPdu, encodeLonPdu, type LonPdu } from "../../../harness/link/lon/lon-pdu";
import { PlcClientLink, type PlcClientEvent } from "../../../harness/link/lon/plc-client-link";
import { APDU_CODE_CARRIAGE } from "../../../harness/link/lon/osgp-over-lon";
import { DEFAULT_PLC_LINK_CONFIG } from "../../../harness/link/lon/plc-link-config";
import { arbApdu, arbPdu } from "./arbitraries";
import { cnip, groupAckResponse, lonOf, unicastResponse } from "./plc-datagrams";

const FULL_READ = parseHex("30 00 17  00 00 00 2a  11 22 33 44 55 66 77 88");
const TN = 6;

/**
 * The 9.1 rule written out independently of the link: a datagram answers the request (tn 6, 1/1 ->
 * 1/11, domain 01) only if it is a plain CN/IP data packet holding an SPDU RESPONSE with tn 6 in
 * domain 01, sent by 1/11 to 1/1 in subnet/node form.
 */
function answersTheRequest(datagram: Uint8Array): boolean {
  const c = decodeCnipPacket(datagram);
  if (!c.ok || c.value.packetType !== 0x01 || c.value.protocol !== 0 || c.value.security) return false;
  const l = decodeLonPdu(c.value.payload);
  if (!l.ok) return false;
  const { body, address: a, domain } = l.value;
  return (
    body.pdu === "spdu" &&
    body.type === "response" &&
    body.tn === TN &&
    bytesEqual(domain, Uint8Array.of(0x01)) &&
    a.format === "subnet-node" &&
    a.dstSubnet === 1 &&
    a.dstNode === 1 &&
    a.srcSubnet === 1 &&
    a.srcNode === 11
  );
}

const small = (max: number) => fc.integer({ min: 0, max });
const answerFields = fc.record({
  tn: fc.constantFrom(TN, TN, TN, 5, 7, 0),
  from: fc.tuple(fc.constantFrom(1, 1, 2), fc.constantFrom(11, 11, 12)),
  to: fc.tuple(fc.constantFrom(1, 1, 0), fc.constantFrom(1, 1, 9)),
  domain: fc.constantFrom([0x01], [0x01], [0x02], [], [0x01, 0x00, 0x00]),
  apdu: fc.uint8Array({ minLength: 1, maxLength: 20 }),
});
const valid = answerFields.map((f) => unicastResponse({ ...f, domain: f.domain }));
/** A valid answer with one byte changed, one bit flipped, cut short or lengthened. */
const nearMiss = fc
  .tuple(valid, fc.nat(), small(255), fc.constantFrom("set", "flip", "cut", "grow"))
  .map(([d, at, v, how]) => {
    const i = at % d.length;
    const out = Uint8Array.from(d);
    if (how === "set") out[i] = v;
    if (how === "flip") out[i] = (out[i] as number) ^ (1 << (v & 7));
    if (how === "cut") return out.subarray(0, i);
    if (how === "grow") return Uint8Array.from([...out, v]);
    return out;
  });
const anyPdu = arbPdu.map((pdu) => cnip(encodeLonPdu(pdu)));
const groupAck = fc
  .tuple(small(15), small(255), small(255))
  .map(([tn, group, member]) => groupAckResponse({ tn, from: [1, 11], group, member }));
const datagram = fc.oneof(
  fc.uint8Array({ maxLength: 60 }),
  fc.uint8Array({ maxLength: 40 }).map((b) => cnip(b)),
  anyPdu,
  valid,
  nearMiss,
  groupAck,
);

test("property: receive() never throws, reports every datagram first, and takes only the one answer 9.1 allows", () => {
  fc.assert(
    fc.property(fc.array(datagram, { minLength: 1, maxLength: 6 }), (datagrams) => {
      const link = new PlcClientLink({ ...DEFAULT_PLC_LINK_CONFIG, carriage: APDU_CODE_CARRIAGE, firstTn: TN });
      link.requestOsgp(FULL_READ, { kind: "subnet-node", subnet: 1, node: 11 }, 0);
      for (const d of datagrams) {
        const wasBusy = link.busy;
        const events: PlcClientEvent[] = link.receive(d, 10);
        const [rx, ...rest] = events;
        assert.ok(rx?.kind === "rx" && rx.datagram === d);
        assert.equal(rest.length, 1);
        const kind = rest[0]?.kind;
        assert.ok(kind === "ignored" || kind === "response" || kind === "service-pin", kind);
        const correct = answersTheRequest(d);
        // Taken exactly when the rule says so and the transaction was still waiting.
        assert.equal(
          kind === "response",
          correct && wasBusy,
          `${kind} for a datagram the rule says is ${correct ? "" : "not "}the answer`,
        );
        if (kind === "ignored") assert.ok(rest[0]?.kind === "ignored" && rest[0].reason.length > 0);
      }
    }),
    { numRuns: 5000 },
  );
});

test("property: any APDU to any node with any first tn goes out as one SPDU REQUEST, and its response comes back whole", () => {
  fc.assert(
    fc.property(arbApdu, arbApdu, small(15), small(255), small(127), (request, response, tn, subnet, node) => {
      const link = new PlcClientLink({ ...DEFAULT_PLC_LINK_CONFIG, carriage: APDU_CODE_CARRIAGE, firstTn: tn });
      const sent = link.request(request, { kind: "subnet-node", subnet, node }, 0);
      assert.equal(sent.length, 1);
      const tx = sent[0];
      assert.ok(tx?.kind === "tx");
      const d = decodeLonPdu(lonOf(tx.datagram));
      assert.ok(d.ok);
      assert.deepEqual(d.value, tx.pdu);
      assert.deepEqual(d.value.body, { pdu: "spdu", type: "request", auth: false, tn, apdu: request });
      assert.deepEqual(d.value.address, {
        format: "subnet-node",
        srcSubnet: 1,
        srcNode: 1,
        dstSubnet: subnet,
        dstNode: node,
      });

      const answer: LonPdu = {
        priority: false,
        altPath: false,
        deltaBacklog: 0,
        address: { format: "subnet-node", srcSubnet: subnet, srcNode: node, dstSubnet: 1, dstNode: 1 },
        domain: Uint8Array.of(0x01),
        body: { pdu: "spdu", type: "response", auth: false, tn, apdu: response },
      };
      const got = link.receive(cnip(encodeLonPdu(answer)), 10);
      assert.deepEqual(
        got.map((e) => e.kind),
        ["rx", "response"],
      );
      const r = got[1];
      assert.ok(r?.kind === "response");
      assert.deepEqual([r.tn, r.final, r.apdu, r.from], [tn, true, response, { subnet, node, member: null }]);
      assert.equal(link.busy, false);
    }),
    { numRuns: 2000 },
  );
});

test("property: a group retry names exactly the members that answered, bit i for member i, up to the highest", () => {
  fc.assert(
    fc.property(fc.uniqueArray(small(63), { maxLength: 10 }), small(10), (members, extra) => {
      const size = Math.min(64, members.length + 1 + extra);
      const link = new PlcClientLink({ ...DEFAULT_PLC_LINK_CONFIG, carriage: APDU_CODE_CARRIAGE });
      link.requestOsgp(FULL_READ, { kind: "group", group: 9, size }, 0);
      members.forEach((m, i) => link.receive(groupAckResponse({ tn: 1, from: [1, 20 + i], group: 9, member: m }), 10));
      const expected = new Uint8Array(members.length === 0 ? 0 : Math.floor(Math.max(...members) / 8) + 1);
      for (const m of members) expected[Math.floor(m / 8)] = (expected[Math.floor(m / 8)] as number) + 2 ** (m % 8);
      const retry = link.tick(10 + DEFAULT_PLC_LINK_CONFIG.responseTimeoutMs);
      const bodies = retry.map((e) => (e.kind === "tx" ? e.pdu?.body : undefined));
      if (expected.length <= 2) {
        assert.deepEqual(bodies, [
          {
            pdu: "spdu",
            type: "rem-msg",
            auth: false,
            tn: 1,
            memberList: expected,
            apdu: { kind: "message", code: 0x30, data: FULL_READ.slice(1) },
          },
        ]);
      } else {
        assert.deepEqual(
          bodies.map((b) => (b !== undefined && "type" in b ? b.type : undefined)),
          ["reminder", "request"],
        );
        assert.deepEqual(bodies[0], { pdu: "spdu", type: "reminder", auth: false, tn: 1, memberList: expected });
      }
      const last = retry[retry.length - 1];
      assert.ok(last?.kind === "tx" && last.pdu !== null);
      assert.equal(last.pdu.deltaBacklog, size - members.length);
    }),
    { numRuns: 1000 },
  );
});
