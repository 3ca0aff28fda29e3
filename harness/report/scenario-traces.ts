import { formatTrace, type TraceEntry } from "../session/trace";
import { scenarioFileStem } from "./pcap-paths";

/**
 * Every byte each scenario exchanged, one text file per scenario, taken from what the scenario
 * attached to cucumber's message stream (steps/world.ts): the full trace of each session as JSON
 * ("trace, <session>"), or, when a scenario ended before that was attached, the frames attached
 * step by step ("frames, <session>"). Both were redacted as they were recorded.
 */
export interface ScenarioTrace {
  /** "<target>/<feature>--<scenario>.txt", named as the scenario's pcap is. */
  readonly path: string;
  readonly text: string;
}

/** How a scenario names the frames of a session it attaches step by step (steps/world.ts attachNewFrames). */
export const FRAMES_ATTACHMENT = "frames, ";
/** How a scenario names the full JSON trace of a session it attaches at its end (steps/world.ts attachFullTraces). */
export const TRACE_ATTACHMENT = "trace, ";
const ALLURE_MESSAGE = "application/vnd.allure.message+json";

interface Attachment {
  readonly testCaseStartedId?: string;
  readonly fileName?: string;
  readonly mediaType: string;
  readonly body: string;
  readonly contentEncoding?: string;
}

interface Msg {
  pickle?: { id: string; name: string; uri: string };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string; attempt?: number };
  attachment?: Attachment;
}

interface Session {
  readonly frames: string[];
  trace: readonly TraceEntry[] | null;
}

interface Started {
  readonly pickleId: string;
  readonly attempt: number;
  target: string | null;
  readonly sessions: Map<string, Session>;
}

/** `taken`: paths already given out, by the traces of another target's run in the same bundle. */
export function scenarioTraces(ndjson: string, taken: Set<string> = new Set()): ScenarioTrace[] {
  const pickles = new Map<string, { name: string; uri: string }>();
  const cases = new Map<string, string>();
  const started = new Map<string, Started>();
  for (const line of ndjson.split("\n")) {
    const m = parseLine(line);
    if (m === null) continue;
    if (m.pickle) pickles.set(m.pickle.id, m.pickle);
    else if (m.testCase) cases.set(m.testCase.id, m.testCase.pickleId);
    else if (m.testCaseStarted) {
      started.set(m.testCaseStarted.id, {
        pickleId: cases.get(m.testCaseStarted.testCaseId) ?? "",
        attempt: m.testCaseStarted.attempt ?? 0,
        target: null,
        sessions: new Map(),
      });
    } else if (m.attachment) {
      const s = started.get(m.attachment.testCaseStartedId ?? "");
      if (s !== undefined) take(s, m.attachment);
    }
  }
  return [...started.values()].map((s) => {
    const pickle = pickles.get(s.pickleId) ?? { name: "unnamed", uri: "unknown.feature" };
    const target = s.target ?? "unknown-target";
    const stem = scenarioFileStem(target, pickle.uri, pickle.name);
    // A retried scenario, or an outline whose rows share a name, would otherwise overwrite a trace.
    let path = `${stem}.txt`;
    for (let n = 2; taken.has(path); n++) path = `${stem}-${n}.txt`;
    taken.add(path);
    return { path, text: render(pickle, target, s) };
  });
}

function parseLine(line: string): Msg | null {
  if (line.trim() === "") return null;
  try {
    return JSON.parse(line) as Msg;
  } catch {
    // A run killed while cucumber wrote leaves its last line cut short; every line before it stands.
    return null;
  }
}

function take(s: Started, a: Attachment): void {
  const body = a.contentEncoding === "BASE64" ? Buffer.from(a.body, "base64").toString("utf8") : a.body;
  if (a.mediaType === ALLURE_MESSAGE) {
    s.target ??= targetLabel(body);
    return;
  }
  const name = a.fileName ?? "";
  const kind = name.startsWith(FRAMES_ATTACHMENT) ? "frames" : name.startsWith(TRACE_ATTACHMENT) ? "trace" : null;
  if (kind === null) return;
  const sessionName = name.slice(kind === "frames" ? FRAMES_ATTACHMENT.length : TRACE_ATTACHMENT.length);
  let session = s.sessions.get(sessionName);
  if (session === undefined) s.sessions.set(sessionName, (session = { frames: [], trace: null }));
  if (kind === "frames") session.frames.push(body);
  else session.trace = parseTrace(body);
}

function targetLabel(body: string): string | null {
  try {
    const m = JSON.parse(body) as { type?: string; data?: { labels?: { name: string; value: string }[] } };
    return m.type === "metadata" ? (m.data?.labels?.find((l) => l.name === "target")?.value ?? null) : null;
  } catch {
    return null;
  }
}

function parseTrace(body: string): readonly TraceEntry[] | null {
  try {
    const entries = JSON.parse(body) as unknown;
    return Array.isArray(entries) ? (entries as TraceEntry[]) : null;
  } catch {
    return null;
  }
}

function render(pickle: { name: string; uri: string }, target: string, s: Started): string {
  const head = [
    `scenario: ${pickle.name}`,
    `feature:  ${pickle.uri}`,
    `target:   ${target}`,
    ...(s.attempt > 0 ? [`attempt:  ${s.attempt + 1}`] : []),
    "each line: index, time (UTC), ms since the session opened, direction (-> sent, <- received, -- note), hex; the meaning below it; ** where a key was",
  ];
  const sessions = [...s.sessions.entries()].map(
    ([name, session]) =>
      `== ${name} ==\n${session.trace !== null ? formatTrace(session.trace) : session.frames.join("\n")}`,
  );
  return `${[...head, "", ...(sessions.length > 0 ? sessions : ["(the scenario exchanged no frames)"])].join("\n")}\n`;
}
