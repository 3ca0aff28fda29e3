import { before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync, zipSync } from "fflate";
import { makeEvidenceBundle } from "../../harness/report/evidence-bundle";
import { filesUnder, findSecret } from "../support/secret-scan";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "harness", "cli", "bin.js");

/** The built-in simulator's optical keys (it logs on with nothing else), and a MEP key that never goes on the wire. */
const KEYS = {
  master: Buffer.from("SIM-MASTER-KEY", "latin1"),
  reader: Buffer.from("SIM-READER-KEY", "latin1"),
  provisioning: Buffer.from("SIM-PROVISIONING", "latin1"),
  mepAdvanced: Buffer.from("MAK-OSGP-SIM-KEY", "latin1"),
};
const ENV = {
  OSGP_BUNDLE_TEST_PK: KEYS.provisioning.toString("latin1"),
  OSGP_BUNDLE_TEST_MAK: KEYS.mepAdvanced.toString("hex"),
};

interface Cli {
  code: number;
  output: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Cli> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

const work = mkdtempSync(join(tmpdir(), "osgp-bundle-"));
const reports = join(work, "reports");
const pixitFile = join(work, "pixit.json");
const bundle = join(reports, "evidence-bundle.zip");
let run: Cli;

function unzipped(file: string): Record<string, Uint8Array> {
  return unzipSync(readFileSync(file));
}

function text(files: Record<string, Uint8Array>, path: string): string {
  const bytes = files[path];
  assert.ok(bytes !== undefined, `${path} is in the bundle (it has ${Object.keys(files).join(", ")})`);
  return Buffer.from(bytes).toString("utf8");
}

function extract(file: string, into: string): string[] {
  for (const [path, bytes] of Object.entries(unzipped(file))) {
    mkdirSync(dirname(join(into, path)), { recursive: true });
    writeFileSync(join(into, path), bytes);
  }
  return filesUnder(into);
}

before(async () => {
  // Keys as hex (upper case), as text, and through the environment, as a lab's PIXIT gives them.
  const pixit = {
    keys: {
      master: { hex: KEYS.master.toString("hex").toUpperCase() },
      reader: { text: KEYS.reader.toString("latin1") },
      provisioning: { textEnv: "OSGP_BUNDLE_TEST_PK" },
      mepAdvanced: { hexEnv: "OSGP_BUNDLE_TEST_MAK" },
    },
  };
  writeFileSync(pixitFile, JSON.stringify(pixit));
  run = await cli(
    ["run", "--target", "sim", "--tags", "@clause-9.3", "--pixit", pixitFile, "--reports-dir", reports, "--bundle"],
    ENV,
  );
});

test("run --bundle packs the run's evidence: summary, traces per scenario, PICS, device identity, redacted PIXIT, command line, versions", () => {
  assert.equal(run.code, 0, run.output.slice(-3000));
  assert.match(run.output, new RegExp(`bundle: ${bundle} \\(\\d+ files, sha256 ([0-9a-f]{64})\\)`));
  const printed = /sha256 ([0-9a-f]{64})/.exec(run.output)?.[1];
  assert.equal(
    printed,
    createHash("sha256").update(readFileSync(bundle)).digest("hex"),
    "the printed SHA-256 is the zip's",
  );
  const files = unzipped(bundle);

  assert.equal(text(files, "summary.md"), readFileSync(join(reports, "summary.md"), "utf8"));
  const summary = JSON.parse(text(files, "summary.json")) as { scenarios: { name: string }[] };
  assert.equal(
    "junit.xml" in files,
    existsSync(join(reports, "junit.xml")),
    "junit.xml exactly when the run wrote one",
  );
  assert.deepEqual(
    JSON.parse(text(files, "device-identity.json")),
    JSON.parse(readFileSync(join(reports, ".device-identity.json"), "utf8")),
  );
  assert.deepEqual(
    JSON.parse(text(files, "pics/sim.json")),
    JSON.parse(readFileSync(join(reports, "pics", "sim.json"), "utf8")),
  );

  const traces = Object.keys(files).filter((p) => p.startsWith("traces/"));
  assert.equal(traces.length, summary.scenarios.length, traces.join("\n"));
  assert.ok(
    traces.every((p) => /^traces\/sim\/9\.3-full-table-read--[a-z0-9.-]+\.txt$/.test(p)),
    traces.join("\n"),
  );
  const one = text(
    files,
    "traces/sim/9.3-full-table-read--the-reader-key-may-not-read-the-tables-that-hold-keys-or-calibration.txt",
  );
  assert.match(one, /^scenario: The reader key may not read the tables that hold keys or calibration$/m);
  // Time, direction, hex, then the meaning: the reader's Security request went out with its key masked.
  assert.match(one, /^ +\d+ \d{4}-\d\d-\d\dT[\d:.]+Z \+ +[\d.]+ ms -> ee( [0-9a-f]{2}){5} 51( \*\*){20}/m);
  assert.match(one, /^ +\d+ \S+ \+ +[\d.]+ ms <- 06\n +ack$/m);

  const pixit = JSON.parse(text(files, "pixit.redacted.json")) as { keys: Record<string, Record<string, string>> };
  assert.deepEqual(pixit.keys, {
    master: { hex: "<redacted>" },
    reader: { text: "<redacted>" },
    provisioning: { textEnv: "OSGP_BUNDLE_TEST_PK" },
    mepAdvanced: { hexEnv: "OSGP_BUNDLE_TEST_MAK" },
  });

  const record = JSON.parse(text(files, "run-record.json")) as {
    command: string;
    pixitFile: string;
    picsFile: string | null;
    targets: string[];
  };
  assert.equal(
    record.command,
    `osgp-conformance run --target sim --tags @clause-9.3 --pixit ${pixitFile} --reports-dir ${reports} --bundle`,
  );
  assert.equal(record.pixitFile, pixitFile);
  assert.equal(record.picsFile, null);
  assert.deepEqual(record.targets, ["sim"]);

  const info = JSON.parse(text(files, "bundle-info.json")) as {
    harness: { version: string; gitCommit: string; node: string };
    packages: { name: string; installed: string | null; direct: boolean }[];
  };
  assert.equal(
    info.harness.version,
    (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version,
  );
  assert.equal(info.harness.gitCommit, gitHead());
  assert.equal(info.harness.node, process.version);
  const installed = (name: string) =>
    (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  for (const name of ["@cucumber/cucumber", "fflate", "typescript"]) {
    assert.deepEqual(
      info.packages.filter((p) => p.name === name).map((p) => [p.installed, p.direct]),
      [[installed(name), true]],
      name,
    );
  }
  const transitive = info.packages.find((p) => p.name === "commander");
  assert.ok(transitive !== undefined && !transitive.direct, "transitive packages are listed too");
});

function gitHead(): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}

test("the manifest lists every other file with its size and SHA-256", () => {
  const files = unzipped(bundle);
  const manifest = JSON.parse(text(files, "manifest.json")) as {
    files: { path: string; size: number; sha256: string }[];
  };
  const expected = Object.entries(files)
    .filter(([path]) => path !== "manifest.json")
    .map(([path, bytes]) => ({ path, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") }))
    .sort((a, b) => a.path.localeCompare(b.path));
  assert.deepEqual(
    [...manifest.files].sort((a, b) => a.path.localeCompare(b.path)),
    expected,
  );
});

test("no key of the PIXIT, as hex in any case and spacing or as text, is in any file of the bundle, and the scan finds one planted", () => {
  const files = extract(bundle, join(work, "unzipped"));
  assert.ok(files.length >= 10, files.join("\n"));
  for (const [role, key] of Object.entries(KEYS)) assert.deepEqual(findSecret(files, key), [], role);

  // The same scan on the same files with one leak planted: it must name that file, for each form.
  const planted = join(work, "unzipped", "traces", "sim", "planted.txt");
  writeFileSync(planted, `-> ee 00 ${KEYS.master.toString("hex").toUpperCase().replace(/(..)/g, "$1:")} 00\n`);
  assert.deepEqual(findSecret(filesUnder(join(work, "unzipped")), KEYS.master), [planted]);
  writeFileSync(planted, `user ${KEYS.provisioning.toString("latin1")}\n`);
  assert.deepEqual(findSecret(filesUnder(join(work, "unzipped")), KEYS.provisioning), [planted]);
});

test("verify-bundle passes an untouched bundle", async () => {
  const r = await cli(["verify-bundle", bundle]);
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /all \d+ files match the manifest/);
});

/** The bundle rewritten as a valid zip, its entries changed by `edit`, the manifest left as it was. */
function rewritten(name: string, edit: (files: Record<string, Uint8Array>) => void): string {
  const files = unzipped(bundle);
  edit(files);
  const out = join(work, name);
  writeFileSync(out, zipSync(files));
  return out;
}

test("verify-bundle names a file with one byte changed, and fails", async () => {
  const path =
    "traces/sim/9.3-full-table-read--a-full-read-of-bt00-returns-exactly-the-length-its-own-dimensions-give.txt";
  const file = rewritten("tampered.zip", (files) => {
    const bytes = files[path];
    assert.ok(bytes !== undefined);
    const at = bytes.length - 2;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  });
  const r = await cli(["verify-bundle", file]);
  assert.equal(r.code, 1, r.output);
  assert.match(r.output, new RegExp(`^changed: ${path.replace(/[.]/g, "\\.")} `, "m"));
  assert.match(r.output, /1 file\(s\) do not match the manifest \(1 changed, 0 added, 0 missing\)/);
});

test("verify-bundle names a file taken out and a file put in", async () => {
  const file = rewritten("swapped.zip", (files) => {
    delete files["pics/sim.json"];
    files["traces/sim/extra.txt"] = Buffer.from("not from the run\n");
  });
  const r = await cli(["verify-bundle", file]);
  assert.equal(r.code, 1, r.output);
  assert.match(r.output, /^missing: pics\/sim\.json /m);
  assert.match(r.output, /^added: traces\/sim\/extra\.txt /m);
  assert.doesNotMatch(r.output, /^changed:/m);
});

test("verify-bundle refuses a file that is not a zip, and a zip without a manifest, naming the file", async () => {
  const notZip = join(work, "not-a-zip.zip");
  writeFileSync(notZip, "summary.md\nthis is text\n");
  const bare = rewritten("no-manifest.zip", (files) => delete files["manifest.json"]);
  const [a, b] = await Promise.all([cli(["verify-bundle", notZip]), cli(["verify-bundle", bare])]);
  assert.equal(a.code, 2, a.output);
  assert.match(a.output, new RegExp(`OSGP_ERR_BUNDLE: ${notZip} is not a zip archive`));

  assert.equal(b.code, 2, b.output);
  assert.match(b.output, new RegExp(`OSGP_ERR_BUNDLE: ${bare} has no manifest\\.json`));
});

test("a key that reached a report file anyway is masked in the bundle; an Allure report older than the run is left out, a fresh one kept", () => {
  const copy = join(work, "reports-copy");
  cpSync(reports, copy, { recursive: true });
  const leak = `device said ${KEYS.master.toString("latin1")} and ${KEYS.reader.toString("hex").replace(/(..)/g, "$1 ")}\n`;
  writeFileSync(join(copy, "summary.md"), readFileSync(join(copy, "summary.md"), "utf8") + leak);
  mkdirSync(join(copy, "allure-report"), { recursive: true });
  const index = join(copy, "allure-report", "index.html");
  writeFileSync(index, "<html>the run's report</html>");

  const fresh = makeEvidenceBundle({ reportsDir: copy, out: join(work, "fresh.zip") });
  const files = unzipped(fresh.file);
  assert.equal(text(files, "allure-report/index.html"), "<html>the run's report</html>");
  const summary = text(files, "summary.md");
  assert.ok(summary.includes("device said ** and"), summary.slice(-200));
  for (const key of [KEYS.master, KEYS.reader])
    assert.deepEqual(findSecret(extract(fresh.file, join(work, "fresh")), key), []);

  const hourAgo = new Date(Date.now() - 3600_000);
  utimesSync(index, hourAgo, hourAgo);
  const stale = makeEvidenceBundle({ reportsDir: copy, out: join(work, "stale.zip") });
  assert.ok(!("allure-report/index.html" in unzipped(stale.file)));
  assert.match(stale.leftOut.find((l) => l.path === "allure-report/index.html")?.why ?? "", /before this run started/);
});

test("bundle refuses a directory that holds no run, naming it", async () => {
  const empty = mkdtempSync(join(tmpdir(), "osgp-bundle-empty-"));
  const r = await cli(["bundle", "--reports-dir", empty, "--out", join(empty, "b.zip")]);
  assert.equal(r.code, 2, r.output);
  assert.match(r.output, new RegExp(`OSGP_ERR_BUNDLE: ${empty} holds no run`));
  assert.ok(!existsSync(join(empty, "b.zip")));
});

test("bundle refuses a run record cut short, naming it, and makes no zip: its targets name the keys to redact", async () => {
  const copy = join(work, "reports-cut-record");
  cpSync(reports, copy, { recursive: true });
  const record = join(copy, "run-record.json");
  writeFileSync(record, readFileSync(record, "utf8").slice(0, 80));
  const out = join(copy, "cut.zip");
  const r = await cli(["bundle", "--reports-dir", copy, "--out", out]);
  assert.equal(r.code, 2, r.output);
  assert.match(r.output, new RegExp(`^OSGP_ERR_BUNDLE: ${record} is not a run record \\(`, "m"));
  assert.ok(!existsSync(out) && !existsSync(`${out}.partial`));
});
