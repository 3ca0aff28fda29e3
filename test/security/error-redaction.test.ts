import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex } from "../../harness/bytes/hex";
import { verdictForError } from "../../harness/conformance/checks";
import { loadPixit, PIXIT_DEFAULTS, overlayPixit } from "../../harness/conformance/pixit";
import { pixitRedactor } from "../../harness/conformance/pixit-redactor";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { DecodeError, LinkError, OsgpError, SessionError } from "../../harness/errors";
import { ResultStore } from "../../harness/fuzz/campaign/result-store";
import { encodeLinkRequest, PASSWORD_LENGTH } from "../../harness/link/c1218/link-services";
import { encodePacket } from "../../harness/link/c1218/packet";
import { decodeCodeOnlyResponse } from "../../harness/protocol/table-responses";
import { redactAttachment } from "../../harness/report/redacted-attachment";
import { writeSummary } from "../../harness/report/summary-writer";
import { MASK, Redactor } from "../../harness/security/redactor";
import { Secret } from "../../harness/security/secret";
import { formatTrace, Trace } from "../../harness/session/trace";
import { filesUnder, findSecret, secretPattern } from "../support/secret-scan";

const MK = "SIM-MASTER-KEY";
const MK_BYTES = Uint8Array.from(Buffer.from(MK, "latin1"));

/** What the world's redactor holds: the key and its 20-byte wire form. */
function scenarioRedactor(): Redactor {
  return pixitRedactor(overlayPixit(PIXIT_DEFAULTS, { keys: { master: { text: MK } } }));
}

function securityRequest(): Uint8Array {
  const field = new Uint8Array(PASSWORD_LENGTH);
  field.set(MK_BYTES);
  return encodeLinkRequest({ service: "security", password: field });
}

/** The key in `text` as hex in any case and spacing, or as its characters. */
function leaks(text: string): boolean {
  return secretPattern(MK_BYTES).test(text) || text.includes(MK);
}

test("an exchange error built with a Security request's bytes keeps them as data and never quotes them", () => {
  const request = securityRequest();
  const timeout = new SessionError("OSGP_ERR_RESPONSE_TIMEOUT", "no response within 2000 ms to the request", {
    bytes: request,
  });
  const packet = encodePacket({
    identity: 0,
    multiPacket: false,
    firstPacket: false,
    toggle: false,
    dataFormat: 0,
    reservedBits: 0,
    sequence: 0,
    data: request,
  });
  const noAck = new LinkError("OSGP_ERR_NO_ACK", "packet 1 of 1 not acknowledged after 4 attempt(s) (last: NAK)", {
    bytes: packet,
  });
  for (const e of [timeout, noAck]) {
    assert.ok(!leaks(e.message), e.message);
    assert.ok(!leaks(e.stack ?? ""), "the stack repeats the message");
    assert.match(e.message, /\[\d+ bytes sent, not quoted: they may hold a key\]$/);
    assert.ok(e.bytes !== undefined && leaks(toHex(e.bytes)), "the bytes stay on the error");
  }
});

test("through the verdict path the time-out of a Security request is inconclusive, quotes the request masked, and holds no key", () => {
  const e = new SessionError("OSGP_ERR_RESPONSE_TIMEOUT", "no response within 2000 ms to the request", {
    bytes: securityRequest(),
  });
  const v = verdictForError(e, "step", scenarioRedactor());
  assert.ok(v instanceof Inconclusive);
  assert.ok(!leaks(v.message) && !leaks(v.stack ?? ""), v.message);
  // The code, then every byte of the password field and all after it hidden: not even its length shows.
  assert.match(v.message, /^step: OSGP_ERR_RESPONSE_TIMEOUT: /);
  assert.ok(
    v.message.endsWith(`bytes sent: [51 ${new Array<string>(PASSWORD_LENGTH).fill(MASK).join(" ")}]`),
    v.message,
  );
});

test("a device that echoes the password: the decode error quotes it, the verdict is a FAIL without it", () => {
  const echoed = decodeCodeOnlyResponse(securityRequest());
  assert.ok(!echoed.ok);
  assert.ok(echoed.error instanceof DecodeError);
  assert.ok(leaks(echoed.error.message), "a decode error quotes what it could not decode");
  const v = verdictForError(echoed.error, "step", scenarioRedactor());
  assert.ok(v instanceof ConformanceAssertionError);
  assert.equal(v.name, "ConformanceAssertionError", "Allure tells a fail by the name");
  assert.ok(!leaks(v.message) && !leaks(v.stack ?? ""), v.message);
  assert.match(v.message, /does not decode: .*\[51 \*\* \*\*/);
});

test("any verdict leaving a step is scrubbed: its message, its stack and its causes, in hex of any form and as text", () => {
  const redactor = scenarioRedactor();
  const upper = Array.from(MK_BYTES, (b) => b.toString(16).toUpperCase().padStart(2, "0"));
  const forms = [toHex(MK_BYTES), upper.join(":"), upper.join(""), upper.map((h) => `0x${h}`).join(", "), MK];
  for (const form of forms) {
    const cause = new OsgpError("OSGP_ERR_PIXIT", `x ${form} y`);
    const v = verdictForError(
      new ConformanceAssertionError(`the device answered ${form}`, [{ label: "raw", hex: toHex(MK_BYTES) }]),
      "step",
      redactor,
    );
    const c = verdictForError(new Error(`wrapped: ${form}`, { cause }), "step", redactor);
    for (const text of [v.message, v.stack ?? "", c.message, c.stack ?? "", cause.message, cause.stack ?? ""])
      assert.ok(!leaks(text), `${form}: ${text.split("\n")[0]}`);
  }
  // Text that holds no key is left as it was.
  const plain = verdictForError(new Inconclusive("no response from 1/11"), "step", redactor);
  assert.equal(plain.message, "no response from 1/11");
});

test("the redactor's text scrub: a padded wire form whole, JSON-escaped text, and short raw keys left alone", () => {
  const r = new Redactor();
  const quoted = Secret.fromText('K"EY\\1', "k");
  r.add(quoted);
  assert.equal(r.scrub(JSON.stringify({ key: 'K"EY\\1' })), `{"key":"${MASK}"}`);
  const field = securityRequest();
  const s = scenarioRedactor();
  assert.equal(s.scrub(`[${toHex(field)}]`), `[51 ${new Array<string>(PASSWORD_LENGTH).fill(MASK).join(" ")}]`);
  const short = new Redactor();
  short.add(Secret.fromHex("00 01", "short"));
  assert.equal(short.scrub("30 00 01 00 01"), "30 00 01 00 01");
  assert.equal(new Redactor().scrub(MK), MK, "a redactor without keys changes nothing");
});

test("trace notes and summaries learnt later are scrubbed as they are recorded", () => {
  const trace = new Trace(scenarioRedactor());
  trace.note(`device description not read: OSGP_ERR_TRAILING_BYTES [${toHex(securityRequest())}]`);
  trace.record("rx", "packet", securityRequest(), `echo ${MK}`);
  trace.amend(1, `undecodable response ${toHex(MK_BYTES).toUpperCase()}`);
  const text = formatTrace(trace.entries()) + JSON.stringify(trace.entries());
  assert.ok(!leaks(text), text);
});

test("attachments, the summary and the fuzz results are scrubbed as they are written", () => {
  const redactor = scenarioRedactor();
  const dir = mkdtempSync(join(tmpdir(), "osgp-error-redaction-"));
  assert.ok(!leaks(redactAttachment(redactor, `frames ${toHex(MK_BYTES)}`, "text/plain")));
  assert.ok(
    !leaks(
      redactAttachment(redactor, Buffer.from(JSON.stringify({ hex: toHex(MK_BYTES) })), {
        mediaType: "application/json",
      }).toString("latin1"),
    ),
  );
  const capture = redactAttachment(
    redactor,
    Buffer.concat([Buffer.from([0xd4, 0xc3]), Buffer.from(MK_BYTES), Buffer.from([0x01])]),
    "application/vnd.tcpdump.pcap",
  );
  assert.deepEqual(
    [...capture],
    [0xd4, 0xc3, ...new Array<number>(MK_BYTES.length).fill(0x2a), 0x01],
    "binary data keeps its length, the key's bytes overwritten",
  );

  const reason = `step: the device's answer does not decode: [${toHex(securityRequest())}]`;
  writeSummary(
    dir,
    { target: "t", harnessVersion: "0", pixitFile: null, startedAt: "", finishedAt: "", device: { serial: MK } },
    [{ name: "s", uri: "u", clauses: ["9.3"], verdict: "fail", reason, provisional: false }],
    redactor,
  );
  const store = new ResultStore(dir, "table-reads", "optical", new Date(0), redactor);
  store.appendCase({ finding: reason, json: { bytes: securityRequest() } });
  store.writeJson("summary.json", { reason });
  store.writeText("summary.txt", reason);
  const files = filesUnder(dir);
  assert.equal(files.length, 5);
  assert.deepEqual(findSecret(files, MK_BYTES), []);
  // The scan finds what the writers would have written without the redactor.
  writeFileSync(join(dir, "planted.txt"), reason);
  assert.deepEqual(findSecret(filesUnder(dir), MK_BYTES), [join(dir, "planted.txt")]);
  assert.match(readFileSync(join(dir, "summary.md"), "utf8"), /\*\*/);
});

test("a PIXIT file that is not JSON is refused without quoting the key text around the fault", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-pixit-json-"));
  for (const text of [`{"keys": {"master": {"text": ${MK}"}}}`, `{"keys": {"master": {"text": "${MK}"}} x`, MK]) {
    const file = join(dir, "pixit.json");
    writeFileSync(file, text);
    assert.throws(
      () => loadPixit(file),
      (e: Error) =>
        e.message.includes("is not JSON") && !e.message.includes(MK.slice(0, 4)) && !e.message.includes(MK.slice(-4)),
    );
  }
});
