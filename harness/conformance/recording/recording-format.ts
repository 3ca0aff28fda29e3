import { ConfigError, ERROR_CODES, type ErrorCode } from "../../errors";
import { toHex } from "../../bytes/hex";
import type { BenchLine } from "../bench-line";
import { PIXIT_DEFAULTS, type KeyRole } from "../pixit";
import type { KeyPlaceholder, MaskedBytes } from "./recording-keys";

/**
 * The bench recording (`run --record FILE`), JSON Lines so that two recordings diff line by line:
 *
 *   line 1     the header: format name and version, the harness version, the recorded targets
 *              (target text, link, and for a serial target "line": "pty" or "serial", which a replay
 *              judges link timing by), the --tags of the run, and the SHA-256 of every feature file
 *   then       {"target","scenario":"URI:LINE","name","wallStart"}: a scenario began (wall clock, ISO)
 *              {"target","scenario","failed":MESSAGE}: the scenario FAILed (its first line), which a
 *              replay needs: it lets no FAIL stand that the recorded run did not have
 *              {"target","scenario","connection":N,"dir":...,"t":MS}: one event of connection N of
 *              that scenario, t in ms since the scenario began (0.01 ms):
 *                open     the harness opened the link: "description"; a datagram link also "local"
 *                         and "gateway" (ADDRESS:PORT)
 *                refused  the link did not open: "error" {code, detail}
 *                tx       the harness wrote "hex" (t: handed to the port; "done": the port took it
 *                         all; "error": the write failed); a datagram also "peer"
 *                rx       the device's "hex" arrived (a datagram also "peer")
 *                baud     the harness switched the line to "rate"
 *                lost     the link went away: "error" {code, detail}
 *
 * Hex is lower-case, a space between bytes; a key byte never appears, only a placeholder:
 * `<master 20>` for the whole 20-byte form of the PIXIT's master key, `<master 20 0-5>` for its
 * bytes 0 to 5 (recording-keys.ts). Lines of one scenario are in the order things happened;
 * parallel workers interleave whole lines of different scenarios.
 */
export const RECORDING_FORMAT = "osgp-conformance-recording";
export const RECORDING_VERSION = 1;

export interface RecordedTarget {
  readonly target: string;
  readonly link: "optical" | "mep" | "plc";
  /** A serial target's line (conformance/bench-line.ts): the replay judges arrival times as the recorded run did. */
  readonly line?: BenchLine;
}

export interface RecordingHeader {
  readonly format: typeof RECORDING_FORMAT;
  readonly version: number;
  readonly harness: string;
  readonly startedAt: string;
  readonly tags: string | null;
  readonly targets: readonly RecordedTarget[];
  /** Path under the project (features/...) to SHA-256 hex. */
  readonly features: Readonly<Record<string, string>>;
}

export interface RecordedError {
  readonly code: ErrorCode;
  readonly detail: string;
}

export type ConnectionEvent =
  | {
      readonly dir: "open";
      readonly t: number;
      readonly description: string;
      readonly local?: string;
      readonly gateway?: string;
    }
  | { readonly dir: "refused"; readonly t: number; readonly error: RecordedError }
  | {
      readonly dir: "tx";
      readonly t: number;
      readonly done: number;
      readonly bytes: MaskedBytes;
      readonly peer?: string;
      readonly error?: RecordedError;
    }
  | { readonly dir: "rx"; readonly t: number; readonly bytes: MaskedBytes; readonly peer?: string }
  | { readonly dir: "baud"; readonly t: number; readonly rate: number }
  | { readonly dir: "lost"; readonly t: number; readonly error: RecordedError };

export type RecordingLine =
  | {
      readonly kind: "scenario";
      readonly target: string;
      readonly scenario: string;
      readonly name: string;
      readonly wallStart: string;
    }
  | { readonly kind: "failed"; readonly target: string; readonly scenario: string; readonly failed: string }
  | {
      readonly kind: "event";
      readonly target: string;
      readonly scenario: string;
      readonly connection: number;
      readonly event: ConnectionEvent;
    };

/** A scenario as the recording names it: feature file and the line of the scenario (or of its example row). */
export function scenarioId(uri: string, line: number): string {
  return `${uri}:${line}`;
}

export function formatLine(l: RecordingLine): string {
  if (l.kind === "scenario")
    return JSON.stringify({ target: l.target, scenario: l.scenario, name: l.name, wallStart: l.wallStart });
  if (l.kind === "failed") return JSON.stringify({ target: l.target, scenario: l.scenario, failed: l.failed });
  const { bytes, ...rest } = l.event as ConnectionEvent & { bytes?: MaskedBytes };
  return JSON.stringify({
    target: l.target,
    scenario: l.scenario,
    connection: l.connection,
    ...rest,
    ...(bytes === undefined ? {} : { hex: maskedHex(bytes) }),
  });
}

/** Hex with each run of one key form's bytes as a placeholder. */
export function maskedHex(m: MaskedBytes): string {
  const parts: string[] = [];
  for (let i = 0; i < m.bytes.length;) {
    const k = m.keys[i];
    if (k === undefined) {
      parts.push(toHex(m.bytes.subarray(i, i + 1)));
      i++;
      continue;
    }
    let end = i + 1;
    for (
      let n = m.keys[end];
      n !== undefined && n.role === k.role && n.length === k.length && n.index === k.index + (end - i);
      n = m.keys[end]
    )
      end++;
    const last = k.index + (end - i) - 1;
    parts.push(
      k.index === 0 && last === k.length - 1 ? `<${k.role} ${k.length}>` : `<${k.role} ${k.length} ${k.index}-${last}>`,
    );
    i = end;
  }
  return parts.join(" ");
}

const TOKEN = /\s*(?:<([A-Za-z]+) (\d+)(?: (\d+)-(\d+))?>|([0-9a-f]{2}))/y;

export function parseMaskedHex(text: string, where: string): MaskedBytes {
  const bytes: number[] = [];
  const keys: (KeyPlaceholder | undefined)[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (m === null) throw recordingError(`${where}: "hex" is not hex bytes and key placeholders at character ${at}`);
    if (m[5] !== undefined) {
      bytes.push(parseInt(m[5], 16));
      keys.push(undefined);
      continue;
    }
    const role = m[1] as KeyRole;
    if (!(role in PIXIT_DEFAULTS.keys))
      throw recordingError(
        `${where}: key placeholder names ${role}, which is no PIXIT key role (${Object.keys(PIXIT_DEFAULTS.keys).join(", ")})`,
      );
    const length = Number(m[2]);
    const from = m[3] === undefined ? 0 : Number(m[3]);
    const to = m[4] === undefined ? length - 1 : Number(m[4]);
    if (!(from <= to && to < length))
      throw recordingError(
        `${where}: key placeholder <${m
          .slice(1, 5)
          .filter((x) => x !== undefined)
          .join(" ")}> names bytes outside its ${length}-byte form`,
      );
    for (let i = from; i <= to; i++) {
      bytes.push(0);
      keys.push({ role, length, index: i });
    }
  }
  return { bytes: Uint8Array.from(bytes), keys };
}

/** One line of the file, checked; `where` names it in errors ("FILE line 12"). */
export function parseLine(text: string, where: string): RecordingLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw recordingError(`${where} is not JSON (${(e as Error).message})`);
  }
  const o = objectAt(json, where);
  const target = str(o, "target", where);
  const scenario = str(o, "scenario", where);
  if ("failed" in o) return { kind: "failed", target, scenario, failed: str(o, "failed", where) };
  if (!("connection" in o))
    return { kind: "scenario", target, scenario, name: str(o, "name", where), wallStart: str(o, "wallStart", where) };
  const connection = o.connection;
  if (typeof connection !== "number" || !Number.isInteger(connection) || connection < 1)
    throw recordingError(`${where}: "connection" must be a whole number from 1`);
  return { kind: "event", target, scenario, connection, event: parseEvent(o, where) };
}

function parseEvent(o: Record<string, unknown>, where: string): ConnectionEvent {
  const t = num(o, "t", where);
  const dir = o.dir;
  const peer = typeof o.peer === "string" ? { peer: o.peer } : {};
  switch (dir) {
    case "open":
      return {
        dir,
        t,
        description: str(o, "description", where),
        ...(typeof o.local === "string" ? { local: o.local } : {}),
        ...(typeof o.gateway === "string" ? { gateway: o.gateway } : {}),
      };
    case "refused":
    case "lost":
      return { dir, t, error: errorAt(o.error, where) };
    case "tx":
      return {
        dir,
        t,
        done: num(o, "done", where),
        bytes: parseMaskedHex(str(o, "hex", where), where),
        ...peer,
        ...(o.error === undefined ? {} : { error: errorAt(o.error, where) }),
      };
    case "rx":
      return { dir, t, bytes: parseMaskedHex(str(o, "hex", where), where), ...peer };
    case "baud":
      return { dir, t, rate: num(o, "rate", where) };
    default:
      throw recordingError(`${where}: "dir" must be open, refused, tx, rx, baud or lost, not ${JSON.stringify(dir)}`);
  }
}

function errorAt(v: unknown, where: string): RecordedError {
  const o = objectAt(v, `${where} "error"`);
  const code = str(o, "code", where);
  if (!(code in ERROR_CODES)) throw recordingError(`${where}: "error" has an unknown code ${code}`);
  return { code: code as ErrorCode, detail: str(o, "detail", where) };
}

function objectAt(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw recordingError(`${where} is not a JSON object`);
  return v as Record<string, unknown>;
}

function str(o: Record<string, unknown>, name: string, where: string): string {
  const v = o[name];
  if (typeof v !== "string") throw recordingError(`${where}: "${name}" must be a string`);
  return v;
}

function num(o: Record<string, unknown>, name: string, where: string): number {
  const v = o[name];
  if (typeof v !== "number" || !Number.isFinite(v)) throw recordingError(`${where}: "${name}" must be a number`);
  return v;
}

export function recordingError(detail: string): ConfigError {
  return new ConfigError("OSGP_ERR_RECORDING", detail);
}
