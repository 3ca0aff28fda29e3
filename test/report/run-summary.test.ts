import { test } from "node:test";
import assert from "node:assert/strict";
import {
  clauseVerdicts,
  compareClauses,
  LEFT_CHANGED_ATTACHMENT,
  NOT_RUN_MEDIA_TYPE,
  plannedScenarios,
  PROVISIONAL_ATTACHMENT,
  scenarioVerdicts,
} from "../../harness/report/run-summary";

/** A cucumber message stream built by hand: one scenario per verdict. */
function stream(): string {
  const lines: object[] = [];
  const scenario = (
    id: string,
    tags: string[],
    steps: { status: string; type?: string; message?: string }[],
    attachment?: string,
  ) => {
    lines.push({
      pickle: { id: `p${id}`, name: `scenario ${id}`, uri: "features/x.feature", tags: tags.map((name) => ({ name })) },
    });
    lines.push({ testCase: { id: `c${id}`, pickleId: `p${id}` } });
    lines.push({ testCaseStarted: { id: `s${id}`, testCaseId: `c${id}` } });
    for (const st of steps) {
      lines.push({
        testStepFinished: {
          testCaseStartedId: `s${id}`,
          testStepResult: {
            status: st.status,
            ...(st.type ? { exception: { type: st.type, message: st.message } } : {}),
          },
        },
      });
    }
    if (attachment !== undefined)
      lines.push({ attachment: { testCaseStartedId: `s${id}`, fileName: attachment, body: "PROVISIONAL: ..." } });
    lines.push({ testCaseFinished: { testCaseStartedId: `s${id}` } });
  };
  scenario("1", ["@clause-9.3"], [{ status: "PASSED" }, { status: "PASSED" }], PROVISIONAL_ATTACHMENT);
  scenario(
    "2",
    ["@clause-9.3", "@clause-9.9"],
    [
      { status: "PASSED" },
      { status: "FAILED", type: "ConformanceAssertionError", message: "answered err" },
      { status: "SKIPPED" },
    ],
  );
  scenario(
    "3",
    ["@clause-9.13"],
    [{ status: "FAILED", type: "Inconclusive", message: "no response" }, { status: "SKIPPED" }],
  );
  scenario("4", ["@clause-8.3.2"], [{ status: "PASSED" }, { status: "SKIPPED" }, { status: "SKIPPED" }]);
  scenario("5", ["@clause-9.13"], [{ status: "UNDEFINED" }]);
  return lines.map((l) => JSON.stringify(l)).join("\n");
}

test("scenario verdicts: assertion failures fail, other errors are inconclusive, skipped steps are not applicable", () => {
  const v = scenarioVerdicts(stream());
  assert.deepEqual(
    v.map((s) => s.verdict),
    ["pass", "fail", "inconclusive", "not applicable", "inconclusive"],
  );
  assert.equal(v[1]?.reason, "answered err");
  assert.deepEqual(v[1]?.clauses, ["9.3", "9.9"]);
});

test("clause verdicts: fail beats inconclusive beats pass beats not applicable", () => {
  const c = clauseVerdicts(scenarioVerdicts(stream()));
  assert.deepEqual(
    c.map((x) => [x.clause, x.verdict]),
    [
      ["8.3.2", "not applicable"],
      ["9.3", "fail"],
      ["9.9", "fail"],
      ["9.13", "inconclusive"],
    ],
  );
  assert.equal(c.find((x) => x.clause === "8.3.2")?.status, "mandatory", "8.3.2 inherits 8.3's status");
});

test("clauses sort in reading order", () => {
  assert.deepEqual(["A.1", "9.13", "9.3", "10", "7.5", "9.13.2"].sort(compareClauses), [
    "7.5",
    "9.3",
    "9.13",
    "9.13.2",
    "10",
    "A.1",
  ]);
});

test("a scenario that attached the provisional-profile notice is marked provisional, and only that one", () => {
  assert.deepEqual(
    scenarioVerdicts(stream()).map((s) => s.provisional),
    [true, false, false, false, false],
  );
});

test("a scenario's verdict carries its reason: a not-applicable step's attached text, a failure's first line with the rest as detail", () => {
  const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
  const lines: object[] = [];
  const scenario = (id: string, line: number, steps: object[], attachments: object[]) => {
    lines.push({
      pickle: {
        id: `p${id}`,
        name: `scenario ${id}`,
        uri: "features/x.feature",
        location: { line, column: 3 },
        tags: [{ name: "@clause-9.3" }],
      },
    });
    lines.push({ testCase: { id: `c${id}`, pickleId: `p${id}` } });
    lines.push({ testCaseStarted: { id: `s${id}`, testCaseId: `c${id}`, timestamp: at(10_900) } });
    for (const a of attachments) lines.push({ attachment: { testCaseStartedId: `s${id}`, ...a } });
    for (const testStepResult of steps)
      lines.push({ testStepFinished: { testCaseStartedId: `s${id}`, testStepResult } });
    lines.push({ testCaseFinished: { testCaseStartedId: `s${id}`, timestamp: at(12_150) } });
  };
  scenario(
    "1",
    7,
    [{ status: "PASSED" }, { status: "SKIPPED" }],
    [
      { body: "frames ...", contentEncoding: "IDENTITY", mediaType: "text/plain", fileName: "frames, session 1" },
      {
        body: "not applicable: 8.16/meter-shop-mode (meter-shop mode): yes, according to the PICS",
        contentEncoding: "IDENTITY",
        mediaType: "text/plain",
      },
      { body: "not applicable: a second one", contentEncoding: "IDENTITY", mediaType: "text/plain" },
    ],
  );
  scenario(
    "2",
    12,
    [
      {
        status: "FAILED",
        message: "ConformanceAssertionError: BT01 changed\n  first: [01]\n  second: [02]\n    at stack (x.ts:1:1)",
        exception: { type: "ConformanceAssertionError", message: "BT01 changed\n  first: [01]\n  second: [02]" },
      },
    ],
    [],
  );
  scenario("3", 15, [{ status: "FAILED", message: "Inconclusive: no answer\n    at stack (x.ts:1:1)" }], []);
  scenario(
    "4",
    19,
    [{ status: "SKIPPED" }],
    [
      {
        body: Buffer.from("not applicable: hidden").toString("base64"),
        contentEncoding: "BASE64",
        mediaType: "text/plain",
      },
    ],
  );
  const v = scenarioVerdicts(lines.map((l) => JSON.stringify(l)).join("\n"));
  assert.deepEqual(
    v.map((s) => [s.verdict, s.reason, s.detail, s.line, s.durationMs]),
    [
      ["not applicable", "8.16/meter-shop-mode (meter-shop mode): yes, according to the PICS", "", 7, 1250],
      ["fail", "BT01 changed", "  first: [01]\n  second: [02]", 12, 1250],
      ["inconclusive", "Inconclusive: no answer", "", 15, 1250],
      ["not applicable", "a step was skipped without saying why", "", 19, 1250],
    ],
  );
});

/**
 * A run cut short: one scenario ran, one was stopped in its second step,
 * one had failed before, two were not run, and the writer died mid-line.
 */
function interruptedStream(): string {
  const lines: object[] = [];
  for (const id of ["1", "2", "3", "4", "5"]) {
    lines.push({
      pickle: { id: `p${id}`, name: `scenario ${id}`, uri: "features/x.feature", tags: [{ name: "@clause-9.3" }] },
    });
    lines.push({ testCase: { id: `c${id}`, pickleId: `p${id}` } });
  }
  const step = (id: string, testStepResult: object) =>
    lines.push({ testStepFinished: { testCaseStartedId: `s${id}`, testStepResult } });
  lines.push({ testCaseStarted: { id: "s1", testCaseId: "c1" } });
  step("1", { status: "PASSED" });
  lines.push({ testCaseFinished: { testCaseStartedId: "s1" } });
  lines.push({ testCaseStarted: { id: "s4", testCaseId: "c4" } });
  lines.push({ attachment: { testCaseStartedId: "s4", mediaType: NOT_RUN_MEDIA_TYPE, body: "{}" } });
  step("4", { status: "SKIPPED" });
  lines.push({ testCaseFinished: { testCaseStartedId: "s4" } });
  lines.push({ testCaseStarted: { id: "s2", testCaseId: "c2" } });
  step("2", { status: "PASSED" });
  lines.push({ testCaseStarted: { id: "s3", testCaseId: "c3" } });
  step("3", { status: "FAILED", exception: { type: "ConformanceAssertionError", message: "answered err" } });
  return `${lines.map((l) => JSON.stringify(l)).join("\n")}\n{"testStepFinished":{"testCaseStart`;
}

test("an interrupted run: a scenario that never ended is inconclusive unless it had failed, one not run has no verdict", () => {
  const ndjson = interruptedStream();
  assert.deepEqual(
    scenarioVerdicts(ndjson).map((s) => [s.name, s.verdict, s.reason]),
    [
      ["scenario 1", "pass", ""],
      ["scenario 2", "inconclusive", "run interrupted: the scenario did not end, and its clean-up may not have run"],
      ["scenario 3", "fail", "answered err"],
    ],
  );
  assert.equal(plannedScenarios(ndjson), 5, "scenarios 4 and 5 were planned and not run");
});

test("only a last line may be cut short: a broken line inside the stream is an error", () => {
  const lines = interruptedStream().split("\n");
  assert.throws(
    () => scenarioVerdicts([...lines.slice(0, 3), '{"pickle":', ...lines.slice(3)].join("\n")),
    SyntaxError,
  );
});

test("a scenario that attached what it left changed keeps its verdict and carries the notice; the others carry none", () => {
  const lines: object[] = [];
  for (const [id, attachment] of [
    ["1", { fileName: LEFT_CHANGED_ATTACHMENT, body: "the device was left changed: ...", contentEncoding: "IDENTITY" }],
    ["2", { fileName: "frames, session 1", body: "frames ...", contentEncoding: "IDENTITY" }],
  ] as const) {
    lines.push({ pickle: { id: `p${id}`, name: `scenario ${id}`, uri: "features/x.feature", tags: [] } });
    lines.push({ testCase: { id: `c${id}`, pickleId: `p${id}` } });
    lines.push({ testCaseStarted: { id: `s${id}`, testCaseId: `c${id}` } });
    lines.push({ testStepFinished: { testCaseStartedId: `s${id}`, testStepResult: { status: "PASSED" } } });
    lines.push({ attachment: { testCaseStartedId: `s${id}`, mediaType: "text/plain", ...attachment } });
    lines.push({ testCaseFinished: { testCaseStartedId: `s${id}` } });
  }
  const v = scenarioVerdicts(lines.map((l) => JSON.stringify(l)).join("\n"));
  assert.deepEqual(
    v.map((s) => [s.verdict, s.leftChanged]),
    [
      ["pass", "the device was left changed: ..."],
      ["pass", undefined],
    ],
  );
});

test("a session's frames and trace attachments are not parsed: bytes on the line, never a verdict", () => {
  const lines = interruptedStream().split("\n");
  const frames =
    '{"attachment":{"body":"  1 -> ee 00","fileName":"frames, session (reader) 1","testCaseStartedId":"s2"';
  const trace = '{"attachment":{"body":"[{\\"fileName\\":\\"x\\"}]","fileName":"trace, session (reader) 1"';
  const withBytes = [...lines.slice(0, 3), frames, trace, ...lines.slice(3)].join("\n");
  assert.deepEqual(scenarioVerdicts(withBytes), scenarioVerdicts(lines.join("\n")));
  const notAName = '{"attachment":{"body":"\\"fileName\\":\\"frames, x\\"","testCaseStartedId":"s2"';
  assert.throws(() => scenarioVerdicts([...lines.slice(0, 3), notAName, ...lines.slice(3)].join("\n")), SyntaxError);
});
