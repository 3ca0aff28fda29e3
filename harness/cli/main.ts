import { parseArgs } from "node:util";
import { OsgpError } from "../errors";
import { parseDefect } from "../simulator/defects";
import { parseTestFault, TEST_FAULTS } from "../simulator/test-faults";
import { DEFAULT_OPTICAL_KEYS_TEXT } from "../simulator/optical-keys";
import { DEFAULT_MEP_KEYS_TEXT } from "../simulator/mep-port";
import { defectTable, errorTable, pixitTable, pixitTemplate, profileTable } from "./info-commands";
import { runSuite } from "./run-command";
import { bundleReports, verifyBundleFile } from "./bundle-command";
import { initFiles } from "./init-command";
import { defaultJobs, runDetection } from "./detection-command";
import { writeCatalogue } from "./catalogue-command";
import { runPlcLoopback } from "./plc-loopback-command";
import { simulate } from "./simulate-command";
import { FUZZ_USAGE, fuzzMain } from "./fuzz-command";
import { BASELINE_USAGE, baselineMain } from "./baseline-command";
import { BENCH_USAGE, benchMain, isBenchCommand } from "./bench-commands";
import { generateAllureReport } from "../report/allure-report";
import { HARNESS_VERSION } from "./version";
import { APDU_CODE_CARRIAGE, DEFAULT_CARRIAGE } from "../link/lon/osgp-over-lon";
import { DEFAULT_PLC_NETWORK, MAX_PLC_METERS } from "../simulator/cnip-gateway";
import { SIMULATOR_OMAK_TEXT } from "../simulator/plc-keys";

const USAGE = `osgp-conformance ${HARNESS_VERSION}: conformance tests for OSGP (ETSI TS 104 001) meters

  run       --target TARGET [--target TARGET]... [--pixit FILE] [--pics FILE] [--tags EXPR] [--fuzz]
            [--report] [--reports-dir DIR] [--parallel N] [--bundle]
            [--junit FILE] [--baseline FILE]
            run the suite; TARGET: sim, sim-mep, sim-plc, sim[-mep|-plc]:PROFILE+DEFECT...,
            optical:PATH, mep:PATH, plc:HOST[:PORT] (a CN/IP gateway; pcaps go to DIR/pcap/)
            exit 0 only if every scenario passed or was not applicable; --fuzz runs the fuzz
            campaigns of features/fuzz (cucumber profile fuzz) instead of the scenarios;
            --bundle makes the evidence bundle (see bundle) once the reports are written;
            JUnit XML for CI goes to DIR/junit.xml (or --junit FILE); with --baseline FILE (see
            baseline) the exit code is the gate's: 0 only if every verdict is the baseline's,
            known failures included
  simulate  [--optical TTY] [--mep TTY] [--cnip HOST:PORT] [--mk HEX] [--pk HEX] [--rk HEX] [--mak HEX] [--mbk HEX]
            [--profile NAME] [--defect NAME]... [--security-mode rc4|aes128]
            [--lock-read TABLE]... [--lock-write TABLE]... [--lock-procedure PROC]...
            [--start-time ISO] [--clock-speed N] [--line-rate BAUD] [--quiet] [--silent] [--test-fault NAME]...
            [--meters N] [--omak HEX] [--carriage message|apdu-code] [--message-code N]
            [--loss PCT] [--duplicate PCT] [--delay MS] [--jitter MS] [--seed N]
            the reference meter behind a C12.18 optical port, a MEP port and/or as PLC node 1/11
            behind a CN/IP gateway on UDP (with N-1 sibling meters, default 3 in all; the PLC
            channel loses, duplicates and delays packets as told, seeded); --silent: every port
            reads and never answers (a bench condition, a meter that is off: not a defect);
            --line-rate: the serial ports keep a real line's time at BAUD (8N1, both directions)
            --test-fault: a fault for the harness's own tests, not a defect (${Object.keys(TEST_FAULTS).join(", ")})
            default optical keys (ASCII, padded with 0x00 to 20 bytes): MK "${DEFAULT_OPTICAL_KEYS_TEXT.mk}",
            PK "${DEFAULT_OPTICAL_KEYS_TEXT.pk}", RK "${DEFAULT_OPTICAL_KEYS_TEXT.rk}"
            default MEP keys (ASCII, 16 bytes): MAK "${DEFAULT_MEP_KEYS_TEXT.mak}", MBK "${DEFAULT_MEP_KEYS_TEXT.mbk}"
            default OMAK (ASCII, 12 bytes): "${SIMULATOR_OMAK_TEXT}"
  plc-loopback [--loss PCT] [--duplicate PCT] [--delay MS] [--seed N] [--profile NAME]
            [--tags EXPR] [--report] [--reports-dir DIR]
            the PLC features over UDP loopback against the standalone simulator (started and
            stopped here, its channel impaired as told); pcaps in DIR/pcap/
  detection [--jobs N] [--defect NAME]... [--reports-dir DIR]
            the suite against the clean simulator and against each defect profile (scenarios of
            the defect's clause); table in DIR/detection.md, last line "detection: N/M"
${FUZZ_USAGE}
${BASELINE_USAGE}
${BENCH_USAGE}
  init      [--dir DIR] [--force]    write a PICS (with its JSON schema) and a PIXIT template to fill in
  catalogue [--out FILE]             every leaf clause of the spec with its scenarios, or why it has none
  report    [--reports-dir DIR]      build the single-file Allure report from the last results
  bundle    [--reports-dir DIR] [--out FILE.zip]
            the run's evidence in one zip (default DIR/evidence-bundle.zip): summary, Allure report,
            JUnit, frames per scenario, pcaps, PICS, the PIXIT with its keys redacted, the device's
            identity, command line, harness commit, Node and package versions, a SHA-256 manifest
  verify-bundle FILE.zip             check every file of a bundle against its manifest; exit 0 only
                                     when none changed, none was added and none is missing
  pixit     [--describe]             print a PIXIT template (or describe every item)
  errors                             the stable error codes and what they mean
  defects                            the simulator's defect profiles
  profiles                           the simulator's meter profiles`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (isBenchCommand(command)) return benchMain(command, rest);
  switch (command) {
    case "run": {
      const { values } = parseArgs({
        args: rest,
        options: {
          target: { type: "string", multiple: true, default: ["sim"] },
          pixit: { type: "string" },
          pics: { type: "string" },
          fuzz: { type: "boolean", default: false },
          tags: { type: "string" },
          report: { type: "boolean", default: false },
          "reports-dir": { type: "string", default: "reports" },
          parallel: { type: "string", default: "1" },
          bundle: { type: "boolean", default: false },
          junit: { type: "string" },
          baseline: { type: "string" },
        },
        strict: true,
      });
      const code = await runSuite({
        targets: values.target,
        pixit: values.pixit ?? null,
        pics: values.pics ?? null,
        fuzz: values.fuzz,
        tags: values.tags ?? null,
        report: values.report,
        reportsDir: values["reports-dir"],
        parallel: Number(values.parallel),
        junit: values.junit ?? null,
        baseline: values.baseline ?? null,
      });
      // A run with fails is the one whose evidence matters most: it is bundled whatever its verdict.
      if (values.bundle) bundleReports(values["reports-dir"], null);
      return code;
    }
    case "simulate": {
      const { values } = parseArgs({
        args: rest,
        options: {
          optical: { type: "string" },
          mep: { type: "string" },
          cnip: { type: "string" },
          meters: { type: "string", default: String(DEFAULT_PLC_NETWORK.meterCount) },
          omak: { type: "string" },
          carriage: { type: "string", default: DEFAULT_CARRIAGE.carriage },
          "message-code": { type: "string", default: "0" },
          loss: { type: "string", default: "0" },
          duplicate: { type: "string", default: "0" },
          delay: { type: "string", default: "0" },
          jitter: { type: "string", default: "0" },
          seed: { type: "string", default: "1" },
          mak: { type: "string" },
          mbk: { type: "string" },
          "security-mode": { type: "string" },
          mk: { type: "string" },
          pk: { type: "string" },
          rk: { type: "string" },
          profile: { type: "string", default: "reference" },
          defect: { type: "string", multiple: true, default: [] },
          "lock-read": { type: "string", multiple: true, default: [] },
          "lock-write": { type: "string", multiple: true, default: [] },
          "lock-procedure": { type: "string", multiple: true, default: [] },
          "start-time": { type: "string" },
          "clock-speed": { type: "string", default: "1" },
          "line-rate": { type: "string" },
          quiet: { type: "boolean", default: false },
          silent: { type: "boolean", default: false },
          "test-fault": { type: "string", multiple: true, default: [] },
        },
        strict: true,
      });
      if (values.optical === undefined && values.mep === undefined && values.cnip === undefined) return usage("simulate needs --optical TTY, --mep TTY and/or --cnip HOST:PORT");
      const carriage = values.carriage;
      if (carriage !== "message" && carriage !== "apdu-code") return usage("--carriage is message or apdu-code");
      const meters = Number(values.meters);
      if (!Number.isInteger(meters) || meters < 1 || meters > MAX_PLC_METERS) return usage(`--meters is 1..${MAX_PLC_METERS}`);
      const mode = values["security-mode"];
      if (mode !== undefined && mode !== "rc4" && mode !== "aes128") return usage("--security-mode is rc4 or aes128");
      const lineRate = values["line-rate"] === undefined ? null : Number(values["line-rate"]);
      if (lineRate !== null && !(Number.isInteger(lineRate) && lineRate > 0)) return usage("--line-rate is a baud rate (a positive whole number, e.g. 9600)");
      return simulate({
        optical: values.optical ?? null,
        mep: values.mep ?? null,
        cnip: values.cnip ?? null,
        meters,
        omak: values.omak ?? null,
        carriage: carriage === "apdu-code" ? APDU_CODE_CARRIAGE : { carriage, code: Number(values["message-code"]) },
        impairment: {
          lossPercent: Number(values.loss),
          duplicatePercent: Number(values.duplicate),
          delayMs: Number(values.delay),
          jitterMs: Number(values.jitter),
          seed: Number(values.seed),
        },
        mak: values.mak ?? null,
        mbk: values.mbk ?? null,
        securityMode: mode ?? null,
        mk: values.mk ?? null,
        pk: values.pk ?? null,
        rk: values.rk ?? null,
        profile: values.profile,
        defects: values.defect.map(parseDefect),
        startTime: values["start-time"] ?? null,
        clockSpeed: Number(values["clock-speed"]),
        lineRate,
        quiet: values.quiet,
        silent: values.silent,
        testFaults: values["test-fault"].map(parseTestFault),
        lock:
          values["lock-read"].length + values["lock-write"].length + values["lock-procedure"].length === 0
            ? null
            : { read: values["lock-read"], write: values["lock-write"], procedures: values["lock-procedure"] },
      });
    }
    case "plc-loopback": {
      const { values } = parseArgs({
        args: rest,
        options: {
          profile: { type: "string", default: "reference" },
          loss: { type: "string", default: "0" },
          duplicate: { type: "string", default: "0" },
          delay: { type: "string", default: "0" },
          seed: { type: "string", default: "1" },
          tags: { type: "string" },
          report: { type: "boolean", default: false },
          "reports-dir": { type: "string", default: "reports" },
        },
        strict: true,
      });
      return runPlcLoopback({
        profile: values.profile,
        lossPercent: Number(values.loss),
        duplicatePercent: Number(values.duplicate),
        delayMs: Number(values.delay),
        seed: Number(values.seed),
        tags: values.tags ?? null,
        report: values.report,
        reportsDir: values["reports-dir"],
      });
    }
    case "fuzz":
      return fuzzMain(rest);
    case "baseline":
      return baselineMain(rest);
    case "bundle": {
      const { values } = parseArgs({ args: rest, options: { "reports-dir": { type: "string", default: "reports" }, out: { type: "string" } }, strict: true });
      return bundleReports(values["reports-dir"], values.out ?? null);
    }
    case "verify-bundle": {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
      if (positionals.length !== 1) return usage("verify-bundle takes one file: verify-bundle FILE.zip");
      return verifyBundleFile(positionals[0] as string);
    }
    case "report": {
      const { values } = parseArgs({ args: rest, options: { "reports-dir": { type: "string", default: "reports" } }, strict: true });
      const dir = values["reports-dir"];
      const r = generateAllureReport(`${dir}/allure-results`, `${dir}/allure-report`);
      console.log(r.ok ? `report: ${dir}/allure-report/index.html` : r.output);
      return r.ok ? 0 : 1;
    }
    case "detection": {
      const { values } = parseArgs({
        args: rest,
        options: { "reports-dir": { type: "string", default: "reports" }, jobs: { type: "string", default: String(defaultJobs()) }, defect: { type: "string", multiple: true, default: [] } },
        strict: true,
      });
      for (const d of values.defect) parseDefect(d);
      return runDetection({ reportsDir: values["reports-dir"], jobs: Number(values.jobs), only: values.defect });
    }
    case "init": {
      const { values } = parseArgs({ args: rest, options: { dir: { type: "string", default: "." }, force: { type: "boolean", default: false } }, strict: true });
      for (const f of initFiles(values.dir, values.force)) console.log(`wrote ${f}`);
      console.log("fill in pics.json (true for each optional feature the device implements) and pixit.json, then: run --target ... --pixit pixit.json --pics pics.json");
      return 0;
    }
    case "catalogue": {
      const { values } = parseArgs({ args: rest, options: { out: { type: "string", default: "reports/clause-catalogue.md" } }, strict: true });
      const { file, problems } = writeCatalogue(values.out);
      console.log(`catalogue: ${file}`);
      for (const p of problems) console.error(`problem: ${p}`);
      return problems.length === 0 ? 0 : 1;
    }
    case "pixit": {
      const { values } = parseArgs({ args: rest, options: { describe: { type: "boolean", default: false } }, strict: true });
      console.log(values.describe ? pixitTable() : pixitTemplate());
      return 0;
    }
    case "errors":
      console.log(errorTable());
      return 0;
    case "defects":
      console.log(defectTable());
      return 0;
    case "profiles":
      console.log(profileTable());
      return 0;
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return 0;
    default:
      return usage(`unknown command "${command}"`);
  }
}

function usage(problem: string): number {
  console.error(`${problem}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    // Typed errors carry their code and evidence; anything else is a harness bug and shows its stack.
    console.error(e instanceof OsgpError ? e.message : e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? `${e.message}\n\n${USAGE}` : e);
    process.exit(e instanceof OsgpError ? 2 : 1);
  },
);
