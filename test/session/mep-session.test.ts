import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { DEFAULT_MEP_LINK_CONFIG } from "../../harness/link/mep/mep-link-config";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { ET04, ET04_FIELDS } from "../../harness/protocol/tables/et04-system-information";
import { EXTENDED_BASE } from "../../harness/protocol/table-id";
import { aesPskProfile } from "../../harness/security/aes128-psk";
import { mepKeys } from "../../harness/security/rc4-psk";
import { Redactor } from "../../harness/security/redactor";
import { aesPskSuite, rc4PskSuite } from "../../harness/security/security-suite";
import { MepSession } from "../../harness/session/mep-session";
import { SECURED_TABLE_CODEC } from "../../harness/session/secured-session";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { DEFAULT_FIRST_SEQUENCE, MepPort } from "../../harness/simulator/mep-port";
import { profileNamed } from "../../harness/simulator/profiles";
import { Secret } from "../../harness/security/secret";
import { createInProcessPair } from "../../harness/transport/in-process";
import type { DefectName } from "../../harness/simulator/defects";

// The simulator's documented defaults: non-uniform, so that a key-byte-order error shows.
const MAK = Uint8Array.from(Buffer.from("MAK-OSGP-SIM-KEY", "latin1"));
const MBK = Uint8Array.from(Buffer.from("MBK-OSGP-SIM-KEY", "latin1"));
const ET03 = EXTENDED_BASE + 3;
const ET42 = EXTENDED_BASE + 42;
const rc4 = (k: Uint8Array) => rc4PskSuite(mepKeys(k), { responseKeystream: "continue", emptyInput: "one-zero-block" });

function bench(
  t: TestContext,
  o: { aesMode?: boolean; clientSuite?: "rc4" | "aes128"; encrypt?: boolean; defects?: DefectName[] } = {},
) {
  const [client, device] = createInProcessPair();
  const meter = new ReferenceMeter({
    profile: profileNamed("reference"),
    securityMode: o.aesMode ? "aes128" : "rc4",
    defects: o.defects ?? [],
  });
  const port = new MepPort(device, { meter, keys: { mak: new Secret(MAK, "MAK"), mbk: new Secret(MBK, "MBK") } });
  const suite = (k: Uint8Array) => (o.clientSuite === "aes128" ? aesPskSuite(k, aesPskProfile()) : rc4(k));
  const session = new MepSession(
    client,
    { link: { ...DEFAULT_MEP_LINK_CONFIG, minRequestIntervalMs: 0 }, encrypt: o.encrypt ?? true, firstSequence: 1 },
    { advanced: suite(MAK), basic: suite(MBK) },
    new Redactor(),
  );
  t.after(async () => {
    await session.close();
    await port.close();
  });
  return { session, meter, port };
}

const readBt01 = encodeTableRequest({ service: "full-read", tableId: BT01 }, SECURED_TABLE_CODEC);

test("9.7: the first request learns the device's number from 0x0C, and the resent request is served", async (t) => {
  const { session, port } = bench(t);
  const x = await session.exchange(readBt01);
  assert.ok(x.resynchronisedAfter !== null, "the first request (sequence 1) is outside the device's window");
  const seqError = x.resynchronisedAfter.outcome;
  assert.ok(seqError.kind === "response" && seqError.apdu[0] === RESPONSE_CODE.seq);
  assert.deepEqual(Array.from(seqError.apdu.subarray(1)), [0x77, 0x63, 0x5b, 0x90], "0x0C carries the device's number");
  assert.equal(x.sequence, DEFAULT_FIRST_SEQUENCE + 1);
  assert.ok(x.outcome.kind === "response" && x.outcome.apdu[0] === RESPONSE_CODE.ok);
  assert.equal(port.sequence, DEFAULT_FIRST_SEQUENCE + 1);
  assert.equal(session.nextSequence, DEFAULT_FIRST_SEQUENCE + 2);
});

test("7.3: encrypted and plain requests are both served, each answered in kind", async (t) => {
  for (const encrypt of [true, false]) {
    const { session } = bench(t, { encrypt });
    const r = await session.readFull(BT01);
    assert.ok("data" in r && r.data.length === 24, `encrypt ${encrypt}`);
    assert.equal(session.lastExchange?.encrypted, encrypt);
  }
});

test("7.2: MAK is tried before MBK, and the key that verifies sets the access level", async (t) => {
  const { session } = bench(t);
  session.role = "basic";
  assert.ok("data" in (await session.readFull(ET03)), "the basic key reads");
  assert.equal((await session.writePartial(ET03, 0, Uint8Array.of(0x41))).code, RESPONSE_CODE.isc, "but may not write");
  session.role = "advanced";
  assert.equal((await session.writePartial(ET03, 0, Uint8Array.of(0x41))).code, RESPONSE_CODE.ok);
});

test("7.2: a single flipped bit gets 0x0B, alone and unencrypted; a replay gets 0x0C; the window is +8", async (t) => {
  const { session, port } = bench(t);
  await session.readFull(BT01);
  const seq = session.nextSequence;
  const { frame } = session.suite().protectRequest(readBt01, seq, true);
  const tampered = frame.slice();
  tampered[3] = (tampered[3] as number) ^ 0x10;
  assert.deepEqual(await session.sendRaw(tampered), Uint8Array.of(0x0b));
  assert.equal(port.sequence, seq - 1, "a refused request moves nothing");
  const ok = await session.exchange(readBt01, { sequence: seq, resynchronise: false });
  assert.ok(ok.outcome.kind === "response" && ok.outcome.apdu[0] === 0);
  const replay = await session.exchange(readBt01, { sequence: seq, resynchronise: false });
  assert.ok(replay.outcome.kind === "response" && replay.outcome.apdu[0] === RESPONSE_CODE.seq, "a replay");
  const edge = await session.exchange(readBt01, { sequence: seq + 8, resynchronise: false });
  assert.ok(edge.outcome.kind === "response" && edge.outcome.apdu[0] === 0, "+8 is inside the window");
  const beyond = await session.exchange(readBt01, { sequence: seq + 8 + 9, resynchronise: false });
  assert.ok(beyond.outcome.kind === "response" && beyond.outcome.apdu[0] === RESPONSE_CODE.seq, "+9 is not");
});

test("7.2: a key the device does not hold gets 0x0B", async (t) => {
  const { session } = bench(t);
  const wrong = new MepSession(
    createInProcessPair()[0],
    session.mepSettings,
    { advanced: rc4(parseHex("03".repeat(16))), basic: null },
    new Redactor(),
  );
  t.after(() => wrong.close());
  const { frame } = wrong.suite().protectRequest(readBt01, 5, false);
  assert.deepEqual(await session.sendRaw(frame), Uint8Array.of(0x0b));
});

test("6.8: an interface change moves the device's number on by 25; the session resynchronises; ET04's IDT version goes up", async (t) => {
  const { session, port } = bench(t);
  const before = await session.readFull(ET04);
  assert.ok("data" in before);
  const idt = before.data[ET04_FIELDS.idtVersion.offset] as number;
  const seqBefore = port.sequence;
  assert.equal((await session.writePartial(ET42, 0, Uint8Array.of(0x42))).code, 0);
  assert.equal(port.sequence, seqBefore + 1 + 25);
  const after = await session.readFull(ET04);
  assert.ok("data" in after && after.data[ET04_FIELDS.idtVersion.offset] === idt + 1);
  assert.ok(session.lastExchange?.resynchronisedAfter !== null, "the read after the change needed a resynchronisation");
});

test("9.10: a transaction's responses are read back from ET53", async (t) => {
  const { session } = bench(t);
  const entries = [
    encodeTableRequest({ service: "partial-read", tableId: BT01, offset: 0, count: 4 }, SECURED_TABLE_CODEC),
  ];
  const r = await session.transaction(11, entries, "le");
  assert.equal(r.written.code, 0);
  assert.ok("ok" in r.responses && r.responses.ok);
  assert.equal(r.responses.value.number, 11);
  assert.deepEqual(Array.from(r.responses.value.entries[0] ?? []), [
    0,
    0,
    4,
    ...Array.from("OSGC", (c) => c.charCodeAt(0)),
  ]);
});

test("7.4: in AES mode RC4-protected requests get 0x0B, and the provisional AES profile is served", async (t) => {
  const rc4Client = bench(t, { aesMode: true });
  assert.equal((await rc4Client.session.readFull(BT01)).code, RESPONSE_CODE.auth);
  const aesClient = bench(t, { aesMode: true, clientSuite: "aes128" });
  const r = await aesClient.session.readFull(BT01);
  assert.ok("data" in r && r.data.length === 24);
});

test("a response longer than one 117-byte segment arrives whole, after the 25 ms gaps", async (t) => {
  const { session } = bench(t);
  await session.readFull(BT01);
  const t0 = performance.now();
  const r = await session.readFull(ET04);
  const elapsed = performance.now() - t0;
  assert.ok("data" in r && r.data.length === 128);
  const frameLength = 2 + (session.lastResponse?.length ?? 0);
  assert.ok(frameLength > 117, `${frameLength} bytes need two segments`);
  assert.ok(elapsed >= 24, `two segments are 25 ms apart; the exchange took ${elapsed.toFixed(1)} ms`);
});
