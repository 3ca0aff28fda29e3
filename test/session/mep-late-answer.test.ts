import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_MEP_LINK_CONFIG } from "../../harness/link/mep/mep-link-config";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { mepKeys } from "../../harness/security/rc4-psk";
import { Redactor } from "../../harness/security/redactor";
import { rc4PskSuite } from "../../harness/security/security-suite";
import { MepSession } from "../../harness/session/mep-session";
import { defaultMepKeys, MepPort } from "../../harness/simulator/mep-port";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import { createInProcessPair } from "../../harness/transport/in-process";

/**
 * A device that answers past the response time (the reference meter with mep-response-late, 750 ms
 * against the harness's 500) answers the request and its retransmission too. The second answer
 * arrives after the next request is sent; it belongs to the earlier request and must never be taken
 * for the next one's, which would then "not verify" and fail under the wrong rule.
 */
const MAK = "MAK-OSGP-SIM-KEY";

function lateBench(t: TestContext) {
  const [client, device] = createInProcessPair();
  const meter = new ReferenceMeter({ profile: profileNamed("reference"), defects: ["mep-response-late"] });
  const port = new MepPort(device, { meter, keys: defaultMepKeys() });
  const session = new MepSession(
    client,
    { link: { ...DEFAULT_MEP_LINK_CONFIG, minRequestIntervalMs: 0 }, encrypt: true, firstSequence: 1 },
    {
      advanced: rc4PskSuite(mepKeys(Uint8Array.from(Buffer.from(MAK, "latin1"))), {
        responseKeystream: "continue",
        emptyInput: "one-zero-block",
      }),
      basic: null,
    },
    new Redactor(),
  );
  t.after(async () => {
    await session.close();
    await port.close();
  });
  return session;
}

test("a late answer to a retransmission is set aside, marked in the trace, and each request gets its own answer", async (t) => {
  const session = lateBench(t);
  // Sequence 1 is out of the device's window: 0x0C (answered twice), then the read again (answered twice).
  const first = await session.readFull(BT01);
  assert.ok("data" in first && first.data.length === 24, `the first read is served: code ${first.code}`);
  const x = session.lastExchange;
  assert.ok(x?.resynchronisedAfter?.outcome.kind === "response", "the 0x0C came first and verified");
  assert.equal(x.resynchronisedAfter.outcome.apdu[0], RESPONSE_CODE.seq);
  const second = await session.readPartial(BT01, 0, 4);
  assert.ok("data" in second && second.data.length === 4, `the next read is served too: code ${second.code}`);
  const late = session.trace.entries().filter((e) => e.summary.includes("late answer to an earlier request"));
  assert.ok(late.length >= 2, `late answers are marked: ${late.length}`);
  for (const e of late) assert.equal(e.direction, "rx");
  assert.ok(
    session.trace.entries().every((e) => !e.summary.includes("does not verify")),
    "no answer was checked against a request it does not answer",
  );
});
