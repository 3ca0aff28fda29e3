import { test } from "node:test";
import assert from "node:assert/strict";
import { concatBytes } from "../../harness/bytes/byte-arrays";
import { parseHex } from "../../harness/bytes/parse-hex";
import { LinkError, SessionError } from "../../harness/errors";
import { encodeQueryIdRequest, encodeRespondToQuery } from "../../harness/link/lon/network-management";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { ET03 } from "../../harness/protocol/tables/et03-utility-information";
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { REFERENCE_BT01, simulatedSession } from "../support/plc-session-bench";

// Expected values are written from the layouts and the simulator's documented identity, never read
// from the session under test. Each test's timeout bounds it: silence fails, it never hangs.
const T = { timeout: 5000 };

/** The simulator's first meter: unique id "OSGP" 00 01, program id "OSGPSIM" 01. */
const UNIQUE_ID = parseHex("4f 53 47 50 00 01");
const PROGRAM_ID = parseHex("4f 53 47 50 53 49 4d 01");
/** The simulated node's secured sequence number before any request (plc-security.ts, 0x100). */
const DEVICE_FIRST_SEQUENCE = 0x100;

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
/** The meter's own answer to a plain read, bypassing the PLC link and its security entirely. */
const directRead = (meter: ReferenceMeter, tableId: number, offset: number, count: number) =>
  meter.serve(
    encodeTableRequest({ service: "partial-read", tableId, offset, count }, { checksum: false }),
    "master",
    { checksum: false },
    1000,
  );

test("open() sends the gateway a CN/IP status request and takes its status response", T, async (t) => {
  const { session } = await simulatedSession(t);
  await session.open();
  const [tx, rx] = session.trace.entries().filter((e) => e.direction !== "note");
  // length 20, version 1, type 0x60, no extension, protocol 0, vendor 0, session 0, sequence 1, timestamp 0
  assert.equal(tx?.hex, "00 14 01 60 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00");
  // type 0x70; the simulated gateway's session id is "OSGP" and its first sequence number 1
  assert.equal(rx?.hex, "00 14 01 70 00 00 00 00 4f 53 47 50 00 00 00 01 00 00 00 00");
  assert.ok(
    session.trace.entries().some((e) => /answered its status request \(session id 0x4f534750\)/.test(e.summary)),
  );
});

test("without plc.probeGateway, open() sends nothing", T, async (t) => {
  const { session } = await simulatedSession(t, { probeGateway: false });
  await session.open();
  assert.equal(session.trace.length, 0);
});

test(
  "9.7: the first request is answered 0x0C with the node's number 0x100; the session resends as 0x101 and reads BT01",
  T,
  async (t) => {
    const { session } = await simulatedSession(t);
    await session.open();
    const r = await session.readFull(BT01);
    assert.ok("data" in r, `response code ${r.code}`);
    assert.deepEqual(r.data, REFERENCE_BT01);

    const x = session.lastExchange;
    assert.ok(x !== null && x.resynchronisedAfter !== null, "the first exchange followed a resynchronisation");
    const seqError = x.resynchronisedAfter.outcome;
    assert.ok(seqError.kind === "response");
    assert.deepEqual(seqError.apdu, parseHex("0c 00 00 01 00"), "0x0C and the node's number, MSB first");
    assert.equal(x.resynchronisedAfter.sequence, 1, "the PIXIT's first sequence number");
    assert.equal(x.sequence, DEVICE_FIRST_SEQUENCE + 1);
    assert.equal(x.encrypted, true, "the simulator's PIXIT encrypts");

    // The second request is inside the window at once.
    const again = await session.readFull(BT01);
    assert.ok("data" in again);
    assert.deepEqual(again.data, REFERENCE_BT01);
    assert.equal(session.lastExchange?.resynchronisedAfter, null);
    assert.equal(session.lastExchange?.sequence, DEVICE_FIRST_SEQUENCE + 2);
  },
);

test(
  "readPartial gives the bytes asked for, and splits a read larger than plc.maxReadData into several requests",
  T,
  async (t) => {
    const { session, meter } = await simulatedSession(t, { maxReadData: 10 });
    const model = await session.readPartial(BT01, 4, 8);
    assert.ok("data" in model);
    assert.deepEqual(model.data, ascii("REFMETER"));

    const before = session.trace.length;
    const whole = await session.readPartial(BT01, 0, 24);
    assert.ok("data" in whole);
    assert.deepEqual(whole.data, REFERENCE_BT01);
    const requests = session.trace.entries(before).filter((e) => e.direction === "tx");
    assert.equal(requests.length, 3, "24 bytes at most 10 a time: 10 + 10 + 4");
    // And the meter itself, asked without the PLC link in between, holds the same.
    assert.deepEqual(directRead(meter, BT01, 0, 24), concatBytes(parseHex("00 00 18"), REFERENCE_BT01));
  },
);

test("a write reaches node 1/11's meter only, and reads back", T, async (t) => {
  const { session, meter, siblings } = await simulatedSession(t);
  const serial = ascii("PLC-WRITE-01");
  const w = await session.writePartial(ET03, 0, serial);
  assert.equal(w.code, 0);
  const r = await session.readPartial(ET03, 0, serial.length);
  assert.ok("data" in r);
  assert.deepEqual(r.data, serial);
  assert.deepEqual(
    directRead(meter, ET03, 0, 12),
    concatBytes(parseHex("00 00 0c"), serial),
    "the meter under test holds it",
  );
  assert.equal(siblings.length, 2);
  for (const s of siblings)
    assert.deepEqual(
      directRead(s, ET03, 0, 12),
      concatBytes(parseHex("00 00 0c"), ascii("UTILITY-0001")),
      "its siblings do not",
    );
});

test(
  "clause 5: Query ID 'selected' to the whole domain is silent until Respond to Query on; then node 1/11 alone answers",
  T,
  async (t) => {
    const { session } = await simulatedSession(t);
    const queryId = encodeQueryIdRequest({ selector: "selected" });
    const everyone = { kind: "broadcast", subnet: 0 } as const;

    const before = await session.request(queryId, everyone);
    assert.equal(before.outcome, "silent");
    assert.deepEqual(before.answers, []);
    assert.ok(before.error instanceof LinkError && before.error.code === "OSGP_ERR_PLC_NO_RESPONSE");

    const rtq = await session.request(encodeRespondToQuery({ on: true }), { kind: "subnet-node", subnet: 1, node: 11 });
    assert.equal(rtq.outcome, "answered");
    // Success for NM code 0x62 is 0x20 | 0x02, with no data.
    assert.deepEqual(
      rtq.answers.map((a) => [a.apdu.code, Array.from(a.apdu.data)]),
      [[0x22, []]],
    );

    const after = await session.request(queryId, everyone);
    assert.equal(after.outcome, "completed", "a broadcast ends when the timer runs out with an answer in hand");
    assert.equal(after.answers.length, 1, "the unselected siblings 1/12 and 1/13 stay quiet");
    const answer = after.answers[0];
    assert.deepEqual(answer?.from, { subnet: 1, node: 11, member: null });
    // Query ID success is 0x21, then the unique id and the program id.
    assert.equal(answer?.apdu.kind, "message");
    assert.equal(answer?.apdu.code, 0x21);
    assert.deepEqual(answer?.apdu.data, concatBytes(UNIQUE_ID, PROGRAM_ID));
    assert.equal(session.lastTransaction, after);
  },
);

test(
  "clause 4: repeatLast after a write is answered from the node's cache, the meter does not execute it again, and the next request needs no resync",
  T,
  async (t) => {
    const { session, meter } = await simulatedSession(t);
    await session.readFull(BT01);
    assert.equal((await session.writePartial(ET03, 0, ascii("AB"))).code, 0);
    const written = session.lastExchange;
    const tn = session.lastTransaction?.answers[0]?.tn;
    assert.ok(written !== null && tn !== undefined);
    const uses = meter.interface.unicastKeyUsage;

    const repeat = await session.repeatLast();
    assert.equal(repeat.outcome, "answered");
    assert.equal(repeat.answers[0]?.tn, tn, "under the original's transaction number");
    assert.deepEqual(session.osgpAnswer(repeat), written.responseFrame, "byte for byte the answer the write got");
    assert.equal(meter.interface.unicastKeyUsage, uses, "the secured request never reached the meter a second time");

    const next = await session.readPartial(ET03, 0, 2);
    assert.ok("data" in next);
    assert.deepEqual(next.data, ascii("AB"));
    assert.equal(session.lastExchange?.resynchronisedAfter, null);
    assert.equal(session.lastExchange?.sequence, written.sequence + 1);
  },
);

test(
  "the same repeat against a node without duplicate detection is executed again and refused as a replay (so the test above can fail)",
  T,
  async (t) => {
    const { session, meter } = await simulatedSession(t, { defects: ["plc-no-duplicate-detection"] });
    await session.readFull(BT01);
    await session.writePartial(ET03, 0, ascii("AB"));
    const written = session.lastExchange;
    const uses = meter.interface.unicastKeyUsage;
    const repeat = await session.repeatLast();
    assert.notDeepEqual(session.osgpAnswer(repeat), written?.responseFrame);
    assert.equal(meter.interface.unicastKeyUsage, uses + 1);
  },
);

test("repeatLast before any transaction is a SessionError", T, async (t) => {
  const { session } = await simulatedSession(t);
  await assert.rejects(
    session.repeatLast(),
    (e: unknown) => e instanceof SessionError && e.code === "OSGP_ERR_SESSION_STATE",
  );
});

test(
  "the trace has every datagram as tx and rx, and the OMAK's bytes never show in it, even when they cross the link in the clear",
  T,
  async (t) => {
    const { session } = await simulatedSession(t, { encrypt: false });
    const key = ascii("OMAK-SIM-KEY");
    const keyHex = Array.from(key, (b) => b.toString(16).padStart(2, "0")).join(" ");
    await session.open();
    // Unencrypted, the key text written to ET03 is on the wire both ways: request and read-back.
    assert.equal((await session.writePartial(ET03, 0, key)).code, 0);
    const r = await session.readPartial(ET03, 0, key.length);
    assert.ok("data" in r);
    assert.deepEqual(r.data, key);

    const entries = session.trace.entries();
    const directions = entries.filter((e) => e.direction !== "note").map((e) => e.direction);
    // Status request and response, then two exchanges for the write (0x0C, then the resend) and one for the read.
    assert.deepEqual(directions, ["tx", "rx", "tx", "rx", "tx", "rx", "tx", "rx"]);
    for (const e of entries) assert.ok(!e.hex.includes(keyHex), `entry ${e.index} shows the key: ${e.hex}`);
    const masked = entries.filter((e) => e.redacted);
    assert.ok(masked.length >= 2, "the write request and the read answer were masked");
    for (const e of masked) assert.match(e.hex, /(\*\* ){11}\*\*/, "twelve masked bytes in a row");
  },
);
