import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Pixit } from "../conformance/pixit";
import { pixitRedactor } from "../conformance/pixit-redactor";
import { Redactor } from "../security/redactor";
import { harnessFacts, type HarnessFacts } from "./build-facts";

/**
 * What a run was: the command line, the PIXIT and PICS files it read, the harness that ran it.
 * Written by `run` into the reports directory before the first scenario, so that a bundle made
 * later (or from a killed run) says what produced the reports. The PIXIT is kept as the run read
 * it, with every key replaced by "<redacted>": the file itself may change or vanish after the run.
 */
export const RUN_RECORD_FILE = "run-record.json";
export const REDACTED = "<redacted>";

export interface RunRecord {
  /** The command line as osgp-conformance received it, quoted for a POSIX shell. */
  readonly command: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly startedAt: string;
  readonly targets: readonly string[];
  readonly pixitFile: string | null;
  readonly picsFile: string | null;
  /** Where --junit put the JUnit XML; null: junit.xml in the reports directory. */
  readonly junitFile: string | null;
  /** The PIXIT file's content, keys redacted; null without --pixit (the defaults). */
  readonly pixit: unknown;
  readonly harness: HarnessFacts;
}

export interface RunFacts {
  readonly targets: readonly string[];
  readonly pixitFile: string | null;
  readonly picsFile: string | null;
  readonly junitFile: string | null;
  readonly startedAt: string;
}

/**
 * `pixits`: the PIXIT of each target as the run loaded it, whose
 * keys (env values too) are scrubbed wherever else they appear.
 */
export function writeRunRecord(reportsDir: string, run: RunFacts, pixits: readonly Pixit[]): void {
  const redactor = new Redactor();
  for (const p of pixits) pixitRedactor(p, redactor);
  const argv = process.argv.slice(2).map((a) => redactor.scrub(a));
  const record: RunRecord = {
    command: commandLine(argv),
    argv,
    cwd: process.cwd(),
    startedAt: run.startedAt,
    targets: run.targets,
    pixitFile: run.pixitFile,
    picsFile: run.picsFile,
    junitFile: run.junitFile,
    pixit: run.pixitFile === null ? null : redactedPixit(readFileSync(run.pixitFile, "utf8"), redactor),
    harness: harnessFacts(),
  };
  writeFileSync(join(reportsDir, RUN_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

export function readRunRecord(reportsDir: string): RunRecord | null {
  const file = join(reportsDir, RUN_RECORD_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as RunRecord) : null;
}

/**
 * A PIXIT file's JSON with the value of every `keys.*` entry (hex, text, or anything else found
 * there) replaced by "<redacted>", and any key the redactor knows masked wherever else it occurs.
 * An environment variable's name stays: it tells the lab where the key came from, and the value
 * was never in the file.
 */
export function redactedPixit(text: string, redactor: Redactor): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The run read this file, so it was JSON then; quoting it now could quote a key.
    return REDACTED;
  }
  if (!isObject(json)) return scrubbed(json, redactor);
  return Object.fromEntries(
    Object.entries(json).map(([item, value]) => [
      item,
      item === "keys" ? redactedKeys(value, redactor) : scrubbed(value, redactor),
    ]),
  );
}

function redactedKeys(keys: unknown, redactor: Redactor): unknown {
  return isObject(keys)
    ? Object.fromEntries(Object.entries(keys).map(([role, source]) => [role, redactedKey(source, redactor)]))
    : REDACTED;
}

function redactedKey(source: unknown, redactor: Redactor): unknown {
  if (source === null) return null;
  if (!isObject(source)) return REDACTED;
  return Object.fromEntries(
    Object.entries(source).map(([kind, value]) => [
      kind,
      (kind === "hexEnv" || kind === "textEnv") && typeof value === "string" ? redactor.scrub(value) : REDACTED,
    ]),
  );
}

function scrubbed(value: unknown, redactor: Redactor): unknown {
  if (typeof value === "string") return redactor.scrub(value);
  // A number is text too, once written: a key of digits must not survive as a port number would.
  if (typeof value === "number") return redactor.scrub(String(value)) === String(value) ? value : REDACTED;
  if (Array.isArray(value)) return value.map((v) => scrubbed(v, redactor));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubbed(v, redactor)]));
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The command as a lab would type it again, each argument quoted for a POSIX shell where it needs it. */
export function commandLine(argv: readonly string[] = process.argv.slice(2)): string {
  return ["osgp-conformance", ...argv].map(shellQuote).join(" ");
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
