import { TransportError } from "../errors";
import type { LinkKind } from "../links/link-contract";
import type { BytePort, DatagramPort, TargetPort } from "../links/target-port";
import type { BenchLine } from "./bench-line";
import { loadRecording, recordedTarget, scenarioKey, type RecordedScenario } from "./recording/recording-file";
import { recordingError, scenarioId } from "./recording/recording-format";
import { KeyForms } from "./recording/recording-keys";
import { replayClock } from "../transport/replay-clock";
import { parsePeer, ReplayConnection, replayBytes, replayEndpoint } from "./recording/replay-transport";
import type { Pixit } from "./pixit";
import { pixitRedactor } from "./pixit-redactor";
import type { ScenarioKey } from "./recorded-target";
import { Inconclusive } from "./verdicts";

/**
 * The `replay:FILE` target: each connection a scenario opens is served from the bench recording
 * (recording/recording-format.ts) by a ReplayConnection (recording/replay-transport.ts), on the
 * replay's clock (transport/replay-clock.ts). `replay:FILE` (or `replay:FILE#N`, the Nth target of
 * a recording of several) stands for the recorded target, on its link, read from the file.
 */
export interface ReplaySpec {
  readonly kind: "replay";
  readonly link: LinkKind;
  readonly file: string;
  /** The recorded target, as the recorded run named it. */
  readonly recorded: string;
  /** How the recorded run reached it: a byte pipe per session, or a datagram socket (PLC). */
  readonly port: TargetPort["kind"];
  /** The recorded target's line, when it was a serial one: the recorded times are that line's. */
  readonly line: BenchLine | null;
}

/** A `replay:` target, its recording read and checked against this suite; null for any other text. */
export function parseReplayTarget(text: string): ReplaySpec | null {
  const m = /^replay:(.+?)(?:#(\d+))?$/.exec(text);
  if (m === null) return null;
  const file = m[1] as string;
  const recording = loadRecording(file);
  const t = recordedTarget(recording, m[2] === undefined ? null : Number(m[2]));
  const opened = [...recording.scenarios.values()]
    .filter((s) => s.target === t.target)
    .flatMap((s) => s.connections.map((c) => c[0]));
  const datagrams = opened.some((e) => e?.dir === "open" && e.gateway !== undefined);
  return {
    kind: "replay",
    link: t.link,
    file,
    recorded: t.target,
    port: datagrams ? "datagrams" : "bytes",
    line: t.line ?? null,
  };
}

/**
 * A replay runs the recorded run's scenarios: with other --tags, another scenario would be the
 * first to open a keyed session and read the device's description (BT00, BT01, once per run), and
 * every scenario after it would leave its recording.
 */
export function checkReplayTags(spec: ReplaySpec, tags: string | null): void {
  const recorded = loadRecording(spec.file).header.tags;
  if (recorded !== tags)
    throw recordingError(
      `${spec.file} was recorded with ${recorded === null ? "no --tags" : `--tags "${recorded}"`}; replay it with the same (${tags === null ? "none were given" : `--tags "${tags}" was given`})`,
    );
}

export function describeReplay(spec: ReplaySpec): string {
  return `replay of ${spec.recorded} from ${spec.file}`;
}

interface ReplayState {
  divergence: TransportError | null;
  /** The recorded run's FAIL of the scenario, or null; undefined when the recording has no such scenario. */
  recordedFail(): string | null | undefined;
}

const replays = new WeakMap<TargetPort, ReplayState>();

/**
 * Why a replayed scenario left its recording, if it did. The scenario is then INCONCLUSIVE from the
 * step where it happened on, whatever that step made of the error: a step that reads a failed
 * exchange as the device's silence could otherwise turn it into a verdict the device never earned.
 */
export function replayDivergence(port: TargetPort): Inconclusive | null {
  const d = replays.get(port)?.divergence ?? null;
  return d === null ? null : new Inconclusive(`the replay left the recording: ${d.message}`);
}

/** The device of one recorded scenario: each connection the harness opens is the recording's next. */
export function replayPort(spec: ReplaySpec, pixit: Pixit, scenario: () => ScenarioKey): TargetPort {
  const recording = loadRecording(spec.file);
  const clock = replayClock();
  const origin = clock.now();
  const keys = new KeyForms(pixit);
  const redactor = pixitRedactor(pixit);
  const state: ReplayState = { divergence: null, recordedFail: () => recorded().scenario?.failed };
  const connections: ReplayConnection[] = [];
  const diverged = (e: TransportError) => {
    state.divergence ??= e;
  };
  let found: { id: string; name: string; scenario: RecordedScenario | null } | null = null;
  const recorded = () => {
    if (found === null) {
      const s = scenario();
      const id = scenarioId(s.uri, s.line);
      found = { id, name: s.name, scenario: recording.scenarios.get(scenarioKey(spec.recorded, id)) ?? null };
      // From here on Date reads the recorded run's wall clock.
      if (found.scenario !== null) clock.setWall(found.scenario.wallStartMs, origin);
    }
    return found;
  };
  const fail = (detail: string): never => {
    const e = new TransportError("OSGP_ERR_REPLAY_MISMATCH", detail);
    diverged(e);
    throw e;
  };
  const next = (kind: "byte" | "datagram") => {
    if (state.divergence !== null) throw state.divergence;
    const r = recorded();
    const n = connections.length + 1;
    if (r.scenario === null)
      return fail(
        `${spec.file} has no scenario ${r.id} ("${r.name}") of ${spec.recorded}: the recorded run did not run it, or opened no connection in it`,
      );
    const [first, ...rest] = r.scenario.connections[n - 1] ?? [];
    if (first === undefined)
      return fail(
        `the harness opened connection ${n} in ${r.id}; the recorded run opened ${r.scenario.connections.length}`,
      );
    if (first.dir !== "open" && first.dir !== "refused")
      return fail(`connection ${n} of ${r.id} does not begin with its opening`);
    clock.advanceTo(origin + first.t);
    const c = new ReplayConnection({
      events: rest,
      origin,
      opened: first.t,
      clock,
      keys,
      redactor,
      where: `connection ${n} of ${r.id}`,
      diverged,
    });
    connections.push(c);
    if (first.dir === "refused") throw new TransportError(first.error.code, first.error.detail);
    if ((first.gateway !== undefined) !== (kind === "datagram"))
      return fail(
        `the harness opened a ${kind} link as connection ${n} of ${r.id}; the recorded one was a ${first.gateway === undefined ? "byte" : "datagram"} link`,
      );
    return { c, first };
  };
  const close = async () => {
    for (const c of connections) c.close();
    const r = recorded();
    const want = r.scenario?.connections.length ?? 0;
    if (connections.length < want)
      diverged(
        new TransportError(
          "OSGP_ERR_REPLAY_MISMATCH",
          `the recorded run opened ${want} connection(s) in ${r.id}; the harness opened ${connections.length}`,
        ),
      );
  };
  const port: BytePort | DatagramPort =
    spec.port === "datagrams"
      ? {
          kind: "datagrams",
          async open() {
            const { c, first } = next("datagram");
            return {
              endpoint: replayEndpoint(c, `replay of ${first.description}`, parsePeer(first.local ?? "")),
              gateway: parsePeer(first.gateway ?? ""),
            };
          },
          close,
        }
      : {
          kind: "bytes",
          async connect() {
            const { c, first } = next("byte");
            return replayBytes(c, `replay of ${first.description}`);
          },
          close,
        };
  replays.set(port, state);
  return port;
}

/** For a replay's port, whether the recorded run FAILed the scenario; null for any other port. */
export function recordedFailed(port: TargetPort): boolean | null {
  const r = replays.get(port);
  return r === undefined ? null : typeof r.recordedFail() === "string";
}
