import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { clauseEntry } from "../../harness/conformance/clause-catalogue";

/** Traceability: every scenario names clauses of the spec's table of contents and its status. */
const FEATURES = join(__dirname, "..", "..", "features");

function featureFiles(): string[] {
  return (readdirSync(FEATURES, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".feature"))
    .map((f) => join(FEATURES, f));
}

test("every feature file tags clauses that exist in the table of contents", () => {
  const files = featureFiles();
  assert.ok(files.length >= 12);
  for (const f of files) {
    const tags = readFileSync(f, "utf8").match(/@clause-[\w.]+/g) ?? [];
    assert.ok(tags.length > 0, `${f} has no @clause tag`);
    for (const t of tags)
      assert.ok(
        clauseEntry(t.slice("@clause-".length)) !== undefined,
        `${f}: ${t} is not a clause of the table of contents`,
      );
  }
});

test("every feature says whether it is mandatory or optional", () => {
  for (const f of featureFiles()) {
    const firstTags =
      readFileSync(f, "utf8")
        .split("\n")
        .find((l) => l.trim().startsWith("@")) ?? "";
    assert.match(firstTags, /@(mandatory|optional)\b/, f);
  }
});

test("the clause tag of each feature is the clause its file is named after", () => {
  for (const f of featureFiles()) {
    const clause = /^(A\.[\d.]*\d|\d+(?:\.\d+)*)-/.exec(f.split("/").pop() ?? "")?.[1];
    assert.ok(clause !== undefined, f);
    assert.ok(
      readFileSync(f, "utf8").includes(`@clause-${clause} `) || readFileSync(f, "utf8").includes(`@clause-${clause}\n`),
      `${f} lacks @clause-${clause}`,
    );
  }
});
