import { test } from "node:test";
import assert from "node:assert/strict";
import { junitXml } from "../../harness/report/junit-writer";
import type { ScenarioVerdict } from "../../harness/report/run-summary";
import { skipUnlessInstalled } from "../support/external-tool";
import { schemaProblems, xpathString as xpath } from "../support/junit-schema";

const XMLLINT_SKIP = skipUnlessInstalled("xmllint", ["--version"]);

const AWKWARD = `the "tag" <BT01> & 'its' value\u0001\u0007\u001b\u007f\u0085 ≠ Zählerstand 電表 🔌\ud800`;

const VERDICTS: ScenarioVerdict[] = [
  {
    target: "meter A",
    name: `Reads <all> "tables" & more`,
    uri: "features/a.feature",
    line: 3,
    clauses: ["9.3", "7.0"],
    verdict: "fail",
    reason: AWKWARD,
    detail: "  request: [30 00 00]\n  response: [00 01]",
    durationMs: 1500,
    provisional: false,
  },
  {
    target: "meter A",
    name: "Writes",
    uri: "features/a.feature",
    line: 9,
    clauses: ["9.4"],
    verdict: "inconclusive",
    reason: "no answer within 2000 ms\tafter 3 tries",
    detail: "",
    durationMs: 250,
    provisional: false,
  },
  {
    target: "meter A",
    name: "Calendar",
    uri: "features/b.feature",
    line: 4,
    clauses: ["9.3"],
    verdict: "not applicable",
    reason: 'PIXIT x is empty; <none> & "nothing"',
    detail: "",
    durationMs: 10,
    provisional: false,
  },
  {
    target: "meter B.v2",
    name: "Reads",
    uri: "features/a.feature",
    line: 3,
    clauses: ["9.3"],
    verdict: "pass",
    reason: "",
    durationMs: 5,
    provisional: true,
  },
];

test("JUnit: one suite per target and first clause, counts on every suite and on the whole", () => {
  const xml = junitXml(VERDICTS);
  assert.match(
    xml,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="osgp-conformance" tests="4" failures="1" errors="1" skipped="1" time="1.765">/,
  );
  const suites = [
    ...xml.matchAll(
      /<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)" time="([\d.]+)">/g,
    ),
  ].map((m) => m.slice(1).join(" | "));
  assert.deepEqual(suites, [
    "meter A / 9.3 Full Table Read service | 2 | 1 | 0 | 1 | 1.510",
    "meter A / 9.4 Full Table write service | 1 | 0 | 1 | 0 | 0.250",
    "meter B.v2 / 9.3 Full Table Read service | 1 | 0 | 0 | 0 | 0.005",
  ]);
  assert.match(
    xml,
    /<testcase classname="meter B_v2\.clause 9_3" name="Reads" file="features\/a.feature" line="3" time="0.005">\n {6}<system-out>feature: features\/a.feature:3\nclauses: 9.3\nPROVISIONAL: /,
    "a pass has no outcome element",
  );
  assert.match(
    xml,
    /<error message="no answer within 2000 ms&#9;after 3 tries" type="inconclusive">no answer within 2000 ms\tafter 3 tries<\/error>/,
  );
});

test("JUnit: quotes, <, & and non-ASCII are escaped, control characters and lone surrogates dropped", () => {
  const xml = junitXml(VERDICTS);
  const expected = `the &quot;tag&quot; &lt;BT01&gt; &amp; 'its' value ≠ Zählerstand 電表 🔌`;
  assert.ok(xml.includes(`<failure message="${expected}" type="fail">`), xml);
  assert.ok(xml.includes(`name="Reads &lt;all&gt; &quot;tables&quot; &amp; more"`));
  assert.ok(xml.includes(`<skipped message="PIXIT x is empty; &lt;none&gt; &amp; &quot;nothing&quot;"/>`));
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])/);
});

test("JUnit: the scrub function sees every text before it is escaped", () => {
  const xml = junitXml([{ ...VERDICTS[0]!, reason: "key K&Y <1> leaked", detail: "  echo: K&Y <1>" }], (t) =>
    t.replaceAll("K&Y <1>", "**"),
  );
  assert.doesNotMatch(xml, /K&amp;Y/);
  assert.match(xml, /<failure message="key \*\* leaked" type="fail">key \*\* leaked\n {2}echo: \*\*<\/failure>/);
});

test(
  "JUnit: valid against the CI servers' schema, and a parser reads back the original text",
  { skip: XMLLINT_SKIP },
  () => {
    const xml = junitXml(VERDICTS);
    assert.equal(schemaProblems(xml), "");
    assert.equal(
      xpath(xml, "/testsuites/testsuite[1]/testcase[1]/failure/@message"),
      `the "tag" <BT01> & 'its' value ≠ Zählerstand 電表 🔌`,
    );
    assert.equal(
      xpath(xml, "/testsuites/testsuite[1]/testcase[1]/failure"),
      `the "tag" <BT01> & 'its' value ≠ Zählerstand 電表 🔌\n  request: [30 00 00]\n  response: [00 01]`,
    );
    assert.equal(
      xpath(xml, "/testsuites/testsuite[2]/testcase[1]/error/@message"),
      "no answer within 2000 ms\tafter 3 tries",
      "a tab in an attribute survives",
    );
    assert.equal(
      xpath(xml, "/testsuites/testsuite[1]/testcase[2]/skipped/@message"),
      `PIXIT x is empty; <none> & "nothing"`,
    );
    assert.equal(schemaProblems(junitXml([])), "", "an empty run is still a valid document");
  },
);

test("the schema is not a rubber stamp: it refuses what CI servers would not read", { skip: XMLLINT_SKIP }, () => {
  const good = junitXml(VERDICTS);
  assert.notEqual(
    schemaProblems(good.replace(/<testsuite name="[^"]*" tests="\d+"/, '<testsuite tests="2"')),
    "",
    "a suite without a name",
  );
  assert.notEqual(schemaProblems(good.replace(/ tests="2"/, ' tests="two"')), "", "a count that is not a number");
  assert.notEqual(schemaProblems(good.replace("<skipped ", "<skip ")), "", "an unknown outcome element");
  assert.notEqual(
    schemaProblems(good.replace(/<testcase classname="[^"]*" name="[^"]*"/, "<testcase")),
    "",
    "a test case without a name",
  );
});
