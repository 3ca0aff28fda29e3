import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { HARNESS_VERSION } from "../../version";
import {
  formatLine,
  parseLine,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  recordingError,
  type ConnectionEvent,
  type RecordedTarget,
  type RecordingHeader,
  type RecordingLine,
} from "./recording-format";

/**
 * Writing and reading a bench recording (the format: recording-format.ts). `run --record` writes
 * the header; each cucumber process appends its lines, one write per line, so a killed run keeps
 * all it recorded but the line being written, and the reader tells that cut line from a whole one.
 */
const ROOT = join(__dirname, "..", "..", "..");

/** SHA-256 of every feature file, by its path as cucumber names it (features/...). */
export function featureHashes(root: string = ROOT): Record<string, string> {
  const dir = join(root, "features");
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".feature")).sort();
  return Object.fromEntries(
    files.map((f) => [
      `features/${f.split(sep).join("/")}`,
      createHash("sha256")
        .update(readFileSync(join(dir, f)))
        .digest("hex"),
    ]),
  );
}

export function startRecording(
  file: string,
  run: { readonly tags: string | null; readonly targets: readonly RecordedTarget[] },
): void {
  const header: RecordingHeader = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    harness: HARNESS_VERSION,
    startedAt: new Date().toISOString(),
    tags: run.tags,
    targets: run.targets,
    features: featureHashes(),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(header)}\n`);
}

/**
 * Appends lines as they come. Never throws: it runs on a port's receive path, where a throw ends
 * the process; the first failure is kept for the scenario to report (recorded-target.ts).
 */
export class RecordingSink {
  failure: string | null = null;

  constructor(readonly file: string) {}

  write(line: RecordingLine): void {
    try {
      appendFileSync(this.file, `${formatLine(line)}\n`);
    } catch (e) {
      this.failure ??= (e as Error).message;
    }
  }
}

const sinks = new Map<string, RecordingSink>();

/** The one sink of this process for `file` (every scenario of a cucumber process appends to it). */
export function recordingSink(file: string): RecordingSink {
  let s = sinks.get(file);
  if (s === undefined) sinks.set(file, (s = new RecordingSink(file)));
  return s;
}

export interface RecordedScenario {
  readonly target: string;
  readonly scenario: string;
  readonly name: string;
  readonly wallStartMs: number;
  /** The first line of the FAIL the recorded run gave it, if it did. */
  readonly failed: string | null;
  /** Connection N is at N - 1: its events in order, the first "open" or "refused". */
  readonly connections: readonly (readonly ConnectionEvent[])[];
}

export interface Recording {
  readonly file: string;
  readonly header: RecordingHeader;
  /** By scenarioKey(target, scenario). */
  readonly scenarios: ReadonlyMap<string, RecordedScenario>;
}

export function scenarioKey(target: string, scenario: string): string {
  return `${target}\n${scenario}`;
}

/**
 * The recording, checked line by line: anything but a whole, well-formed
 * recording is an OSGP_ERR_RECORDING naming the file and line.
 */
export function readRecording(file: string): Recording {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw recordingError(`cannot read recording ${file}: ${(e as Error).message}`);
  }
  const lines = text.split("\n");
  if (text === "") throw recordingError(`${file} is empty: not a recording (run --record FILE writes one)`);
  if (!text.endsWith("\n"))
    throw recordingError(
      `${file} is cut short: its last line (${lines.length}) ends without a newline, as when a run is killed while writing or the file is copied before the run ends; recorded lines before it are whole, but a replay needs the file as written`,
    );
  lines.pop();
  const header = readHeader(lines[0] as string, file);
  const scenarios = new Map<
    string,
    {
      target: string;
      scenario: string;
      name: string;
      wallStartMs: number;
      failed: string | null;
      connections: ConnectionEvent[][];
    }
  >();
  for (const [i, text] of lines.entries()) {
    if (i === 0) continue;
    const where = `${file} line ${i + 1}`;
    const l = parseLine(text, where);
    const key = scenarioKey(l.target, l.scenario);
    const known = scenarios.get(key);
    if (l.kind === "scenario") {
      if (known !== undefined)
        throw recordingError(`${where}: scenario ${l.scenario} of ${l.target} begins a second time`);
      const wallStartMs = Date.parse(l.wallStart);
      if (Number.isNaN(wallStartMs)) throw recordingError(`${where}: "wallStart" is not an ISO date-time`);
      scenarios.set(key, {
        target: l.target,
        scenario: l.scenario,
        name: l.name,
        wallStartMs,
        failed: null,
        connections: [],
      });
      continue;
    }
    if (known === undefined)
      throw recordingError(
        `${where}: ${l.kind === "failed" ? "the verdict" : "an event"} of scenario ${l.scenario} of ${l.target}, which has not begun`,
      );
    if (l.kind === "failed") {
      known.failed ??= l.failed;
      continue;
    }
    const c = known.connections[l.connection - 1];
    const opening = l.event.dir === "open" || l.event.dir === "refused";
    if (c === undefined) {
      if (l.connection !== known.connections.length + 1 || !opening)
        throw recordingError(
          `${where}: connection ${l.connection} ${opening ? `opens after ${known.connections.length}` : "has an event before it opened"}`,
        );
      known.connections.push([l.event]);
    } else {
      if (opening) throw recordingError(`${where}: connection ${l.connection} opens a second time`);
      c.push(l.event);
    }
  }
  return { file, header, scenarios };
}

function readHeader(text: string, file: string): RecordingHeader {
  let h: Partial<RecordingHeader>;
  try {
    h = JSON.parse(text) as Partial<RecordingHeader>;
  } catch {
    h = {};
  }
  if (typeof h !== "object" || h === null || h.format !== RECORDING_FORMAT)
    throw recordingError(`${file} is not a bench recording: its first line is not an ${RECORDING_FORMAT} header`);
  if (h.version !== RECORDING_VERSION)
    throw recordingError(
      `${file} is a recording of format version ${String(h.version)}; this harness reads version ${RECORDING_VERSION}`,
    );
  if (
    typeof h.harness !== "string" ||
    !Array.isArray(h.targets) ||
    typeof h.features !== "object" ||
    h.features === null
  )
    throw recordingError(`${file}: the header lacks the harness version, the targets or the feature hashes`);
  const line = (h.targets as { line?: unknown }[]).find(
    (t) => t.line !== undefined && t.line !== "pty" && t.line !== "serial",
  );
  if (line !== undefined)
    throw recordingError(`${file}: a target's "line" is ${JSON.stringify(line.line)}, not "pty" or "serial"`);
  return h as RecordingHeader;
}

/**
 * A replay only means something against the suite that made the recording: the same harness
 * version and the same scenarios, byte for byte.
 */
export function checkSameSuite(
  r: Recording,
  harness: string = HARNESS_VERSION,
  features: Readonly<Record<string, string>> = featureHashes(),
): void {
  const recorded = r.header.features;
  const changed = Object.keys(recorded).filter((f) => f in features && features[f] !== recorded[f]);
  const added = Object.keys(features).filter((f) => !(f in recorded));
  const removed = Object.keys(recorded).filter((f) => !(f in features));
  const problems = [
    ...(r.header.harness === harness ? [] : [`it was made by harness ${r.header.harness}, this is ${harness}`]),
    ...(changed.length ? [`feature files changed since: ${changed.join(", ")}`] : []),
    ...(added.length ? [`feature files added since: ${added.join(", ")}`] : []),
    ...(removed.length ? [`feature files removed since: ${removed.join(", ")}`] : []),
  ];
  if (problems.length > 0)
    throw recordingError(`${r.file} is a recording of another suite version: ${problems.join("; ")}`);
}

/**
 * The recorded target a replay stands in for: the only one, or the Nth (1-based) of a recording of
 * several targets.
 */
export function recordedTarget(r: Recording, n: number | null): RecordedTarget {
  const list = r.header.targets;
  if (n === null && list.length === 1) return list[0] as RecordedTarget;
  const names = list.map((t, i) => `#${i + 1} ${t.target}`).join(", ");
  if (n === null)
    throw recordingError(`${r.file} holds ${list.length} targets (${names}): name one, replay:${r.file}#N`);
  const t = list[n - 1];
  if (t === undefined) throw recordingError(`${r.file} has no target #${n}; it holds ${names}`);
  return t;
}

const loaded = new Map<string, Recording>();

/**
 * The recording, read and checked against this suite once per process
 * (the run parses its targets, each cucumber process replays).
 */
export function loadRecording(file: string): Recording {
  let r = loaded.get(file);
  if (r === undefined) {
    r = readRecording(file);
    checkSameSuite(r);
    loaded.set(file, r);
  }
  return r;
}
