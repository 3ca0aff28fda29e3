import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../../harness/errors";
import { overlayPixit, PIXIT_DEFAULTS } from "../../../harness/conformance/pixit";
import {
  checkSameSuite,
  featureHashes,
  readRecording,
  RecordingSink,
  recordedTarget,
  scenarioKey,
  startRecording,
} from "../../../harness/conformance/recording/recording-file";
import { maskedHex, parseMaskedHex } from "../../../harness/conformance/recording/recording-format";
import { KeyForms } from "../../../harness/conformance/recording/recording-keys";
import { HARNESS_VERSION } from "../../../harness/version";

const PIXIT = overlayPixit(PIXIT_DEFAULTS, { keys: { master: { text: "SIM-MASTER-KEY" }, reader: { hex: "010203" } } });
const MK = Buffer.from("SIM-MASTER-KEY", "latin1");

function fresh(): string {
  return join(mkdtempSync(join(tmpdir(), "osgp-recording-")), "bench.jsonl");
}

/**
 * A recording of one scenario, one connection: the harness logs on with MK (padded to 20 bytes), the device answers.
 */
function sample(file: string): void {
  startRecording(file, { tags: "@clause-9.3", targets: [{ target: "optical:/dev/ttyX", link: "optical" }] });
  const sink = new RecordingSink(file);
  const keys = new KeyForms(PIXIT);
  const logon = Buffer.concat([Buffer.from([0xee, 0x51]), MK, Buffer.alloc(6)]);
  sink.write({
    kind: "scenario",
    target: "optical:/dev/ttyX",
    scenario: "features/a.feature:7",
    name: "Reads BT01",
    wallStart: "2026-03-01T10:00:00.000Z",
  });
  sink.write({
    kind: "event",
    target: "optical:/dev/ttyX",
    scenario: "features/a.feature:7",
    connection: 1,
    event: { dir: "open", t: 0.5, description: "serial /dev/ttyX 9600 8N1" },
  });
  sink.write({
    kind: "event",
    target: "optical:/dev/ttyX",
    scenario: "features/a.feature:7",
    connection: 1,
    event: { dir: "tx", t: 1, done: 1.25, bytes: keys.mask(new Uint8Array(logon)) },
  });
  sink.write({
    kind: "event",
    target: "optical:/dev/ttyX",
    scenario: "features/a.feature:7",
    connection: 1,
    event: { dir: "rx", t: 12.5, bytes: keys.mask(Uint8Array.of(0x06, 0x00)) },
  });
}

test("a recording reads back as it was written, with the master key's padded password field as one placeholder and none of its bytes", () => {
  const file = fresh();
  sample(file);
  const text = readFileSync(file, "utf8");
  assert.ok(!text.includes("SIM-MASTER") && !text.includes("53 49 4d 2d"), "no key, as text or hex");
  assert.match(text, /"hex":"ee 51 <master 20>"/);
  const r = readRecording(file);
  assert.equal(r.header.harness, HARNESS_VERSION);
  assert.equal(r.header.tags, "@clause-9.3");
  const s = r.scenarios.get(scenarioKey("optical:/dev/ttyX", "features/a.feature:7"));
  assert.equal(s?.name, "Reads BT01");
  assert.equal(s?.wallStartMs, Date.parse("2026-03-01T10:00:00.000Z"));
  const [open, tx, rx] = s?.connections[0] ?? [];
  assert.deepEqual(open, { dir: "open", t: 0.5, description: "serial /dev/ttyX 9600 8N1" });
  assert.equal(tx?.dir, "tx");
  if (tx?.dir !== "tx" || rx?.dir !== "rx") return;
  assert.equal(tx.done, 1.25);
  assert.equal(tx.bytes.keys[2]?.role, "master");
  assert.equal(tx.bytes.keys[21]?.index, 19);
  assert.equal(new KeyForms(PIXIT).byteOf(tx.bytes.keys[2]!), MK[0], "the PIXIT's key puts the byte back");
  assert.deepEqual([...rx.bytes.bytes], [0x06, 0x00]);
});

test("key placeholders: whole forms, parts of a form, the raw key apart from its padded field, and a short key only padded", () => {
  const keys = new KeyForms(PIXIT);
  const raw = keys.mask(new Uint8Array([0x01, ...MK, 0x02]));
  assert.equal(maskedHex(raw), "01 <master 14> 02", "the key not followed by its padding is its 14-byte raw form");
  const reader = keys.mask(Uint8Array.of(0xaa, 1, 2, 3, 0xbb));
  assert.equal(
    maskedHex(reader),
    "aa 01 02 03 bb",
    "a 3-byte key alone is too likely by chance: only its padded field is looked for",
  );
  const padded = keys.mask(Uint8Array.of(1, 2, 3, ...new Array<number>(17).fill(0)));
  assert.equal(maskedHex(padded), "<reader 20>");
  const part = parseMaskedHex("ee <master 20 3-5> 00", "test");
  assert.equal(part.bytes.length, 5);
  assert.deepEqual(part.keys[1], { role: "master", length: 20, index: 3 });
  assert.equal(maskedHex(part), "ee <master 20 3-5> 00", "and it formats back the same");
  assert.throws(() => parseMaskedHex("ee <master 20 3-25>", "test"), /outside its 20-byte form/);
  assert.throws(() => parseMaskedHex("ee <admin 20>", "test"), /no PIXIT key role/);
  assert.throws(() => parseMaskedHex("ee zz", "test"), /at character 2/);
});

test("openTail finds where a key may be starting at the end of the bytes, so that no part of one is written before it is recognised", () => {
  const keys = new KeyForms(PIXIT);
  assert.equal(keys.openTail(Uint8Array.of(0x10, ...MK.subarray(0, 3))), 1, "SIM at the end: may be the master key");
  assert.equal(keys.openTail(Uint8Array.of(0x10, 0x11)), 2, "nothing open");
  assert.equal(keys.openTail(Uint8Array.of(0x10, ...MK)), 1, "the whole raw key: its padded field may still follow");
});

function expectRecordingError(file: string, pattern: RegExp): void {
  assert.throws(
    () => readRecording(file),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.code === "OSGP_ERR_RECORDING" &&
      pattern.test(e.message) &&
      e.message.includes(file),
  );
}

test("a file cut short in its last line is refused, naming the line, and so is one of another format version or none at all", () => {
  const cut = fresh();
  sample(cut);
  const whole = readFileSync(cut, "utf8");
  writeFileSync(cut, whole.slice(0, whole.length - 10));
  expectRecordingError(cut, /cut short: its last line \(5\) ends without a newline/);

  const other = fresh();
  sample(other);
  const lines = readFileSync(other, "utf8").split("\n");
  lines[0] = lines[0]!.replace('"version":1', '"version":2');
  writeFileSync(other, lines.join("\n"));
  expectRecordingError(other, /format version 2; this harness reads version 1/);

  const junk = fresh();
  writeFileSync(junk, "hello\n");
  expectRecordingError(junk, /not a bench recording/);
  expectRecordingError(join(tmpdir(), "no-such-recording.jsonl"), /cannot read recording/);
});

test("lines that do not hold together are refused with the line: an event before its scenario, a connection out of order, a bad field", () => {
  const early = fresh();
  startRecording(early, { tags: null, targets: [{ target: "sim", link: "optical" }] });
  appendFileSync(
    early,
    `${JSON.stringify({ target: "sim", scenario: "f:1", connection: 1, dir: "open", t: 0, description: "x" })}\n`,
  );
  expectRecordingError(early, /line 2: an event of scenario f:1 of sim, which has not begun/);

  const skipped = fresh();
  startRecording(skipped, { tags: null, targets: [{ target: "sim", link: "optical" }] });
  appendFileSync(
    skipped,
    `${JSON.stringify({ target: "sim", scenario: "f:1", name: "n", wallStart: "2026-01-01T00:00:00Z" })}\n`,
  );
  appendFileSync(
    skipped,
    `${JSON.stringify({ target: "sim", scenario: "f:1", connection: 2, dir: "open", t: 0, description: "x" })}\n`,
  );
  expectRecordingError(skipped, /line 3: connection 2 opens after 0/);

  const bad = fresh();
  startRecording(bad, { tags: null, targets: [{ target: "sim", link: "optical" }] });
  appendFileSync(
    bad,
    `${JSON.stringify({ target: "sim", scenario: "f:1", name: "n", wallStart: "2026-01-01T00:00:00Z" })}\n`,
  );
  appendFileSync(bad, `${JSON.stringify({ target: "sim", scenario: "f:1", connection: 1, dir: "sideways", t: 0 })}\n`);
  expectRecordingError(bad, /line 3: "dir" must be open, refused, tx, rx, baud or lost/);
});

test("a recording of another suite version is refused, naming what differs: harness version, changed, added and removed feature files", () => {
  const file = fresh();
  sample(file);
  const r = readRecording(file);
  assert.doesNotThrow(() => checkSameSuite(r), "the suite that made it");
  const features = { ...featureHashes() };
  const [first, second] = Object.keys(features);
  features[first!] = "0".repeat(64);
  delete features[second!];
  features["features/zz-new.feature"] = "1".repeat(64);
  assert.throws(
    () => checkSameSuite(r, "9.9.9", features),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.code === "OSGP_ERR_RECORDING" &&
      e.message.includes(`made by harness ${HARNESS_VERSION}, this is 9.9.9`) &&
      e.message.includes(`changed since: ${first}`) &&
      e.message.includes(`removed since: ${second}`) &&
      e.message.includes("added since: features/zz-new.feature"),
  );
});

test("the target of a replay: the only one, or the one named by number when the run had several", () => {
  const file = fresh();
  startRecording(file, {
    tags: null,
    targets: [
      { target: "optical:/dev/a", link: "optical" },
      { target: "mep:/dev/b", link: "mep" },
    ],
  });
  const r = readRecording(file);
  assert.deepEqual(recordedTarget(r, 2), { target: "mep:/dev/b", link: "mep" });
  assert.throws(() => recordedTarget(r, null), /holds 2 targets \(#1 optical:\/dev\/a, #2 mep:\/dev\/b\): name one/);
  assert.throws(() => recordedTarget(r, 3), /has no target #3/);
});

test("a serial target's line is kept in the header for the replay to judge timing by; a line that is neither pty nor serial is refused", () => {
  const file = fresh();
  startRecording(file, { tags: null, targets: [{ target: "mep:/dev/pts-link", link: "mep", line: "pty" }] });
  assert.deepEqual(recordedTarget(readRecording(file), null), {
    target: "mep:/dev/pts-link",
    link: "mep",
    line: "pty",
  });

  const bad = fresh();
  startRecording(bad, { tags: null, targets: [{ target: "mep:/dev/x", link: "mep" }] });
  const lines = readFileSync(bad, "utf8").split("\n");
  lines[0] = lines[0]!.replace('"link":"mep"', '"link":"mep","line":"usb"');
  writeFileSync(bad, lines.join("\n"));
  expectRecordingError(bad, /a target's "line" is "usb", not "pty" or "serial"/);
});
