import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { delimiter, join } from "node:path";
import { toHex } from "../../harness/bytes/hex";
import type { Secret } from "../../harness/security/secret";

/**
 * termineter (an independent ANSI C12.18 client, github.com/rsmusllp/termineter, on PyPI) driven
 * without a terminal: its console commands come on stdin, so the password is never written to a
 * file (`-r FILE` would need one), and its `dump_tables` module writes the tables it could read to a
 * CSV file (id, name, length, hex), one file per range of table ids.
 */
export const TERMINETER_SETUP =
  "python3 -m venv V && V/bin/pip install termineter, then TERMINETER=V/bin/termineter npm run bench";

/** termineter's executable: $TERMINETER, else `termineter` on the PATH; null when neither is there. */
export function findTermineter(): string | null {
  const candidates = [
    ...(process.env.TERMINETER ? [process.env.TERMINETER] : []),
    ...(process.env.PATH ?? "").split(delimiter).map((d) => join(d, "termineter")),
  ];
  return candidates.find(executable) ?? null;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A range of table ids dump_tables tries one by one, LOWER..UPPER inclusive. */
export interface IdRange {
  readonly lower: number;
  readonly upper: number;
}

export interface TermineterDump {
  readonly seconds: number;
  /** From its banner ("v1.0.6"). */
  readonly version: string;
  /** What each range's CSV holds: table id to its bytes as hex (no separators). */
  readonly tables: Map<number, string>;
  /** Its "[-]" lines (a failed connect or module run); empty when every range was dumped. */
  readonly errors: string[];
}

/**
 * One termineter process: `connect`, then dump_tables once per range, logged on with `password`
 * (user id 0, its default user name) at 9600 baud, packets of 512 bytes, 2 per message (its
 * defaults). `dir` must be a fresh directory the caller removes: termineter's home (its log file
 * there is /dev/null, since at its DEBUG level it would hold the security request's bytes) and the
 * CSV files. termineter's output is returned, never printed: it echoes the password.
 */
export async function termineterDump(
  exe: string,
  tty: string,
  password: Secret,
  ranges: readonly IdRange[],
  dir: string,
): Promise<TermineterDump> {
  mkdirSync(join(dir, ".termineter"), { recursive: true });
  const log = join(dir, ".termineter", "termineter.log");
  if (!existsSync(log)) symlinkSync("/dev/null", log);
  const csv = (r: IdRange) => join(dir, `tables-${r.lower}-${r.upper}.csv`);
  for (const r of ranges) rmSync(csv(r), { force: true });
  const commands = [
    "set USE_COLOR false",
    `set SERIAL_CONNECTION ${tty}`,
    "set USER_ID 0",
    "set PASSWORD_HEX true",
    `set PASSWORD ${toHex(password.reveal(), "")}`,
    "connect",
    "use dump_tables",
    ...ranges.flatMap((r) => [`set LOWER ${r.lower}`, `set UPPER ${r.upper}`, `set FILE ${csv(r)}`, "run"]),
    "exit",
  ];
  const t0 = performance.now();
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(exe, [], { env: { ...process.env, HOME: dir }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 10 * 60_000);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      resolve(out);
    });
    child.stdin.end(commands.join("\n") + "\n");
  });
  const seconds = (performance.now() - t0) / 1000;
  const tables = new Map<number, string>();
  for (const r of ranges)
    if (existsSync(csv(r))) for (const [id, hex] of parseDumpCsv(readFileSync(csv(r), "utf8"))) tables.set(id, hex);
  const copied = stdout.match(/Successfully copied \d+ tables/g)?.length ?? 0;
  const errors = stdout
    .split("\n")
    .filter((l) => l.includes("[-]"))
    .map((l) => l.slice(l.indexOf("[-]")));
  if (errors.length === 0 && copied < ranges.length)
    errors.push(`dump_tables finished ${copied} of ${ranges.length} ranges`);
  return { seconds, version: /termineter\s+v(\S+)/.exec(stdout)?.[1] ?? "?", tables, errors };
}

/** dump_tables' CSV: "id,name,length,hex" a line; the name may hold commas, the other fields do not. */
export function parseDumpCsv(text: string): Map<number, string> {
  const tables = new Map<number, string>();
  for (const line of text.split(/\r?\n/)) {
    const f = line.split(",");
    if (f.length < 4) continue;
    const id = Number(f[0]);
    const hex = (f.at(-1) as string).trim().toLowerCase();
    if (!Number.isInteger(id) || hex.length !== 2 * Number(f.at(-2))) continue;
    tables.set(id, hex);
  }
  return tables;
}
