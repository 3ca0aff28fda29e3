import { test } from "node:test";
import { EventEmitter } from "node:events";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileSystemWriter, type Writer } from "allure-js-commons/sdk/reporter";
import { Status, type TestResult, type TestResultContainer } from "allure-js-commons";
import { UnsyncedAllureWriter, withoutFullTraces } from "../../harness/report/allure-formatter";

/** The same calls on a writer, as a run makes them; returns the directory's files and their contents. */
function writeAll(make: (dir: string) => Writer): Map<string, string> {
  const parent = mkdtempSync(join(tmpdir(), "osgp-allure-writer-"));
  const dir = join(parent, "results");
  const source = join(parent, "capture.pcap");
  writeFileSync(source, Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0, 1]));
  const w = make(dir);
  w.writeResult({ uuid: "r1", name: "a scenario", status: "passed", steps: [] } as unknown as TestResult);
  w.writeGroup({ uuid: "c1", children: ["r1"], befores: [], afters: [] } as unknown as TestResultContainer);
  w.writeAttachment("a1-attachment.txt", Buffer.from("-> ee 00\n   identify", "utf8"));
  w.writeAttachmentFromPath("a2-attachment.pcap", source);
  w.writeEnvironmentInfo({ target: "built-in simulator", "device.model": "REFMETER" });
  w.writeCategoriesDefinitions([{ name: "inconclusive", matchedStatuses: [Status.BROKEN] }]);
  w.writeGlobals("g1-globals.json", { attachments: [], errors: [] });
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), "latin1")]));
}

test("the run's Allure writer leaves exactly the files allure-js-commons' own writer leaves", () => {
  const ours = writeAll((dir) => new UnsyncedAllureWriter(dir));
  const theirs = writeAll((dir) => new FileSystemWriter({ resultsDir: dir }));
  assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort());
  for (const [name, content] of theirs) assert.equal(ours.get(name), content, name);
  assert.equal(ours.size, 7);
});

test("the Allure report is handed every message but the sessions' full JSON traces", () => {
  const messages = new EventEmitter();
  const handed: unknown[] = [];
  withoutFullTraces(messages).on("envelope", (e) => handed.push(e));
  const frames = { attachment: { fileName: "frames, session (reader) 1", mediaType: "text/plain", body: "-> ee" } };
  const trace = { attachment: { fileName: "trace, session (reader) 1", mediaType: "application/json", body: "[]" } };
  const unnamed = { attachment: { mediaType: "text/plain", body: "not applicable: no ET42" } };
  const step = { testStepFinished: { testStepId: "s1" } };
  for (const e of [frames, trace, unnamed, step]) messages.emit("envelope", e);
  assert.deepEqual(handed, [frames, unnamed, step]);
});
