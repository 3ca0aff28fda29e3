import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { zipSync } from "fflate";
import { ConfigError } from "../errors";
import { runConfig } from "../conformance/run-config";
import { pixitRedactor } from "../conformance/pixit-redactor";
import { Redactor } from "../security/redactor";
import { harnessFacts, installedPackages } from "./build-facts";
import { MANIFEST_FILE, manifestOf, sha256 } from "./bundle-manifest";
import { commandLine, readRunRecord, redactedPixit, RUN_RECORD_FILE, type RunRecord } from "./run-record";
import { scenarioTraces } from "./scenario-traces";
import { PCAP_DIR } from "./pcap-paths";

/**
 * `osgp-conformance bundle`: one zip that a lab hands to a certification body as the evidence of
 * a run. The verdicts (summary.md/json), the Allure report and JUnit file when the run made them,
 * every scenario's frames as text, the pcaps, the PICS declared and derived, the PIXIT with its
 * keys redacted, the device's identity, the run record (command line, PIXIT and PICS files), the
 * harness's version and commit, Node's and every installed package's version, and a SHA-256
 * manifest of all of it (verify-bundle checks it).
 *
 * Every file passes the redactor on its way in (text scrubbed, binary masked) with the keys of the
 * run's PIXIT, though the run redacted as it wrote: the bundle is what leaves the lab.
 */
export const DEFAULT_BUNDLE_FILE = "evidence-bundle.zip";
export const BUNDLE_INFO_FILE = "bundle-info.json";
export const PIXIT_FILE = "pixit.redacted.json";
export const TRACES_DIR = "traces";

/**
 * A file written before the run started belongs to an earlier run in
 * the same directory; a little slack for coarse file-system clocks.
 */
const STALE_SLACK_MS = 2000;
const TEXT_FILE = /\.(md|json|html|xml|txt|properties|csv|ndjson)$/i;

export interface BundleOptions {
  readonly reportsDir: string;
  /** Default: DIR/evidence-bundle.zip. */
  readonly out?: string | null;
}

export interface LeftOut {
  readonly path: string;
  readonly why: string;
}

export interface BundleResult {
  readonly file: string;
  readonly sha256: string;
  readonly files: number;
  readonly leftOut: readonly LeftOut[];
}

export function makeEvidenceBundle(o: BundleOptions): BundleResult {
  const dir = o.reportsDir;
  const record = recordOf(dir);
  if (record === null && !existsSync(join(dir, "summary.json"))) {
    throw new ConfigError(
      "OSGP_ERR_BUNDLE",
      `${dir} holds no run (neither ${RUN_RECORD_FILE} nor summary.json): run osgp-conformance run --reports-dir ${dir} first`,
    );
  }
  const since = record === null ? null : Date.parse(record.startedAt) - STALE_SLACK_MS;
  const redactor = runRedactor(record);
  const files = new Map<string, Uint8Array>();
  const leftOut: LeftOut[] = [];
  const put = (path: string, bytes: Uint8Array): void => {
    files.set(
      path,
      TEXT_FILE.test(path)
        ? Buffer.from(redactor.scrub(Buffer.from(bytes).toString("utf8")), "utf8")
        : redactor.maskBytes(bytes),
    );
  };
  const fromRun = (src: string, as: string): void => {
    if (!existsSync(src)) leftOut.push({ path: as, why: "absent" });
    else if (since !== null && statSync(src).mtimeMs < since)
      leftOut.push({ path: as, why: `written before this run started (${record?.startedAt}): an earlier run's` });
    else put(as, readFileSync(src));
  };

  for (const f of ["summary.md", "summary.json", RUN_RECORD_FILE]) fromRun(join(dir, f), f);
  fromRun(record?.junitFile ? resolve(record.cwd, record.junitFile) : join(dir, "junit.xml"), "junit.xml");
  fromRun(join(dir, "allure-report", "index.html"), "allure-report/index.html");
  fromRun(join(dir, ".device-identity.json"), "device-identity.json");
  for (const sub of [PCAP_DIR, "pics"]) {
    const found = filesUnder(join(dir, sub));
    if (found.length === 0) leftOut.push({ path: `${sub}/`, why: "absent" });
    for (const f of found) fromRun(f, relative(dir, f).split(sep).join("/"));
  }
  addTraces(dir, since, put, leftOut);
  addPixit(record, redactor, put, leftOut);
  const info = {
    bundledAt: new Date().toISOString(),
    bundleCommand: redactor.scrub(commandLine()),
    reportsDir: dir,
    runCommand: record?.command ?? null,
    harness: harnessFacts(),
    packages: installedPackages(),
    leftOut,
  };
  put(BUNDLE_INFO_FILE, Buffer.from(`${JSON.stringify(info, null, 2)}\n`));

  const manifest = manifestOf(files, info.bundledAt);
  const zip = zipSync(
    { [MANIFEST_FILE]: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), ...Object.fromEntries(files) },
    { level: 6 },
  );
  const file = o.out ?? join(dir, DEFAULT_BUNDLE_FILE);
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and renamed, so that a bundle cut short never lies where a whole one is expected.
  writeFileSync(`${file}.partial`, zip);
  renameSync(`${file}.partial`, file);
  return { file, sha256: sha256(zip), files: files.size + 1, leftOut };
}

/**
 * The run record, or null when the run left none. One that does not parse is refused, not left out:
 * its targets name the PIXIT whose keys the bundle is redacted with once more.
 */
function recordOf(dir: string): RunRecord | null {
  try {
    return readRunRecord(dir);
  } catch (e) {
    throw new ConfigError(
      "OSGP_ERR_BUNDLE",
      `${join(dir, RUN_RECORD_FILE)} is not a run record (${(e as Error).message}): cut short or edited; run the suite again to bundle its reports`,
    );
  }
}

/** The keys of the run's PIXIT for each of its targets (the simulator's own keys for a sim target). */
export function runRedactor(record: RunRecord | null): Redactor {
  const redactor = new Redactor();
  for (const target of record?.targets ?? []) {
    try {
      pixitRedactor(runConfig(target, record?.pixitFile ?? null).pixit, redactor);
    } catch {
      // The PIXIT file has gone or changed since the run: the reports were redacted as they were written.
    }
  }
  return redactor;
}

function addTraces(
  dir: string,
  since: number | null,
  put: (path: string, bytes: Uint8Array) => void,
  leftOut: LeftOut[],
): void {
  const streams = readdirSync(dir).filter((f) => /^cucumber-messages(-\d+)?\.ndjson$/.test(f));
  const taken = new Set<string>();
  let count = 0;
  for (const name of streams.sort()) {
    const file = join(dir, name);
    if (since !== null && statSync(file).mtimeMs < since) {
      leftOut.push({ path: `${TRACES_DIR}/ (from ${name})`, why: "written before this run started: an earlier run's" });
      continue;
    }
    for (const t of scenarioTraces(readFileSync(file, "utf8"), taken)) {
      put(`${TRACES_DIR}/${t.path}`, Buffer.from(t.text, "utf8"));
      count++;
    }
  }
  if (count === 0) leftOut.push({ path: `${TRACES_DIR}/`, why: "no scenario in the run's cucumber messages" });
}

function addPixit(
  record: RunRecord | null,
  redactor: Redactor,
  put: (path: string, bytes: Uint8Array) => void,
  leftOut: LeftOut[],
): void {
  if (record === null)
    leftOut.push({ path: PIXIT_FILE, why: `no ${RUN_RECORD_FILE}: which PIXIT the run used is not known` });
  else if (record.pixitFile === null)
    leftOut.push({ path: PIXIT_FILE, why: "the run was given no --pixit: its target's built-in PIXIT" });
  // Redacted again: the record is a file in the reports directory, which anyone may have edited.
  else
    put(PIXIT_FILE, Buffer.from(`${JSON.stringify(redactedPixit(JSON.stringify(record.pixit), redactor), null, 2)}\n`));
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}
