import { test } from "node:test";
import assert from "node:assert/strict";
import { scenarioTraces } from "../../harness/report/scenario-traces";

const pickle = (id: string, name: string) => ({
  pickle: { id, name, uri: "features/09-basic-services/9.3-full-table-read.feature" },
});
const started = (id: string, testCaseId: string, attempt = 0) => ({ testCaseStarted: { id, testCaseId, attempt } });
const label = (tcs: string, target: string) => ({
  attachment: {
    testCaseStartedId: tcs,
    mediaType: "application/vnd.allure.message+json",
    contentEncoding: "IDENTITY",
    body: JSON.stringify({ type: "metadata", data: { labels: [{ name: "target", value: target }] } }),
  },
});
const attach = (tcs: string, fileName: string, body: string, mediaType = "text/plain") => ({
  attachment: { testCaseStartedId: tcs, fileName, mediaType, contentEncoding: "IDENTITY", body },
});
const entry = {
  index: 0,
  time: "2026-01-01T00:00:00.000Z",
  elapsedMs: 1.5,
  direction: "tx",
  kind: "packet",
  hex: "ee 00 ** **",
  summary: "security",
};

function ndjson(...messages: object[]): string {
  return messages.map((m) => JSON.stringify(m)).join("\n");
}

test("a session's full trace is written in the frame format; without one, its frames as attached step by step", () => {
  const [withTrace, framesOnly] = scenarioTraces(
    ndjson(
      pickle("p1", "Reads BT00"),
      pickle("p2", "Reads BT01"),
      { testCase: { id: "c1", pickleId: "p1" } },
      { testCase: { id: "c2", pickleId: "p2" } },
      started("s1", "c1"),
      label("s1", "sim-mep:aes"),
      attach("s1", "frames, session 1 (reader)", "chunk that the full trace supersedes"),
      attach("s1", "trace, session 1 (reader)", JSON.stringify([entry]), "application/json"),
      started("s2", "c2"),
      label("s2", "sim"),
      attach("s2", "frames, session 1 (reader)", "   0 first chunk"),
      attach("s2", "frames, session 1 (reader)", "   1 second chunk"),
    ),
  );
  assert.equal(withTrace?.path, "sim-mep-aes/9.3-full-table-read--reads-bt00.txt");
  assert.match(
    withTrace?.text ?? "",
    /== session 1 \(reader\) ==\n +0 2026-01-01T00:00:00\.000Z \+ +1\.5 ms -> ee 00 \*\* \*\*\n +security\n/,
  );
  assert.doesNotMatch(withTrace?.text ?? "", /supersedes/);
  assert.equal(framesOnly?.path, "sim/9.3-full-table-read--reads-bt01.txt");
  assert.match(framesOnly?.text ?? "", /== session 1 \(reader\) ==\n   0 first chunk\n   1 second chunk\n/);
});

test("a retried scenario keeps both traces, and a stream cut short mid-line keeps what came before", () => {
  const text =
    ndjson(
      pickle("p1", "Reads BT00"),
      { testCase: { id: "c1", pickleId: "p1" } },
      started("s1", "c1"),
      label("s1", "sim"),
      started("s2", "c1", 1),
      label("s2", "sim"),
    ) + '\n{"attachment": {"testCaseStartedId": "s2", "bo';
  const traces = scenarioTraces(text);
  assert.deepEqual(
    traces.map((t) => t.path),
    ["sim/9.3-full-table-read--reads-bt00.txt", "sim/9.3-full-table-read--reads-bt00-2.txt"],
  );
  assert.match(traces[1]?.text ?? "", /^attempt: +2$/m);
  assert.match(traces[0]?.text ?? "", /\(the scenario exchanged no frames\)/);
});
