import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keyFor } from "../../harness/conformance/pixit";
import { pixitRedactor } from "../../harness/conformance/pixit-redactor";
import {
  recordingPort,
  sessionsPerScenario,
  settleVerdict,
  type ScenarioKey,
} from "../../harness/conformance/recorded-target";
import { replayDivergence, replayPort, type ReplaySpec } from "../../harness/conformance/replay-target";
import { simulatorPixit } from "../../harness/conformance/target";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { TransportError } from "../../harness/errors";
import { bytePort, type TargetPort } from "../../harness/links/target-port";
import { OPTICAL_LINK } from "../../harness/links/optical/optical-link";
import { opticalSessionSettings } from "../../harness/links/optical/optical-settings";
import { BT00 } from "../../harness/protocol/tables/bt00-general-configuration";
import {
  readRecording,
  RecordingSink,
  scenarioKey,
  startRecording,
} from "../../harness/conformance/recording/recording-file";
import { scenarioId } from "../../harness/conformance/recording/recording-format";
import { KeyForms } from "../../harness/conformance/recording/recording-keys";
import { ScenarioRecorder } from "../../harness/conformance/recording/scenario-recording";
import { OpticalSession } from "../../harness/session/optical-session";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";

const PROFILE = profileNamed("reference");
const PIXIT = simulatorPixit(PROFILE);
const SCENARIO: ScenarioKey = { uri: "features/x.feature", line: 12, name: "reads BT01" };
const BT01 = 1;

/** One optical session with the master key: logon, read `table`, logoff. */
async function session(port: TargetPort, table: number): Promise<Uint8Array> {
  const s = new OpticalSession(
    await bytePort(port, "test").connect(),
    opticalSessionSettings(PIXIT),
    pixitRedactor(PIXIT),
  );
  try {
    await s.open(keyFor(PIXIT, "master"));
    const r = await s.readFull(table);
    assert.ok("data" in r, "the read is answered");
    return r.data;
  } finally {
    await s.close();
    await port.close();
  }
}

function record(): { file: string; port: TargetPort; bt01: Promise<Uint8Array> } {
  const file = join(mkdtempSync(join(tmpdir(), "osgp-recorded-target-")), "bench.jsonl");
  startRecording(file, { tags: null, targets: [{ target: "sim", link: "optical" }] });
  const meter = new ReferenceMeter({ profile: PROFILE, defects: [], clockSpeed: PIXIT.clock.speed });
  const recorder = new ScenarioRecorder(
    new RecordingSink(file),
    "sim",
    new KeyForms(PIXIT),
    pixitRedactor(PIXIT),
    () => ({ id: scenarioId(SCENARIO.uri, SCENARIO.line), name: SCENARIO.name }),
  );
  const port = recordingPort(
    OPTICAL_LINK.simulatorPort(meter, () => meter, PIXIT),
    recorder,
  );
  return { file, port, bt01: session(port, BT01) };
}

const SPEC = (file: string): ReplaySpec => ({
  kind: "replay",
  link: "optical",
  file,
  recorded: "sim",
  port: "bytes",
  line: null,
});

test("a session recorded against the simulator replays with no device: the same table bytes, no difference; another request is one, shown and made inconclusive", async () => {
  const { file, bt01 } = record();
  const recorded = await bt01;
  const text = readFileSync(file, "latin1");
  assert.match(text, /<master 20>/, "the logon's password field is a placeholder");
  assert.ok(!text.includes("SIM-MASTER"), "and the key is nowhere");

  const spec = SPEC(file);
  const same = replayPort(spec, PIXIT, () => SCENARIO);
  assert.deepEqual(await session(same, BT01), recorded);
  assert.equal(replayDivergence(same), null);

  const other = replayPort(spec, PIXIT, () => SCENARIO);
  await assert.rejects(session(other, BT00));
  const d = replayDivergence(other);
  assert.ok(d instanceof Inconclusive, "a replay that leaves the recording is inconclusive, never a fail");
  assert.match(
    d.message,
    /OSGP_ERR_REPLAY_MISMATCH: connection 1 of features\/x\.feature:12: the harness sent other bytes than the recorded run: at byte \d+ .* the recording has [0-9a-f]{2}, the harness sent [0-9a-f]{2}/,
  );

  const elsewhere = replayPort(spec, PIXIT, () => ({ ...SCENARIO, line: 13 }));
  await assert.rejects(
    bytePort(elsewhere, "test").connect(),
    (e: unknown) => e instanceof TransportError && /has no scenario features\/x\.feature:13/.test(e.message),
  );

  const idle = replayPort(spec, PIXIT, () => SCENARIO);
  await idle.close();
  assert.match(
    replayDivergence(idle)?.message ?? "",
    /the recorded run opened 1 connection\(s\) in features\/x\.feature:12; the harness opened 0/,
  );
});

test("a FAIL is written to the recording; in a replay, a FAIL the recorded run did not have is inconclusive, one it had stands", async () => {
  const passed = record();
  await passed.bt01;
  const failed = record();
  await failed.bt01;
  const fail = new ConformanceAssertionError("BT01 is too short");
  assert.equal(settleVerdict(failed.port, fail), fail, "recording, the verdict itself goes on");
  assert.equal(
    readRecording(failed.file).scenarios.get(scenarioKey("sim", "features/x.feature:12"))?.failed,
    "BT01 is too short",
  );
  const replayedPass = replayPort(SPEC(passed.file), PIXIT, () => SCENARIO);
  const settled = settleVerdict(replayedPass, fail);
  assert.ok(
    settled instanceof Inconclusive &&
      /the replay reached a FAIL the recorded run did not have.*BT01 is too short/.test(settled.message),
  );
  const inconclusive = new Inconclusive("no answer");
  assert.equal(settleVerdict(replayedPass, inconclusive), inconclusive, "only a FAIL is questioned");
  assert.equal(
    settleVerdict(
      replayPort(SPEC(failed.file), PIXIT, () => SCENARIO),
      fail,
    ),
    fail,
  );
});

test("recorded and replayed scenarios keep their sessions to themselves, so that each one's part of the recording is whole", () => {
  assert.equal(sessionsPerScenario({ kind: "serial" }, {}), false);
  assert.equal(sessionsPerScenario({ kind: "serial" }, { OSGP_RECORD: "bench.jsonl" }), true);
  assert.equal(sessionsPerScenario({ kind: "replay" }, {}), true);
});
