import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The JUnit dialect Jenkins and GitLab read, as our own XSD; xmllint (libxml2-utils) checks against it. */
export const JUNIT_XSD = join(__dirname, "..", "fixtures", "junit-ci.xsd");

/** xmllint's objections to `xml` under the schema: "" when it is valid. */
export function schemaProblems(xml: string): string {
  return withFile(xml, (file) => {
    const r = spawnSync("xmllint", ["--noout", "--schema", JUNIT_XSD, file], { encoding: "utf8" });
    return r.status === 0 ? "" : `${r.stderr}${r.stdout}` || `xmllint exited with ${String(r.status)}`;
  });
}

/** The text an XML parser reads at `path` (XPath 1.0): an independent reading of our escaping. */
export function xpathString(xml: string, path: string): string {
  return withFile(xml, (file) => {
    const r = spawnSync("xmllint", ["--xpath", `string(${path})`, file], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`xmllint --xpath ${path}: ${r.stderr}`);
    // xmllint ends what it prints with a newline of its own.
    return r.stdout.replace(/\n$/, "");
  });
}

function withFile<T>(xml: string, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "osgp-junit-"));
  try {
    const file = join(dir, "junit.xml");
    writeFileSync(file, xml);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
