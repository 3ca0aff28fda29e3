import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TransportError } from "../../../harness/errors";
import { overlayPixit, PIXIT_DEFAULTS } from "../../../harness/conformance/pixit";
import { pixitRedactor } from "../../../harness/conformance/pixit-redactor";
import {
  readRecording,
  RecordingSink,
  scenarioKey,
  startRecording,
} from "../../../harness/conformance/recording/recording-file";
import { KeyForms } from "../../../harness/conformance/recording/recording-keys";
import { ScenarioRecorder } from "../../../harness/conformance/recording/scenario-recording";
import { createInProcessPair } from "../../../harness/transport/in-process";
import { recordingTransport } from "../../../harness/transport/recording-transport";
import type { TransportListener } from "../../../harness/transport/byte-transport";

const PIXIT = overlayPixit(PIXIT_DEFAULTS, { keys: { master: { text: "SIM-MASTER-KEY" } } });
const MK = Uint8Array.from(Buffer.from("SIM-MASTER-KEY", "latin1"));

function setup() {
  const file = join(mkdtempSync(join(tmpdir(), "osgp-scenario-recording-")), "bench.jsonl");
  startRecording(file, { tags: null, targets: [{ target: "sim", link: "optical" }] });
  let now = 1000;
  const recorder = new ScenarioRecorder(
    new RecordingSink(file),
    "sim",
    new KeyForms(PIXIT),
    pixitRedactor(PIXIT),
    () => ({ id: "features/x.feature:3", name: "X" }),
    () => (now += 10),
  );
  const [harness, device] = createInProcessPair();
  const received: Uint8Array[] = [];
  const closed: (TransportError | null)[] = [];
  const listener: TransportListener = { data: (b) => received.push(b), closed: (e) => closed.push(e) };
  const log = recorder.open({ description: harness.description });
  const recorded = recordingTransport(harness, log);
  recorded.setListener(listener);
  device.setListener({ data: () => undefined, closed: () => undefined });
  const lines = () =>
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { file, recorded, device, received, closed, lines };
}

const turn = () => new Promise((r) => setImmediate(r));

test("each event is on disk as it happens, with its time since the scenario began; a write has its start and end", async () => {
  const { recorded, device, received, lines } = setup();
  await recorded.write(Uint8Array.of(0xee, 0x00));
  assert.deepEqual(
    lines().map((l) => [l.dir, l.connection]),
    [
      [undefined, undefined],
      ["open", 1],
      ["tx", 1],
    ],
    "the scenario line, the opening, the write: nothing waits for the end of the scenario",
  );
  const tx = lines()[2] as { t: number; done: number; hex: string; scenario: string };
  assert.equal(tx.hex, "ee 00");
  assert.equal(tx.scenario, "features/x.feature:3");
  assert.ok(tx.done > tx.t, "the end is read after the write");
  await device.write(Uint8Array.of(0x06));
  await turn();
  assert.deepEqual(received, [Uint8Array.of(0x06)], "the harness got the byte");
  await recorded.setBaudRate(19200);
  assert.deepEqual(
    lines()
      .slice(3)
      .map((l) => [l.dir, l.hex ?? l.rate]),
    [
      ["rx", "06"],
      ["baud", 19200],
    ],
  );
});

test("a key the device sends in pieces is held until it is whole, then written as placeholders only", async () => {
  const { file, recorded, device, received, lines } = setup();
  await device.write(Uint8Array.of(0x01, ...MK.subarray(0, 5)));
  await turn();
  await device.write(MK.subarray(5, 9));
  await turn();
  assert.equal(lines().length, 2, "the scenario line and the opening: the pieces that may start a key are held");
  assert.equal(received.length, 2, "the harness has them already: holding is the recording's only");
  await device.write(Uint8Array.of(...MK.subarray(9), 0x02));
  await turn();
  await recorded.close();
  const rx = lines().filter((l) => l.dir === "rx");
  assert.deepEqual(
    rx.map((l) => l.hex),
    ["01 <master 14 0-4>", "<master 14 5-8>", "<master 14 9-13> 02"],
    "each chunk its own line, as it arrived",
  );
  const text = readFileSync(file, "latin1");
  assert.ok(!text.includes("SIM-MASTER") && !/53 49 4d/i.test(text), "no byte of the key in the clear");
  const s = readRecording(file).scenarios.get(scenarioKey("sim", "features/x.feature:3"));
  const keys = new KeyForms(PIXIT);
  const back = (s?.connections[0] ?? []).flatMap((e) =>
    e.dir === "rx"
      ? [...e.bytes.bytes].map((b, i) => (e.bytes.keys[i] === undefined ? b : keys.byteOf(e.bytes.keys[i]!)))
      : [],
  );
  assert.deepEqual(back, [0x01, ...MK, 0x02], "and the PIXIT puts it back");
});

test("bytes that only look like the start of a key are written once the next event shows they are not one", async () => {
  const { recorded, device, lines } = setup();
  await device.write(Uint8Array.of(0x01, MK[0]!));
  await turn();
  assert.equal(lines().filter((l) => l.dir === "rx").length, 0);
  await recorded.write(Uint8Array.of(0x06));
  assert.deepEqual(
    lines()
      .slice(2)
      .map((l) => [l.dir, l.hex]),
    [
      ["rx", "01 53"],
      ["tx", "06"],
    ],
    "the harness's write settles it, and the order is kept",
  );
});

test("a link that goes away is recorded with its error, scrubbed of keys", async () => {
  const { recorded, device, closed, lines } = setup();
  await device.close();
  await turn();
  assert.equal(closed[0]?.code, "OSGP_ERR_PORT_CLOSED");
  const lost = lines().find((l) => l.dir === "lost") as { error: { code: string; detail: string } };
  assert.equal(lost.error.code, "OSGP_ERR_PORT_CLOSED");
  assert.match(lost.error.detail, /the other end of in-process simulator closed/);
  await recorded.close();
});
