import { test } from "node:test";
import assert from "node:assert/strict";
import { DecodeError, LinkError, SessionError, TransportError } from "../../harness/errors";
import { LinkHealth, linkEvidenceOf, linkHealthFor } from "../../harness/conformance/link-health";

const NO_ACK = {
  ok: false as const,
  error: new LinkError("OSGP_ERR_NO_ACK", "no ACK after 4 attempts", {
    bytes: Uint8Array.of(0x51, 0x53, 0x45, 0x43, 0x52, 0x45, 0x54),
  }),
};
const TIMEOUT = {
  ok: false as const,
  error: new SessionError("OSGP_ERR_RESPONSE_TIMEOUT", "no response within 2000 ms to the request"),
};
const OK = { ok: true as const };
const T0 = new Date(2026, 0, 2, 10, 20, 30).getTime();

test("exchanges are judged by what they say of the link: answers alive, silence and port errors dead, the rest nothing", () => {
  assert.equal(linkEvidenceOf(OK), "alive");
  assert.equal(
    linkEvidenceOf({ ok: false, error: new DecodeError("OSGP_ERR_TRUNCATED", "short") }),
    "alive",
    "a garbled answer is still an answer",
  );
  assert.equal(linkEvidenceOf(NO_ACK), "dead");
  assert.equal(linkEvidenceOf(TIMEOUT), "dead");
  assert.equal(linkEvidenceOf({ ok: false, error: new LinkError("OSGP_ERR_MEP_NO_RESPONSE", "x") }), "dead");
  assert.equal(linkEvidenceOf({ ok: false, error: new LinkError("OSGP_ERR_PLC_NO_RESPONSE", "x") }), "dead");
  assert.equal(linkEvidenceOf({ ok: false, error: new TransportError("OSGP_ERR_PORT_OPEN", "x") }), "dead");
  assert.equal(linkEvidenceOf({ ok: false, error: new SessionError("OSGP_ERR_SESSION_STATE", "closed") }), "unknown");
  assert.equal(linkEvidenceOf({ ok: false, error: new Error("a bug") }), "unknown");
});

test("the link is lost after the PIXIT's number of consecutive failures, and any answer resets the count", () => {
  const h = new LinkHealth({ deadAfterFailures: 3, probeIntervalMs: 60_000 });
  h.record(NO_ACK, T0);
  h.record(TIMEOUT, T0);
  h.record(OK, T0);
  assert.deepEqual(h.state, { kind: "healthy", consecutiveFailures: 0 });
  h.record(NO_ACK, T0);
  h.record({ ok: false, error: new SessionError("OSGP_ERR_SESSION_STATE", "closed") }, T0);
  h.record(NO_ACK, T0);
  assert.deepEqual(
    h.state,
    { kind: "healthy", consecutiveFailures: 2, garbledSeen: false },
    "an error that says nothing of the link neither counts nor resets",
  );
  h.record(TIMEOUT, T0 + 1000);
  assert.equal(h.state.kind, "lost");
  assert.equal(h.admit("scenario 1", T0 + 2000).kind, "refuse");
});

test("a silence the scenario asked for never counts against the link", () => {
  const h = new LinkHealth({ deadAfterFailures: 2, probeIntervalMs: 60_000 });
  for (let i = 0; i < 10; i++) h.record(TIMEOUT, T0, true);
  assert.deepEqual(h.state, { kind: "healthy", consecutiveFailures: 0 });
  h.record(OK, T0, true);
  assert.equal(h.admit("s", T0).kind, "go");
});

test("a lost link is refused without a probe until the interval, then probed once per scenario, at most once per interval", () => {
  const h = new LinkHealth({ deadAfterFailures: 1, probeIntervalMs: 60_000 });
  assert.deepEqual(h.admit("a", T0), { kind: "go" });
  h.record(NO_ACK, T0);
  const refused = h.admit("a", T0 + 59_999);
  assert.equal(refused.kind, "refuse");
  assert.equal(
    refused.kind === "refuse" ? refused.reason : "",
    "the link to the device was lost at 10:20:30 after 1 consecutive failures (last: OSGP_ERR_NO_ACK: no ACK after 4 attempts); not probed again until 10:21:30",
  );
  assert.doesNotMatch(
    refused.kind === "refuse" ? refused.reason : "",
    /\[|51 ?53 ?45/,
    "a request's bytes (a password, maybe) stay out of the reason",
  );
  assert.deepEqual(h.admit("b", T0 + 60_000), { kind: "probe" });
  assert.equal(h.admit("b", T0 + 200_000).kind, "refuse", "one probe per scenario");
  h.record(TIMEOUT, T0 + 61_000);
  const after = h.admit("c", T0 + 62_000);
  assert.equal(after.kind, "refuse", "the next probe waits a whole interval from the last one");
  assert.match(
    after.kind === "refuse" ? after.reason : "",
    /lost at 10:20:30 after 1 consecutive failures \(last: OSGP_ERR_RESPONSE_TIMEOUT: .*\); probed at 10:21:30 without an answer; not probed again until 10:22:30$/,
  );
  assert.deepEqual(h.admit("c", T0 + 120_000), { kind: "probe" });
});

test("a link that answers a probe is healthy again and every scenario may use it", () => {
  const h = new LinkHealth({ deadAfterFailures: 2, probeIntervalMs: 1000 });
  h.record(NO_ACK, T0);
  h.record(NO_ACK, T0);
  assert.equal(h.admit("x", T0 + 1000).kind, "probe");
  h.record(OK, T0 + 1100);
  assert.deepEqual(h.admit("x", T0 + 1200), { kind: "go" });
  assert.deepEqual(h.admit("y", T0 + 1200), { kind: "go" });
  h.record(NO_ACK, T0 + 1300);
  assert.equal(h.state.kind, "healthy", "the count starts again from 0");
});

test("0 failures means the link is never judged lost", () => {
  const h = new LinkHealth({ deadAfterFailures: 0, probeIntervalMs: 1000 });
  for (let i = 0; i < 100; i++) h.record(NO_ACK, T0);
  assert.equal(h.admit("s", T0).kind, "go");
});

test("one health per target text in a process", () => {
  const s = { deadAfterFailures: 3, probeIntervalMs: 1000 };
  assert.equal(linkHealthFor("optical:/dev/ttyTEST-A", s), linkHealthFor("optical:/dev/ttyTEST-A", s));
  assert.notEqual(linkHealthFor("optical:/dev/ttyTEST-A", s), linkHealthFor("mep:/dev/ttyTEST-A", s));
});

test("a link lost in a streak that had packets that never check is told apart from a silent one", () => {
  const garbled = {
    ok: false as const,
    error: new SessionError(
      "OSGP_ERR_GARBLED_RESPONSE",
      "no response within 2000 ms; 4 packet(s) that did not check came meanwhile",
    ),
  };
  const h = new LinkHealth({ deadAfterFailures: 2, probeIntervalMs: 60000 });
  h.record(garbled, T0);
  h.record(TIMEOUT, T0 + 1);
  assert.equal(h.state.kind, "lost");
  assert.equal(h.garbled, true);
  const silent = new LinkHealth({ deadAfterFailures: 2, probeIntervalMs: 60000 });
  silent.record(TIMEOUT, T0);
  silent.record(TIMEOUT, T0 + 1);
  assert.equal(silent.state.kind, "lost");
  assert.equal(silent.garbled, false);
  h.record(OK, T0 + 2);
  assert.equal(h.garbled, false, "healthy again");
});
