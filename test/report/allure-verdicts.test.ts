import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { settleAllureVerdicts } from "../../harness/report/allure-verdicts";
import { Redactor } from "../../harness/security/redactor";
import { Secret } from "../../harness/security/secret";

/** Result files as allure-cucumberjs 3.12 writes them: only the fields the verdict depends on. */
const step = (name: string, status: string | undefined, extra: object = {}) => ({
  name,
  status,
  stage: "finished",
  statusDetails: {},
  steps: [],
  attachments: [],
  parameters: [],
  ...extra,
});
/** The wrapper step an attachment gets: no status, stage, steps or parameters (allure-js-commons' writeAttachment). */
const attachmentStep = (source: string) => ({
  name: "Attachment",
  attachments: [{ name: "Attachment", source, type: "text/plain" }],
  start: 1,
  stop: 1,
});

function write(dir: string, uuid: string, steps: object[], status = "passed"): string {
  const file = join(dir, `${uuid}-result.json`);
  writeFileSync(
    file,
    JSON.stringify({
      uuid,
      name: uuid,
      historyId: uuid,
      status,
      statusDetails: {},
      stage: "finished",
      steps,
      attachments: [],
      parameters: [],
      labels: [],
      links: [],
    }),
  );
  return file;
}

const read = (file: string) =>
  JSON.parse(readFileSync(file, "utf8")) as { status: string; statusDetails: { message?: string } };

test("a scenario whose step says it is not applicable is skipped, with that reason as its message", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-allure-verdicts-"));
  writeFileSync(join(dir, "a1-attachment.txt"), "frames: 06 ...");
  writeFileSync(
    join(dir, "a2-attachment.txt"),
    "not applicable: 7.5/write-lock (the lock blocks writes): no, according to the PICS\n",
  );
  const file = write(dir, "na", [
    step("Given a session", "passed", { steps: [attachmentStep("a1-attachment.txt")] }),
    step('Given the device has the optional feature "7.5/write-lock"', "skipped", {
      steps: [attachmentStep("a2-attachment.txt")],
    }),
    step("Then a write is refused", "skipped"),
  ]);
  settleAllureVerdicts(dir, new Redactor());
  assert.deepEqual(
    [read(file).status, read(file).statusDetails],
    ["skipped", { message: "not applicable: 7.5/write-lock (the lock blocks writes): no, according to the PICS" }],
  );
});

test("a key quoted in a not-applicable reason is masked in the message", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-allure-verdicts-"));
  writeFileSync(join(dir, "r-attachment.txt"), "not applicable: the device echoed SECRET-MASTER-KEY");
  const file = write(dir, "na", [step("Given x", "skipped", { steps: [attachmentStep("r-attachment.txt")] })]);
  const redactor = new Redactor();
  redactor.add(Secret.fromText("SECRET-MASTER-KEY", "MK"));
  settleAllureVerdicts(dir, redactor);
  assert.equal(read(file).statusDetails.message, "not applicable: the device echoed **");
});

test("a broken After hook (the device not put back) breaks a scenario whose steps passed", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-allure-verdicts-"));
  const file = write(dir, "t", [step("Then it passes", "passed")]);
  const hook = {
    ...step("", "broken"),
    statusDetails: { message: "Inconclusive: the device could not be put back as it was" },
  };
  writeFileSync(
    join(dir, "c-container.json"),
    JSON.stringify({ uuid: "c", children: ["t"], befores: [], afters: [hook] }),
  );
  settleAllureVerdicts(dir, new Redactor());
  assert.deepEqual(
    [read(file).status, read(file).statusDetails.message],
    ["broken", "Inconclusive: the device could not be put back as it was"],
  );
});

test("fail goes by the error's class: an Inconclusive that mentions an assertion is broken, a ConformanceAssertionError failed", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-allure-verdicts-"));
  const inconclusive = write(
    dir,
    "i",
    [
      step("When it reads", "failed", {
        statusDetails: { message: "Inconclusive: no answer to the assert-lock procedure" },
      }),
    ],
    "failed",
  );
  const fail = write(
    dir,
    "f",
    [
      step("When it reads", "failed", {
        statusDetails: { message: "ConformanceAssertionError: BT00 is 78 bytes long" },
      }),
      step("And", "skipped"),
    ],
    "failed",
  );
  const assertion = write(
    dir,
    "a",
    [step("When it reads", "broken", { statusDetails: { message: "AssertionError [ERR_ASSERTION]: x" } })],
    "broken",
  );
  settleAllureVerdicts(dir, new Redactor());
  assert.deepEqual(
    [read(inconclusive).status, read(fail).status, read(assertion).status],
    ["broken", "failed", "failed"],
  );
  assert.equal(read(fail).statusDetails.message, "ConformanceAssertionError: BT00 is 78 bytes long");
});

test("a step without an implementation breaks the scenario; settling twice changes nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-allure-verdicts-"));
  const undefinedStep = write(dir, "u", [
    step("Given a session", "passed"),
    step("When nobody wrote this step", undefined),
    step("Then", "skipped"),
  ]);
  // An attachment made between steps is a step of its own, with neither status nor stage.
  const passed = write(dir, "p", [step("Given a session", "passed"), attachmentStep("none.txt")]);
  settleAllureVerdicts(dir, new Redactor());
  assert.equal(read(undefinedStep).status, "broken");
  assert.match(read(undefinedStep).statusDetails.message ?? "", /When nobody wrote this step has no implementation/);
  assert.equal(read(passed).status, "passed");
  const once = [readFileSync(undefinedStep, "utf8"), readFileSync(passed, "utf8")];
  settleAllureVerdicts(dir, new Redactor());
  assert.deepEqual([readFileSync(undefinedStep, "utf8"), readFileSync(passed, "utf8")], once);
});
