import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../harness/errors";
import { bool, commandUsage, decimal, int, oneOf, parseCommand, text, texts } from "../../harness/cli/flags";
import { BIN, ROOT } from "../support/serial-bench";

const SPEC = {
  name: "demo",
  positionals: ["FILE"],
  flags: {
    target: texts("TARGET", { fallback: ["sim"] }),
    pixit: text("FILE"),
    "reports-dir": text("DIR", "reports"),
    parallel: int("N", 1, 64, 1),
    loss: decimal("PCT", 0, 100, 0),
    mode: oneOf(["rc4", "aes128"] as const),
    report: bool(),
  },
  about: "a command for the test",
};

function usageErrorOf(args: readonly string[]): string {
  try {
    parseCommand(SPEC, args);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.code, "OSGP_ERR_USAGE");
    return e.message;
  }
  assert.fail(`${args.join(" ")} parsed`);
}

test("values come typed, with their defaults, a repeated flag collected in order", () => {
  const { values, positionals } = parseCommand(SPEC, [
    "x.zip",
    "--target",
    "sim-mep",
    "--parallel",
    "4",
    "--target=sim-plc",
    "--loss",
    "2.5",
    "--report",
    "--mode",
    "aes128",
  ]);
  assert.deepEqual(positionals, ["x.zip"]);
  assert.deepEqual(values, {
    target: ["sim-mep", "sim-plc"],
    pixit: undefined,
    "reports-dir": "reports",
    parallel: 4,
    loss: 2.5,
    mode: "aes128",
    report: true,
  });
  assert.deepEqual(parseCommand(SPEC, ["x.zip"]).values.target, ["sim"]);
  assert.equal(parseCommand(SPEC, ["x.zip", "--parallel", "0x10"]).values.parallel, 16);
});

test("an unknown flag is named, with every flag the command takes", () => {
  const m = usageErrorOf(["x.zip", "--paralel", "2"]);
  assert.match(m, /--paralel: not a flag of demo/);
  for (const f of [
    "--target TARGET",
    "--pixit FILE",
    "--reports-dir DIR",
    "--parallel N",
    "--loss PCT",
    "--mode rc4|aes128",
    "--report",
  ])
    assert.ok(m.includes(f), `${f} listed in:\n${m}`);
  assert.match(usageErrorOf(["x.zip", "-p"]), /-p: not a flag of demo/);
});

test("a flag without its value is refused, also when the next word is a flag", () => {
  assert.match(usageErrorOf(["x.zip", "--pixit"]), /--pixit needs its value: --pixit FILE/);
  assert.match(usageErrorOf(["x.zip", "--pixit", "--report"]), /--pixit needs its value/);
  assert.match(usageErrorOf(["x.zip", "--report=yes"]), /--report takes no value/);
});

test("numbers are whole and in range, choices are among theirs: the flag and the value named", () => {
  assert.match(
    usageErrorOf(["x.zip", "--parallel", "abc"]),
    /^OSGP_ERR_USAGE: --parallel abc: not a whole number from 1 to 64$/,
  );
  for (const bad of ["0", "65", "1.5", "-1", ""])
    assert.match(
      usageErrorOf(["x.zip", "--parallel", bad]),
      new RegExp(`--parallel ${bad}: not a whole number from 1 to 64`),
    );
  assert.match(usageErrorOf(["x.zip", "--loss", "101"]), /--loss 101: not a number from 0 to 100/);
  assert.match(usageErrorOf(["x.zip", "--mode", "des"]), /--mode des: not one of rc4, aes128/);
});

test("positionals are counted: none missing, none extra", () => {
  assert.match(usageErrorOf([]), /demo takes FILE/);
  assert.match(usageErrorOf(["a.zip", "b.zip"]), /demo takes FILE, not "a.zip" "b.zip"/);
});

test("a last positional named NAME... takes one or more", () => {
  const spec = { name: "join", positionals: ["DIR..."], flags: { report: bool() }, about: "joins" };
  assert.deepEqual(parseCommand(spec, ["a", "--report", "b", "c"]).positionals, ["a", "b", "c"]);
  assert.throws(() => parseCommand(spec, ["--report"]), /join takes DIR\.\.\./);
  assert.match(commandUsage(spec), /^  join      DIR\.\.\. \[--report\]/);
});

test("the usage line is made from the declaration", () => {
  assert.equal(
    commandUsage(SPEC),
    "  demo      FILE [--target TARGET]... [--pixit FILE] [--reports-dir DIR] [--parallel N] [--loss PCT]\n" +
      "            [--mode rc4|aes128] [--report]\n" +
      "            a command for the test",
  );
});

function cli(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("run --parallel abc stops with exit 2 before anything runs", () => {
  const dir = join(mkdtempSync(join(tmpdir(), "cli-flags-")), "reports");
  const r = cli(["run", "--target", "sim", "--parallel", "abc", "--reports-dir", dir]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--parallel abc: not a whole number from 1 to 64/);
  assert.equal(existsSync(dir), false, "no reports were started");
});

test("detection --jobs 0, an unknown flag and a missing value: exit 2, the flag named", () => {
  const jobs = cli(["detection", "--jobs", "0"]);
  assert.equal(jobs.code, 2, jobs.stderr);
  assert.match(jobs.stderr, /--jobs 0: not a whole number from 1 to/);
  const unknown = cli(["run", "--jobs", "2"]);
  assert.equal(unknown.code, 2, unknown.stderr);
  assert.match(unknown.stderr, /--jobs: not a flag of run/);
  assert.match(unknown.stderr, /\[--parallel N\]/, "what run takes is listed");
  const missing = cli(["simulate", "--optical"]);
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /--optical needs its value: --optical TTY/);
});

test("each value of a repeated flag is checked; a bench command's unknown flag sends nothing", () => {
  const r = cli([
    "simulate",
    "--optical",
    "/tmp/never-opened",
    "--defect",
    "bad-read-checksum",
    "--defect",
    "no-such-defect",
  ]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /unknown defect "no-such-defect"/);
  const read = cli(["read", "BT01", "--trace", "--count"]);
  assert.equal(read.code, 2, read.stderr);
  assert.match(read.stderr, /--count needs its value/);
  assert.doesNotMatch(read.stderr, /wake-up|->/, "no frame was sent");
  const extra = cli(["verify-bundle", "a.zip", "b.zip"]);
  assert.equal(extra.code, 2, extra.stderr);
  assert.match(extra.stderr, /verify-bundle takes FILE\.zip, not "a\.zip" "b\.zip"/);
});

test("--help lists every command and every flag the CLI has always taken", () => {
  const r = cli(["--help"]);
  assert.equal(r.code, 0, r.stderr);
  const commands = [
    "run",
    "merge",
    "simulate",
    "plc-loopback",
    "detection",
    "fuzz",
    "baseline",
    "identify",
    "read",
    "dump",
    "write",
    "procedure",
    "clock",
    "init",
    "catalogue",
    "report",
    "bundle",
    "verify-bundle",
    "pixit",
    "errors",
    "defects",
    "profiles",
    "help",
  ];
  for (const c of commands) assert.match(r.stdout, new RegExp(`^  ${c}( |$)`, "m"), `${c} listed`);
  // The flags main.ts read by hand before they were declared: none may be lost.
  const flags = [
    ...[
      "target",
      "pixit",
      "pics",
      "fuzz",
      "tags",
      "report",
      "reports-dir",
      "parallel",
      "bundle",
      "junit",
      "baseline",
      "shard",
    ],
    ...[
      "optical",
      "mep",
      "cnip",
      "meters",
      "omak",
      "carriage",
      "message-code",
      "loss",
      "duplicate",
      "delay",
      "jitter",
      "seed",
      "mak",
      "mbk",
      "security-mode",
      "mk",
      "pk",
      "rk",
    ],
    ...[
      "profile",
      "defect",
      "lock-read",
      "lock-write",
      "lock-procedure",
      "start-time",
      "clock-speed",
      "line-rate",
      "quiet",
      "silent",
      "test-fault",
    ],
    ...[
      "jobs",
      "dir",
      "force",
      "out",
      "describe",
      "campaign",
      "budget",
      "max-cases",
      "replay",
      "save-fixtures",
      "fixtures-dir",
      "fixtures",
      "self",
      "cases",
      "only",
      "workers",
      "guard-ms",
      "list",
    ],
    ...["key", "json", "hex", "trace", "offset", "count", "file", "yes", "params", "set", "delta"],
  ];
  for (const f of flags) assert.match(r.stdout, new RegExp(`\\[?--${f}[ \\]]`), `--${f} in the usage`);
  const bare = cli([]);
  assert.equal(bare.stdout, r.stdout);
  const unknown = cli(["no-such-command"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "no-such-command"/);
});
