import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { skipUnlessInstalled } from "../support/external-tool";
import { chromiumSkip, openInChromium } from "../support/headless-chromium";
import { runHarness } from "../support/serial-bench";

/**
 * The single-file report as a browser shows it: the page the lab opens, not the result files. One
 * run with a failing target and a passing one; every target's results must show as test cases of
 * their own, under their target, with the verdict counts of summary.json. (When both targets'
 * results shared one history id, the page showed 5 test cases, all passed.)
 */
const SKIP = chromiumSkip() || skipUnlessInstalled("java", ["-version"]);

interface Summary {
  totals: Record<string, number>;
  scenarios: { target: string; verdict: string }[];
}

const ALLURE_STATUS: Record<string, string> = {
  pass: "passed",
  fail: "failed",
  inconclusive: "broken",
  "not applicable": "skipped",
};

/** The rows of one overview widget: title, and the count shown in each status's part of its bar. */
function widgetRows(html: string, widget: string): Map<string, Record<string, number>> {
  const start = html.indexOf(`data-id="${widget}"`);
  assert.ok(start >= 0, `the overview has no ${widget} widget`);
  const end = html.indexOf('class="widget island"', start);
  const body = html.slice(start, end < 0 ? undefined : end);
  const rows = new Map<string, Record<string, number>>();
  for (const row of body.matchAll(
    /<a class="table__row"[^>]*><div class="table__col">([^<]*)<\/div><div class="table__col"><div class="bar">(.*?)<\/div><\/div><\/a>/g,
  )) {
    const counts: Record<string, number> = {};
    for (const fill of (row[2] ?? "").matchAll(/bar__fill_status_(\w+)"[^>]*>(\d+)</g))
      counts[fill[1] ?? ""] = Number(fill[2]);
    rows.set(row[1] ?? "", counts);
  }
  return rows;
}

test(
  "the report in a browser shows each target's verdicts as test cases of their own, failures included",
  { skip: SKIP },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "osgp-allure-browser-"));
    const failing = "sim:reference+bad-read-checksum";
    const r = await runHarness(["--target", failing, "--target", "sim-mep", "--tags", "@clause-9.3", "--report"], dir);
    assert.equal(r.code, 1, r.output.slice(-3000));
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Summary;

    const expected = new Map<string, Record<string, number>>();
    for (const s of summary.scenarios) {
      const counts = expected.get(s.target) ?? {};
      const status = ALLURE_STATUS[s.verdict] ?? `unknown verdict ${s.verdict}`;
      counts[status] = (counts[status] ?? 0) + 1;
      expected.set(s.target, counts);
    }
    const [opticalTarget, mepTarget] = [...expected.keys()];
    assert.equal(expected.size, 2, `two targets in summary.json: ${[...expected.keys()].join("; ")}`);
    assert.ok((expected.get(opticalTarget ?? "")?.["failed"] ?? 0) > 0, "the bad-checksum simulator fails some of 9.3");
    assert.equal(expected.get(mepTarget ?? "")?.["failed"], undefined, "the clean MEP simulator fails none of 9.3");
    const testCases = Object.values(summary.totals).reduce((a, b) => a + b, 0);

    const page = await openInChromium(
      join(dir, "allure-report", "index.html"),
      `document.querySelector(".splash__title") !== null && document.querySelectorAll('[data-id="suites"] .bar').length > 0 && document.querySelectorAll('[data-id="categories"] .bar').length > 0`,
    );
    assert.equal(Number(/class="splash__title">(\d+)</.exec(page.html)?.[1]), testCases, "test cases on the overview");
    assert.deepEqual(widgetRows(page.html, "suites"), expected, "each target a suite of its own, with its verdicts");
    const categories = widgetRows(page.html, "categories");
    assert.equal(categories.get("Fail: the device broke a requirement")?.["failed"] ?? 0, summary.totals["fail"]);
    assert.equal(
      categories.get("Not applicable: the device lacks the optional feature")?.["skipped"] ?? 0,
      summary.totals["not applicable"],
    );
  },
);
