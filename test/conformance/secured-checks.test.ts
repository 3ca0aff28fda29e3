import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { expectRetransmissionAnswer, expectSetUpAccepted } from "../../harness/conformance/secured-checks";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import type { SuiteContext } from "../../harness/security/security-suite";
import type { SecuredExchange } from "../../harness/session/secured-session";

/**
 * 9.7: the answer to the request just served, sent again byte for byte, judged against the first
 * sending's answer and what the PIXIT allows. Frames and APDUs are written by hand: the judge only
 * compares frames and reads the verified APDU.
 */
function exchange(responseFrame: string, apdu: string): SecuredExchange {
  return {
    apdu: parseHex("40 00 07"),
    context: {} as SuiteContext,
    role: "advanced",
    sequence: 0x77635b91,
    encrypted: true,
    frame: parseHex("00 14 50 47 27 fd a8 3d cc 44 5f f5 b9 87 c3 3f bc 13 40 f4 72 f7"),
    responseFrame: parseHex(responseFrame),
    outcome: { kind: "response", apdu: parseHex(apdu) },
    resynchronisedAfter: null,
  };
}

const FIRST = exchange("00 09 a1 b2 c3 d4 e5 f6 07 18 29", "00");
const SAME = exchange("00 09 a1 b2 c3 d4 e5 f6 07 18 29", "00");
const REPLAY_REFUSED = exchange("00 0d 12 a5 75 26 ea 06 90 18 7a 3a 57 08 8b", "0c 77 63 5b 91");
const EXECUTED_AGAIN = exchange("00 09 5a 4b 3c 2d 1e 0f f0 e1 d2", "00");

const fails = (allowed: Parameters<typeof expectRetransmissionAnswer>[2], again: SecuredExchange, message: RegExp) =>
  assert.throws(
    () => expectRetransmissionAnswer(FIRST, again, allowed, "the resend"),
    (e: unknown) => e instanceof ConformanceAssertionError && message.test(e.message),
  );

test("with both answers allowed (the MEP default), the first response again and 0x0C both pass; a new answer fails", () => {
  const both = ["same-response", "sequence-error"] as const;
  assert.doesNotThrow(() => expectRetransmissionAnswer(FIRST, SAME, both, "the resend"));
  assert.doesNotThrow(() => expectRetransmissionAnswer(FIRST, REPLAY_REFUSED, both, "the resend"));
  fails(both, EXECUTED_AGAIN, /^the resend: expected 0x0C with the device's sequence number, the device answered ok/);
});

test("0x0C alone (a replay, as on PLC): the first response again fails", () => {
  assert.doesNotThrow(() => expectRetransmissionAnswer(FIRST, REPLAY_REFUSED, ["sequence-error"], "the resend"));
  fails(["sequence-error"], SAME, /expected 0x0C with the device's sequence number, the device answered ok/);
});

test("the first response alone: 0x0C fails, with both sendings' frames as evidence", () => {
  assert.doesNotThrow(() => expectRetransmissionAnswer(FIRST, SAME, ["same-response"], "the resend"));
  fails(
    ["same-response"],
    REPLAY_REFUSED,
    /^the resend: expected the first response again, byte for byte; the device answered seq \(0x0c\)[^]*first sending: answer frame: \[00 09 a1/,
  );
});

test("a set-up write the device refuses is undecided, naming the code and the remedy; one answered 0x0B is a breach", () => {
  assert.doesNotThrow(() => expectSetUpAccepted(SAME, "the set-up write", "name another"));
  for (const [apdu, name] of [
    ["05", "iar"],
    ["04", "onp"],
    ["03", "isc"],
  ] as const)
    assert.throws(
      () => expectSetUpAccepted(exchange("00 03 aa bb cc", apdu), "the set-up write", "name another"),
      (e: unknown) =>
        e instanceof Inconclusive &&
        new RegExp(`^the set-up write: the device refused it \\(${name}\\b.*\\); name another$`).test(e.message),
    );
  assert.throws(
    () => expectSetUpAccepted({ ...SAME, outcome: { kind: "auth-failure" } }, "the set-up write", "name another"),
    (e: unknown) => e instanceof ConformanceAssertionError && /0x0B \(authentication failure\)/.test(e.message),
  );
});
