import { readFileSync } from "node:fs";
import { SET_UP_DONE, SET_UP_PREFIX } from "../../harness/session/set-up-notes";
import type { TraceEntry } from "../../harness/session/trace";

/**
 * Where a run on a real line spent its requests and its time, from its cucumber messages (each
 * scenario's JSON traces, and the frames each step attached, which say which step sent what):
 *
 * - requests: the harness's overhead by the cause its set-up note names (harness/session/set-up-notes.ts:
 *   opening the session a Given asks for, closing it, handing a kept one on, BT00/BT01, a link check),
 *   and the scenarios' own by where they come from (scenarios that judge sessions, clean-ups, BT08
 *   polls, the other steps); retransmissions apart;
 * - time: each gap between two frames of a session, by what it waited for: the bytes on the line,
 *   the device's turnaround beyond its bytes, silences of 200 ms or more besides the bytes (a
 *   time-out or a listening window a scenario observes, a device-clock wait), and the harness's own
 *   time (pacing and turnaround within a step, the time between steps).
 */
export interface WireBreakdown {
  readonly overhead: ReadonlyMap<string, number>;
  readonly own: ReadonlyMap<string, number>;
  readonly retransmissions: number;
  /** ms per kind of gap; their sum is the sessions' wall time. */
  readonly time: ReadonlyMap<string, number>;
  /**
   * The silences (TIME.waits) by the step that waited them out, its text as the feature has it, so that a
   * reader can see each is a wait the scenario prescribes or the device's own slowness, not the harness's.
   */
  readonly silences: ReadonlyMap<string, number>;
}

export const TIME = {
  line: "bytes on the line",
  device: "the device's turnaround beyond its bytes",
  waits: "silences of 200 ms or more (time-outs and listening windows scenarios observe, device-clock waits)",
  harness: "the harness within a step (pacing, wake-up gaps, turnaround)",
  steps: "the harness between steps",
} as const;

/** Longer than any turnaround of the harness or the simulator, shorter than any window a scenario listens in. */
const WAIT_MS = 200;
const NOT_REQUESTS = new Set(["ack", "nak"]);

interface Attachment {
  readonly fileName?: string;
  readonly body?: string;
  readonly testCaseStartedId?: string;
  readonly testStepId?: string;
}

function bytesOf(e: TraceEntry): number {
  return e.hex === "" ? 0 : e.hex.trim().split(/\s+/).length;
}

/** A request's first sending: the first wake-up byte, a C12.18 packet that starts a request, a MEP frame. */
function requestOf(e: TraceEntry): string | null {
  if (e.direction !== "tx" || NOT_REQUESTS.has(e.kind) || /\bretransmission\b/.test(e.summary)) return null;
  if (e.kind === "wake-up") return /^wake-up byte 1 of/.test(e.summary) ? "wake-up" : null;
  if (e.kind === "mep") return "mep";
  const at = e.summary.indexOf(" | ");
  return e.kind === "packet" && at >= 0 ? e.summary.slice(at + 3) : null;
}

export function wireBreakdown(messagesFile: string, baudRate: number): WireBreakdown {
  const stepLabels = new Map<string, string>();
  const pickleStepText = new Map<string, string>();
  const stepText = new Map<string, string>();
  const fresh = new Set<string>();
  const pickleOfCase = new Map<string, string>();
  const freshStarted = new Set<string>();
  /** "testCaseStartedId trace name" -> entry index -> the step that attached it. */
  const stepOfEntry = new Map<string, Map<number, string>>();
  const traces: { key: string; fresh: boolean; entries: TraceEntry[] }[] = [];
  for (const line of readFileSync(messagesFile, "utf8").split("\n")) {
    if (line === "") continue;
    const m = JSON.parse(line) as Record<string, Record<string, unknown> | undefined>;
    if (m.pickle && (m.pickle.tags as { name: string }[]).some((t) => t.name === "@fresh-session"))
      fresh.add(m.pickle.id as string);
    for (const s of (m.pickle?.steps ?? []) as { id: string; text: string }[]) pickleStepText.set(s.id, s.text);
    if (m.testCase) {
      pickleOfCase.set(m.testCase.id as string, m.testCase.pickleId as string);
      for (const s of m.testCase.testSteps as { id: string; hookId?: string; pickleStepId?: string }[]) {
        stepLabels.set(s.id, s.hookId === undefined ? s.id : "hook");
        stepText.set(s.id, pickleStepText.get(s.pickleStepId ?? "") ?? "?");
      }
    }
    if (m.testCaseStarted && fresh.has(pickleOfCase.get(m.testCaseStarted.testCaseId as string) ?? ""))
      freshStarted.add(m.testCaseStarted.id as string);
    const a = m.attachment as Attachment | undefined;
    if (a?.body === undefined || a.testCaseStartedId === undefined) continue;
    if (a.fileName?.startsWith("frames, ") === true) {
      const key = `${a.testCaseStartedId} ${a.fileName.slice("frames, ".length)}`;
      const steps = stepOfEntry.get(key) ?? new Map<number, string>();
      stepOfEntry.set(key, steps);
      const step = stepLabels.get(a.testStepId ?? "") ?? "?";
      for (const l of a.body.split("\n")) {
        const index = /^\s*(\d+) \d{4}-\d\d-\d\dT/.exec(l)?.[1];
        if (index !== undefined) steps.set(Number(index), step);
      }
    }
    if (a.fileName?.startsWith("trace, ") === true)
      traces.push({
        key: `${a.testCaseStartedId} ${a.fileName.slice("trace, ".length)}`,
        fresh: freshStarted.has(a.testCaseStartedId),
        entries: JSON.parse(a.body) as TraceEntry[],
      });
  }

  const overhead = new Map<string, number>();
  const own = new Map<string, number>();
  const time = new Map<string, number>(Object.values(TIME).map((k) => [k, 0]));
  const silences = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  let retransmissions = 0;
  const lineMs = (n: number) => (n * 10 * 1000) / baudRate;
  for (const t of traces) {
    const steps = stepOfEntry.get(t.key) ?? new Map<number, string>();
    let cause: string | null = null;
    let lastRequest = "";
    let lastCategory: { map: Map<string, number>; key: string } | null = null;
    let prev: TraceEntry | null = null;
    for (const e of t.entries) {
      if (prev !== null) {
        const gap = e.elapsedMs - prev.elapsedMs;
        // Bytes sent go out after their entry, bytes received arrive before theirs.
        const line = Math.min(
          gap,
          lineMs((prev.direction === "tx" ? bytesOf(prev) : 0) + (e.direction === "rx" ? bytesOf(e) : 0)),
        );
        add(time, TIME.line, line);
        const sameStep = steps.get(prev.index) === steps.get(e.index);
        const rest =
          gap - line >= WAIT_MS
            ? TIME.waits
            : e.direction === "rx"
              ? TIME.device
              : sameStep
                ? TIME.harness
                : TIME.steps;
        add(time, rest, gap - line);
        const label = steps.get(e.index);
        if (rest === TIME.waits)
          add(silences, label === "hook" ? "(a hook)" : (stepText.get(label ?? "") ?? "(no step)"), gap - line);
      }
      prev = e;
      if (e.direction === "note") {
        if (e.summary.startsWith(SET_UP_PREFIX)) cause = e.summary.slice(SET_UP_PREFIX.length).replace(/ \(.*\)/, "");
        if (e.summary === SET_UP_DONE) cause = null;
        // wire-figures.ts's rule: a request the device refused for its sequence number was spent resynchronising.
        if (/^the device's sequence number is /.test(e.summary) && lastCategory !== null) {
          add(lastCategory.map, lastCategory.key, -1);
          add(overhead, "resynchronising the sequence number", 1);
          lastCategory = null;
        }
        continue;
      }
      if (e.direction === "tx" && /\bretransmission\b/.test(e.summary)) retransmissions++;
      const request = requestOf(e);
      if (request !== null) {
        lastCategory =
          cause !== null
            ? { map: overhead, key: cause }
            : {
                map: own,
                key: t.fresh
                  ? "steps of scenarios that judge sessions (@fresh-session)"
                  : steps.get(e.index) === "hook"
                    ? "clean-ups (After hook)"
                    : / BT08\b/.test(request) && / BT08\b/.test(lastRequest)
                      ? "BT08 polls (a read after a read)"
                      : "the other steps",
              };
        add(lastCategory.map, lastCategory.key, 1);
        lastRequest = request;
      }
    }
  }
  return { overhead, own, retransmissions, time, silences };
}
