import { parseDefect } from "../simulator/defects";
import { parseTestFault, TEST_FAULTS } from "../simulator/test-faults";
import { DEFAULT_OPTICAL_KEYS_TEXT } from "../simulator/optical-keys";
import { DEFAULT_MEP_KEYS_TEXT } from "../simulator/mep-port";
import { DEFAULT_PLC_NETWORK, MAX_PLC_METERS } from "../simulator/cnip-gateway";
import { SIMULATOR_OMAK_TEXT } from "../simulator/plc-keys";
import { APDU_CODE_CARRIAGE, DEFAULT_CARRIAGE } from "../link/lon/osgp-over-lon";
import { generateAllureReport } from "../report/allure-report";
import { defectTable, errorTable, pixitTable, pixitTemplate, profileTable } from "./info-commands";
import { runSuite } from "./run-command";
import { bundleReports, verifyBundleFile } from "./bundle-command";
import { initFiles } from "./init-command";
import { defaultJobs, runDetection } from "./detection-command";
import { writeCatalogue } from "./catalogue-command";
import { runPlcLoopback } from "./plc-loopback-command";
import { simulate } from "./simulate-command";
import { FUZZ_SPEC, fuzzMain } from "./fuzz-command";
import { BASELINE_SPEC, baselineMain } from "./baseline-command";
import { BENCH_COMMANDS, BENCH_USAGE, benchMain } from "./bench-commands";
import { mergeShards } from "./merge-command";
import { parseShard } from "./shards";
import {
  bool,
  commandUsage,
  decimal,
  int,
  oneOf,
  parseCommand,
  parsed,
  text,
  texts,
  usageError,
  type CommandSpec,
  type Flag,
  type FlagValues,
} from "./flags";

/** One entry of the CLI: the names it answers to, its usage block, and how it runs. */
export interface Command {
  readonly names: readonly string[];
  readonly usage: string;
  run(args: readonly string[], name: string): Promise<number> | number;
}

/** A command whose flags are declared: parsed and checked from `spec`, then handed to `run`. */
function declared<F extends Record<string, Flag<unknown>>>(
  spec: CommandSpec<F>,
  run: (values: FlagValues<F>, positionals: string[]) => Promise<number> | number,
): Command {
  return {
    names: [spec.name],
    usage: commandUsage(spec),
    run: (args) => {
      const parsed = parseCommand(spec, args);
      return run(parsed.values, parsed.positionals);
    },
  };
}

const MS_MAX = 600_000;
const SEED_MAX = 2 ** 32 - 1;

const run = declared(
  {
    name: "run",
    positionals: [],
    flags: {
      target: texts("TARGET", { fallback: ["sim"], shownRequired: true }),
      pixit: text("FILE"),
      pics: text("FILE"),
      tags: text("EXPR"),
      fuzz: bool(),
      report: bool(),
      "reports-dir": text("DIR", "reports"),
      parallel: int("N", 1, 64, 1),
      bundle: bool(),
      junit: text("FILE"),
      baseline: text("FILE"),
      shard: parsed("I/N", parseShard),
      record: text("FILE"),
    },
    about: `run the suite; TARGET: sim, sim-mep, sim-plc, sim[-mep|-plc]:PROFILE+DEFECT...,
optical:PATH, mep:PATH, plc:HOST[:PORT] (a CN/IP gateway; pcaps go to DIR/pcap/)
up to N targets at once (--parallel; a simulator target's cucumber gets what is left
over as workers, a meter one line); --shard I/N runs shard I of N of the target ×
scenario matrix (a stable share: see merge)
exit 0 only if every scenario passed or was not applicable; --fuzz runs the fuzz
campaigns of features/fuzz (cucumber profile fuzz) instead of the scenarios;
--bundle makes the evidence bundle (see bundle) once the reports are written;
JUnit XML for CI goes to DIR/junit.xml (or --junit FILE); with --baseline FILE (see
baseline) the exit code is the gate's: 0 only if every verdict is the baseline's,
known failures included; --record FILE keeps every byte of every scenario (keys as
placeholders), and --target replay:FILE[#N] runs the same scenarios against it, no device`,
  },
  async (v) => {
    const code = await runSuite({
      targets: v.target,
      pixit: v.pixit ?? null,
      pics: v.pics ?? null,
      fuzz: v.fuzz,
      tags: v.tags ?? null,
      report: v.report,
      reportsDir: v["reports-dir"],
      parallel: v.parallel,
      junit: v.junit ?? null,
      baseline: v.baseline ?? null,
      shard: v.shard ?? null,
      record: v.record ?? null,
    });
    // A run with fails is the one whose evidence matters most: it is bundled whatever its verdict.
    if (v.bundle) bundleReports(v["reports-dir"], null);
    return code;
  },
);

const merge = declared(
  {
    name: "merge",
    positionals: ["DIR..."],
    flags: { "reports-dir": text("OUT", "reports"), report: bool() },
    about: `join the reports directories of every shard of one run (run --shard I/N) into the
summary, JUnit and Allure results (--report: the report) of the whole run, in OUT`,
  },
  (v, dirs) => mergeShards({ dirs, reportsDir: v["reports-dir"], report: v.report }),
);

const simulateCommand = declared(
  {
    name: "simulate",
    positionals: [],
    flags: {
      optical: text("TTY"),
      mep: text("TTY"),
      cnip: text("HOST:PORT"),
      mk: text("HEX"),
      pk: text("HEX"),
      rk: text("HEX"),
      mak: text("HEX"),
      mbk: text("HEX"),
      profile: text("NAME", "reference"),
      defect: texts("NAME", { check: parseDefect }),
      "security-mode": oneOf(["rc4", "aes128"] as const),
      "lock-read": texts("TABLE"),
      "lock-write": texts("TABLE"),
      "lock-procedure": texts("PROC"),
      "start-time": text("ISO"),
      "clock-speed": decimal("N", 0.001, 1_000_000, 1),
      "line-rate": int("BAUD", 1, 10_000_000),
      quiet: bool(),
      silent: bool(),
      "test-fault": texts("NAME", { check: parseTestFault }),
      "logon-limit": int("N", 1, 1_000_000),
      "logon-window": decimal("S", 0.001, 86_400, 60),
      "logon-hold-off": decimal("S", 0.001, 86_400, 300),
      "session-timeout": decimal("S", 0.001, 86_400, 6),
      meters: int("N", 1, MAX_PLC_METERS, DEFAULT_PLC_NETWORK.meterCount),
      omak: text("HEX"),
      carriage: oneOf(["message", "apdu-code"] as const, DEFAULT_CARRIAGE.carriage),
      // Application-message codes are 0x00..0x3f.
      "message-code": int("N", 0, 0x3f, 0),
      loss: decimal("PCT", 0, 100, 0),
      duplicate: decimal("PCT", 0, 100, 0),
      delay: int("MS", 0, MS_MAX, 0),
      jitter: int("MS", 0, MS_MAX, 0),
      seed: int("N", 0, SEED_MAX, 1),
    },
    about: `the reference meter behind a C12.18 optical port, a MEP port and/or as PLC node 1/11
behind a CN/IP gateway on UDP (with N-1 sibling meters, default 3 in all; the PLC
channel loses, duplicates and delays packets as told, seeded); --silent: every port
reads and never answers (a bench condition, a meter that is off: not a defect);
--line-rate: the serial ports keep a real line's time at BAUD (8N1, both directions)
--test-fault: a fault for the harness's own tests, not a defect (${Object.keys(TEST_FAULTS).join(", ")})
--logon-limit: the optical port refuses a logon with bsy for --logon-hold-off S (300) after N
within --logon-window S (60), as NES meters hold off new sessions (a meter's way, not a defect)
--session-timeout: the optical port ends a session silent S seconds (6, C12.18's channel traffic time-out)
default optical keys (ASCII, padded with 0x00 to 20 bytes): MK "${DEFAULT_OPTICAL_KEYS_TEXT.mk}",
PK "${DEFAULT_OPTICAL_KEYS_TEXT.pk}", RK "${DEFAULT_OPTICAL_KEYS_TEXT.rk}"
default MEP keys (ASCII, 16 bytes): MAK "${DEFAULT_MEP_KEYS_TEXT.mak}", MBK "${DEFAULT_MEP_KEYS_TEXT.mbk}"
default OMAK (ASCII, 12 bytes): "${SIMULATOR_OMAK_TEXT}"`,
  },
  (v) => {
    if (v.optical === undefined && v.mep === undefined && v.cnip === undefined)
      throw usageError("simulate needs --optical TTY, --mep TTY and/or --cnip HOST:PORT");
    return simulate({
      optical: v.optical ?? null,
      mep: v.mep ?? null,
      cnip: v.cnip ?? null,
      meters: v.meters,
      omak: v.omak ?? null,
      carriage: v.carriage === "apdu-code" ? APDU_CODE_CARRIAGE : { carriage: v.carriage, code: v["message-code"] },
      impairment: {
        lossPercent: v.loss,
        duplicatePercent: v.duplicate,
        delayMs: v.delay,
        jitterMs: v.jitter,
        seed: v.seed,
      },
      mak: v.mak ?? null,
      mbk: v.mbk ?? null,
      securityMode: v["security-mode"] ?? null,
      mk: v.mk ?? null,
      pk: v.pk ?? null,
      rk: v.rk ?? null,
      profile: v.profile,
      defects: v.defect.map(parseDefect),
      startTime: v["start-time"] ?? null,
      clockSpeed: v["clock-speed"],
      lineRate: v["line-rate"] ?? null,
      quiet: v.quiet,
      silent: v.silent,
      testFaults: v["test-fault"].map(parseTestFault),
      logonLimit:
        v["logon-limit"] === undefined
          ? null
          : {
              logons: v["logon-limit"],
              windowMs: v["logon-window"] * 1000,
              holdOffMs: v["logon-hold-off"] * 1000,
            },
      sessionTimeoutMs: v["session-timeout"] * 1000,
      lock:
        v["lock-read"].length + v["lock-write"].length + v["lock-procedure"].length === 0
          ? null
          : { read: v["lock-read"], write: v["lock-write"], procedures: v["lock-procedure"] },
    });
  },
);

const plcLoopback = declared(
  {
    name: "plc-loopback",
    positionals: [],
    flags: {
      loss: decimal("PCT", 0, 100, 0),
      duplicate: decimal("PCT", 0, 100, 0),
      delay: int("MS", 0, MS_MAX, 0),
      seed: int("N", 0, SEED_MAX, 1),
      profile: text("NAME", "reference"),
      tags: text("EXPR"),
      report: bool(),
      "reports-dir": text("DIR", "reports"),
    },
    about: `the PLC features over UDP loopback against the standalone simulator (started and
stopped here, its channel impaired as told); pcaps in DIR/pcap/`,
  },
  (v) =>
    runPlcLoopback({
      profile: v.profile,
      lossPercent: v.loss,
      duplicatePercent: v.duplicate,
      delayMs: v.delay,
      seed: v.seed,
      tags: v.tags ?? null,
      report: v.report,
      reportsDir: v["reports-dir"],
    }),
);

const detection = declared(
  {
    name: "detection",
    positionals: [],
    flags: {
      jobs: int("N", 1, 256, defaultJobs()),
      defect: texts("NAME", { check: parseDefect }),
      "reports-dir": text("DIR", "reports"),
    },
    about: `the suite against the clean simulator and against each defect profile (scenarios of
the defect's clause); table in DIR/detection.md, last line "detection: N/M"`,
  },
  (v) => runDetection({ reportsDir: v["reports-dir"], jobs: v.jobs, only: v.defect }),
);

const init = declared(
  {
    name: "init",
    positionals: [],
    flags: { dir: text("DIR", "."), force: bool() },
    about: "write a PICS (with its JSON schema) and a PIXIT template to fill in",
  },
  (v) => {
    for (const f of initFiles(v.dir, v.force)) console.log(`wrote ${f}`);
    console.log(
      "fill in pics.json (true for each optional feature the device implements) and pixit.json, then: run --target ... --pixit pixit.json --pics pics.json",
    );
    return 0;
  },
);

const catalogue = declared(
  {
    name: "catalogue",
    positionals: [],
    flags: { out: text("FILE", "reports/clause-catalogue.md") },
    about: "every leaf clause of the spec with its scenarios, or why it has none",
  },
  (v) => {
    const { file, problems } = writeCatalogue(v.out);
    console.log(`catalogue: ${file}`);
    for (const p of problems) console.error(`problem: ${p}`);
    return problems.length === 0 ? 0 : 1;
  },
);

const report = declared(
  {
    name: "report",
    positionals: [],
    flags: { "reports-dir": text("DIR", "reports") },
    about: "build the single-file Allure report from the last results",
  },
  (v) => {
    const dir = v["reports-dir"];
    const r = generateAllureReport(`${dir}/allure-results`, `${dir}/allure-report`);
    console.log(r.ok ? `report: ${dir}/allure-report/index.html` : r.output);
    return r.ok ? 0 : 1;
  },
);

const bundle = declared(
  {
    name: "bundle",
    positionals: [],
    flags: { "reports-dir": text("DIR", "reports"), out: text("FILE.zip") },
    about: `the run's evidence in one zip (default DIR/evidence-bundle.zip): summary, Allure report,
JUnit, frames per scenario, pcaps, PICS, the PIXIT with its keys redacted, the device's
identity, command line, harness commit, Node and package versions, a SHA-256 manifest`,
  },
  (v) => bundleReports(v["reports-dir"], v.out ?? null),
);

const verifyBundle = declared(
  {
    name: "verify-bundle",
    positionals: ["FILE.zip"],
    flags: {},
    about: `check every file of a bundle against its manifest; exit 0 only
when none changed, none was added and none is missing`,
  },
  (_v, [file]) => verifyBundleFile(file as string),
);

const pixit = declared(
  {
    name: "pixit",
    positionals: [],
    flags: { describe: bool() },
    about: "print a PIXIT template (or describe every item)",
  },
  (v) => {
    console.log(v.describe ? pixitTable() : pixitTemplate());
    return 0;
  },
);

function printing(name: string, about: string, table: () => string): Command {
  return declared({ name, positionals: [], flags: {}, about }, () => {
    console.log(table());
    return 0;
  });
}

/** Every command, in the order usage lists them. */
export const COMMANDS: readonly Command[] = [
  run,
  merge,
  simulateCommand,
  plcLoopback,
  detection,
  declared(FUZZ_SPEC, fuzzMain),
  declared(BASELINE_SPEC, baselineMain),
  // The bench commands share their flags, so their usage is one block: see bench-commands.ts.
  {
    names: BENCH_COMMANDS,
    usage: BENCH_USAGE,
    run: (args, name) => benchMain(name as (typeof BENCH_COMMANDS)[number], args),
  },
  init,
  catalogue,
  report,
  bundle,
  verifyBundle,
  pixit,
  printing("errors", "the stable error codes and what they mean", errorTable),
  printing("defects", "the simulator's defect profiles", defectTable),
  printing("profiles", "the simulator's meter profiles", profileTable),
];
