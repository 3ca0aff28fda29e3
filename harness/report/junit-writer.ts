import { clauseEntry } from "../conformance/clause-catalogue";
import { compareClauses, type ScenarioVerdict } from "./run-summary";

/**
 * The run's verdicts as JUnit XML in the dialect Jenkins and GitLab read: one <testsuite> per
 * target and clause, one <testcase> per scenario. Fail is a <failure> (the rule, then the bytes),
 * inconclusive an <error> (the test could not decide, which is not the device's fault), not
 * applicable <skipped>, pass an empty <testcase>. A scenario tagged with several clauses is counted
 * once, under its first (its feature's clause); the others are named in its <system-out>, so that
 * the CI's totals equal the run's number of scenarios. `scrub` (the run's redactor) sees every
 * text before it is escaped: a key escaped for XML would no longer look like the key.
 */
export function junitXml(verdicts: readonly ScenarioVerdict[], scrub: (text: string) => string = (t) => t): string {
  const scenarios = verdicts.map((s) => ({
    ...s,
    name: scrub(s.name),
    reason: scrub(s.reason),
    detail: scrub(s.detail ?? ""),
    ...(s.target === undefined ? {} : { target: scrub(s.target) }),
  }));
  const suites = new Map<string, { target: string; clause: string; cases: ScenarioVerdict[] }>();
  for (const s of scenarios) {
    const target = s.target ?? "";
    const clause = s.clauses[0] ?? "";
    const key = JSON.stringify([target, clause]);
    const suite = suites.get(key) ?? { target, clause, cases: [] };
    suite.cases.push(s);
    suites.set(key, suite);
  }
  const targets = [...new Set(scenarios.map((s) => s.target ?? ""))];
  const ordered = [...suites.values()].sort(
    (a, b) => targets.indexOf(a.target) - targets.indexOf(b.target) || compareClauses(a.clause, b.clause),
  );
  const body = ordered.map((s) => suiteXml(s.target, s.clause, s.cases));
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="osgp-conformance"${countAttributes(scenarios)}>`,
    ...body,
    `</testsuites>`,
    "",
  ].join("\n");
}

function suiteXml(target: string, clause: string, cases: readonly ScenarioVerdict[]): string {
  const title = clause === "" ? "(no clause tag)" : `${clause} ${clauseEntry(clause)?.title ?? ""}`.trim();
  const name = target === "" ? title : `${target} / ${title}`;
  // Jenkins splits a classname at its last dot into package and
  // class: the target becomes the package, the clause the class.
  const classname = `${target === "" ? "osgp-conformance" : target.replace(/\./g, "_")}.clause ${clause === "" ? "none" : clause.replace(/\./g, "_")}`;
  return [
    `  <testsuite name="${attr(name)}"${countAttributes(cases)}>`,
    ...cases.map((c) => caseXml(classname, c)),
    `  </testsuite>`,
  ].join("\n");
}

function caseXml(classname: string, s: ScenarioVerdict): string {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(s.name)}" file="${attr(s.uri)}"${s.line === undefined ? "" : ` line="${s.line}"`} time="${seconds(s.durationMs ?? 0)}"`;
  const full = [s.reason, s.detail ?? ""].filter((t) => t !== "").join("\n");
  const outcome =
    s.verdict === "fail"
      ? [`      <failure message="${attr(s.reason)}" type="fail">${text(full)}</failure>`]
      : s.verdict === "inconclusive"
        ? [`      <error message="${attr(s.reason)}" type="inconclusive">${text(full)}</error>`]
        : s.verdict === "not applicable"
          ? [`      <skipped message="${attr(s.reason)}"/>`]
          : [];
  const notes = [
    `feature: ${s.uri}${s.line === undefined ? "" : `:${s.line}`}`,
    `clauses: ${s.clauses.join(", ")}`,
    ...(s.provisional
      ? [
          "PROVISIONAL: the scenario rests on a part of the spec that is not public; its verdict says nothing about conformance to that part",
        ]
      : []),
    ...(s.leftChanged === undefined ? [] : [s.leftChanged]),
  ];
  return [`${open}>`, ...outcome, `      <system-out>${text(notes.join("\n"))}</system-out>`, `    </testcase>`].join(
    "\n",
  );
}

function countAttributes(cases: readonly ScenarioVerdict[]): string {
  const n = (v: ScenarioVerdict["verdict"]): number => cases.filter((c) => c.verdict === v).length;
  const ms = cases.reduce((sum, c) => sum + (c.durationMs ?? 0), 0);
  return ` tests="${cases.length}" failures="${n("fail")}" errors="${n("inconclusive")}" skipped="${n("not applicable")}" time="${seconds(ms)}"`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * What XML 1.0 cannot carry is dropped: C0 controls but tab and newlines, DEL and the C1 controls
 * (allowed, but no CI shows them), unpaired surrogates and U+FFFE/U+FFFF. A device's bytes reach
 * reasons as hex, but a name or an error it echoes may hold anything.
 */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(s: string): string {
  return s
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/** An attribute keeps its line breaks and tabs as character references: a parser would turn them into spaces. */
function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}
