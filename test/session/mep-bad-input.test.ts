import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_MEP_LINK_CONFIG } from "../../harness/link/mep/mep-link-config";
import { encodeMepFrame } from "../../harness/link/mep/mep-frame";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { mepKeys } from "../../harness/security/rc4-psk";
import { Redactor } from "../../harness/security/redactor";
import { rc4PskSuite } from "../../harness/security/security-suite";
import { MepSession } from "../../harness/session/mep-session";
import { SECURED_TABLE_CODEC } from "../../harness/session/secured-session";
import { defaultMepKeys, MepPort } from "../../harness/simulator/mep-port";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import { createInProcessPair } from "../../harness/transport/in-process";

/** The bad input of issue "clause 7": each answered as the spec says or dropped, and the session goes on. */
const suite = (text: string) =>
  rc4PskSuite(mepKeys(Uint8Array.from(Buffer.from(text, "latin1"))), {
    responseKeystream: "continue",
    emptyInput: "one-zero-block",
  });
const READ = encodeTableRequest({ service: "full-read", tableId: BT01 }, SECURED_TABLE_CODEC);

function bench(t: TestContext) {
  const [client, device] = createInProcessPair();
  const log: string[] = [];
  const port = new MepPort(device, {
    meter: new ReferenceMeter({ profile: profileNamed("reference") }),
    keys: defaultMepKeys(),
    log: (l) => log.push(l),
  });
  const session = new MepSession(
    client,
    {
      link: { ...DEFAULT_MEP_LINK_CONFIG, minRequestIntervalMs: 0, responseTimeoutMs: 200, retries: 0 },
      encrypt: true,
      firstSequence: 1,
    },
    { advanced: suite("MAK-OSGP-SIM-KEY"), basic: null },
    new Redactor(),
  );
  t.after(async () => {
    await session.close();
    await port.close();
  });
  return { session, client, log };
}

async function stillUsable(session: MepSession): Promise<void> {
  const r = await session.readFull(BT01);
  assert.ok("data" in r && r.data.length === 24, `the session goes on: code ${r.code}`);
}

test("a wrong key gets 0x0B; the session goes on", async (t) => {
  const { session } = bench(t);
  await stillUsable(session);
  const { frame } = suite("WRONG-KEY-16BYTE").protectRequest(READ, session.nextSequence, true);
  assert.deepEqual(await session.sendRaw(frame), Uint8Array.of(RESPONSE_CODE.auth));
  await stillUsable(session);
});

test("a truncated digest gets 0x0B; the session goes on", async (t) => {
  const { session } = bench(t);
  await stillUsable(session);
  const { frame } = session.suite().protectRequest(READ, session.nextSequence, false);
  assert.deepEqual(await session.sendRaw(frame.subarray(0, frame.length - 3)), Uint8Array.of(RESPONSE_CODE.auth));
  await stillUsable(session);
});

test("garbage after a valid frame is dropped by the device after its inter-byte time-out; the session goes on", async (t) => {
  const { session, client, log } = bench(t);
  await stillUsable(session);
  await client.write(Uint8Array.of(0x00, 0x30, 0x5a, 0x5a));
  await new Promise((r) => setTimeout(r, 120));
  assert.ok(
    log.some((l) => l.includes("bad frame")),
    log.join("\n"),
  );
  await stillUsable(session);
});

test("a length field that lies (more than the bytes sent) is dropped; a length over 476 too; the session goes on", async (t) => {
  const { session, client, log } = bench(t);
  await stillUsable(session);
  const frame = encodeMepFrame(session.suite().protectRequest(READ, session.nextSequence, false).frame);
  const lying = frame.slice();
  lying[1] = (lying[1] as number) + 40;
  await client.write(lying);
  await new Promise((r) => setTimeout(r, 120));
  // Sent together, these two bytes would be read as more of the lying frame's announced payload.
  await client.write(Uint8Array.of(0x7f, 0xff));
  await new Promise((r) => setTimeout(r, 120));
  assert.ok(log.filter((l) => l.includes("bad frame")).length >= 2, log.join("\n"));
  await stillUsable(session);
});

test("a sequence number far ahead gets 0x0C with the device's number; the session resynchronises", async (t) => {
  const { session } = bench(t);
  await stillUsable(session);
  const device = session.nextSequence - 1;
  const x = await session.exchange(READ, { sequence: device + 100000, resynchronise: false });
  assert.ok(x.outcome.kind === "response" && x.outcome.apdu[0] === RESPONSE_CODE.seq);
  assert.equal(session.nextSequence, device + 1, "the session takes the device's number + 1");
  await stillUsable(session);
});
