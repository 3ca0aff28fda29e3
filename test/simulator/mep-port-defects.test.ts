import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { DEFAULT_MEP_LINK_CONFIG } from "../../harness/link/mep/mep-link-config";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { EXTENDED_BASE } from "../../harness/protocol/table-id";
import { mepKeys } from "../../harness/security/rc4-psk";
import { Redactor } from "../../harness/security/redactor";
import { rc4PskSuite } from "../../harness/security/security-suite";
import { Secret } from "../../harness/security/secret";
import { MepSession } from "../../harness/session/mep-session";
import { SECURED_TABLE_CODEC } from "../../harness/session/secured-session";
import { DEFECTS, type DefectName } from "../../harness/simulator/defects";
import { MepPort } from "../../harness/simulator/mep-port";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import { createInProcessPair } from "../../harness/transport/in-process";
import { SECURED_DEFECTS } from "./secured-defects";

/**
 * The secured server's defects, each shown by a MEP client against the port: a check that is false
 * on the clean meter and true with the defect on.
 */
// The simulator's documented defaults: non-uniform, so that a key-byte-order error shows.
const MAK = Uint8Array.from(Buffer.from("MAK-OSGP-SIM-KEY", "latin1"));
const MBK = Uint8Array.from(Buffer.from("MBK-OSGP-SIM-KEY", "latin1"));
const ET03 = EXTENDED_BASE + 3;
const ET42 = EXTENDED_BASE + 42;
const READ = encodeTableRequest({ service: "full-read", tableId: BT01 }, SECURED_TABLE_CODEC);
const suite = (k: Uint8Array) =>
  rc4PskSuite(mepKeys(k), { responseKeystream: "continue", emptyInput: "one-zero-block" });

async function withPort(t: TestContext, defects: DefectName[], aes = false) {
  const [client, device] = createInProcessPair();
  const meter = new ReferenceMeter({
    profile: profileNamed("reference"),
    defects,
    securityMode: aes ? "aes128" : "rc4",
  });
  const port = new MepPort(device, { meter, keys: { mak: new Secret(MAK, "MAK"), mbk: new Secret(MBK, "MBK") } });
  const session = new MepSession(
    client,
    { link: { ...DEFAULT_MEP_LINK_CONFIG, minRequestIntervalMs: 0 }, encrypt: true, firstSequence: 1 },
    { advanced: suite(MAK), basic: suite(MBK) },
    new Redactor(),
  );
  t.after(async () => {
    await session.close();
    await port.close();
  });
  await session.exchange(READ);
  return { session, port };
}

type Check = (s: MepSession, port: MepPort) => Promise<boolean>;

const code = (x: { outcome: { kind: string; apdu?: Uint8Array } }) =>
  x.outcome.kind === "response" ? (x.outcome.apdu?.[0] ?? -1) : x.outcome.kind;

const CHECKS: Record<(typeof SECURED_DEFECTS)[number], Check> = {
  "replay-accepted": async (s) => {
    const seq = s.nextSequence;
    await s.exchange(READ, { sequence: seq, resynchronise: false });
    return code(await s.exchange(READ, { sequence: seq, resynchronise: false })) === 0;
  },
  "sequence-window-unbounded": async (s) =>
    code(await s.exchange(READ, { sequence: s.nextSequence + 1000, resynchronise: false })) === 0,
  "sequence-error-without-number": async (s) => {
    const x = await s.exchange(READ, { sequence: s.nextSequence - 5, resynchronise: false });
    return x.outcome.kind === "response" && x.outcome.apdu.length !== 5;
  },
  "digest-not-checked": async (s) => {
    const { frame } = s.suite().protectRequest(READ, s.nextSequence, false);
    frame[frame.length - 1] = (frame[frame.length - 1] as number) ^ 1;
    return (await s.sendRaw(frame)).length !== 1;
  },
  "digest-key-bytes-swapped": async (s) => code(await s.exchange(READ)) !== 0,
  "basic-key-full-access": async (s) => {
    s.role = "basic";
    return (await s.writePartial(ET03, 0, Uint8Array.of(0x41))).code === 0;
  },
  "auth-failure-digested": async (s) => {
    const { frame } = suite(parseHex("07".repeat(16))).protectRequest(READ, s.nextSequence, false);
    return (await s.sendRaw(frame)).length !== 1;
  },
  "response-not-encrypted": async (s) => (await s.exchange(READ, { encrypt: true })).outcome.kind === "unverified",
  "aes-mode-accepts-rc4": async () => false,
  "ica-no-sequence-jump": async (s, port) => {
    const before = port.sequence;
    await s.writePartial(ET42, 0, Uint8Array.of(0x77));
    return port.sequence !== before + 1 + 25;
  },
};

test("every secured-server defect has a check", () => {
  assert.deepEqual(Object.keys(CHECKS).sort(), [...SECURED_DEFECTS].sort());
});

for (const [defect, violated] of Object.entries(CHECKS) as [(typeof SECURED_DEFECTS)[number], Check][]) {
  if (defect === "aes-mode-accepts-rc4") continue;
  test(`defect ${defect} (${DEFECTS[defect].clause}): ${DEFECTS[defect].what}`, async (t) => {
    const clean = await withPort(t, []);
    assert.equal(await violated(clean.session, clean.port), false, "the clean meter keeps the rule");
    const broken = await withPort(t, [defect]);
    assert.equal(await violated(broken.session, broken.port), true, "the defect breaks it");
  });
}

test(`defect aes-mode-accepts-rc4 (${DEFECTS["aes-mode-accepts-rc4"].clause}): ${DEFECTS["aes-mode-accepts-rc4"].what}`, async (t) => {
  for (const [defects, served] of [
    [[], false],
    [["aes-mode-accepts-rc4"], true],
  ] as [DefectName[], boolean][]) {
    const [client, device] = createInProcessPair();
    const meter = new ReferenceMeter({ profile: profileNamed("reference"), defects, securityMode: "aes128" });
    const port = new MepPort(device, { meter, keys: { mak: new Secret(MAK, "MAK"), mbk: new Secret(MBK, "MBK") } });
    const s = new MepSession(
      client,
      { link: { ...DEFAULT_MEP_LINK_CONFIG, minRequestIntervalMs: 0 }, encrypt: true, firstSequence: 1 },
      { advanced: suite(MAK), basic: null },
      new Redactor(),
    );
    t.after(async () => {
      await s.close();
      await port.close();
    });
    const r = await s.readFull(BT01);
    assert.equal(r.code === 0, served);
    if (!served) assert.equal(r.code, RESPONSE_CODE.auth);
  }
});
