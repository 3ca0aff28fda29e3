import { OsgpError, TransportError } from "../errors";
import type { TargetPort } from "../links/target-port";
import { recordingSink } from "./recording/recording-file";
import { scenarioId } from "./recording/recording-format";
import { KeyForms } from "./recording/recording-keys";
import { ScenarioRecorder } from "./recording/scenario-recording";
import { formatPeer } from "../transport/datagram-endpoint";
import { recordingEndpoint, recordingTransport } from "../transport/recording-transport";
import type { Pixit } from "./pixit";
import { pixitRedactor } from "./pixit-redactor";
import { recordedFailed, replayPort, type ReplaySpec } from "./replay-target";
import { ConformanceAssertionError, Inconclusive } from "./verdicts";

/**
 * Record and replay at a target's port (harness/links/target-port.ts): with `run --record FILE`
 * (OSGP_RECORD in the cucumber processes) every connection a scenario opens is recorded to the
 * bench recording; a `replay:FILE` target serves each connection from the recording instead of a
 * device (replay-target.ts). One port per scenario: the world makes its target, and so its port,
 * with the scenario.
 */
export interface ScenarioKey {
  readonly uri: string;
  /** The scenario's line, or its example row's: the rows of an outline share a name. */
  readonly line: number;
  readonly name: string;
}

/**
 * What a target needs to record or replay per scenario: the target as the run was given it
 * (the recording files each scenario under it), and the scenario, read once it is known.
 */
export interface TargetScenario {
  readonly targetText: string;
  readonly key: () => ScenarioKey;
}

/**
 * Whether the scenarios against `spec` keep their sessions to themselves: a recorded or replayed
 * scenario opens and closes its own, so that its part of the recording is whole (no session kept
 * from the scenario before) and the replay opens what the recording did.
 */
export function sessionsPerScenario(spec: { readonly kind: string }, env: NodeJS.ProcessEnv = process.env): boolean {
  return spec.kind === "replay" || Boolean(env.OSGP_RECORD);
}

/**
 * The port a scenario's target uses: the recording's for a replay target, else the one `made`
 * gives; recorded when OSGP_RECORD names a recording. `targetText` is the target as the run was
 * given it: the recording files each scenario under it.
 */
export function scenarioPort(
  spec: { readonly kind: string },
  targetText: string,
  pixit: Pixit,
  made: () => TargetPort,
  scenario: () => ScenarioKey,
  env: NodeJS.ProcessEnv = process.env,
): TargetPort {
  const port = spec.kind === "replay" ? replayPort(spec as ReplaySpec, pixit, scenario) : made();
  const file = env.OSGP_RECORD;
  if (!file) return port;
  const recorder = new ScenarioRecorder(
    recordingSink(file),
    targetText,
    new KeyForms(pixit),
    pixitRedactor(pixit),
    () => {
      const s = scenario();
      return { id: scenarioId(s.uri, s.line), name: s.name };
    },
  );
  return recordingPort(port, recorder);
}

const recorders = new WeakMap<TargetPort, ScenarioRecorder>();

/** `inner` with every connection recorded by `recorder`, keys replaced by placeholders. */
export function recordingPort(inner: TargetPort, recorder: ScenarioRecorder): TargetPort {
  const port = recordedPort(inner, recorder);
  recorders.set(port, recorder);
  return port;
}

function recordedPort(inner: TargetPort, recorder: ScenarioRecorder): TargetPort {
  const refused = (e: unknown): never => {
    recorder.refused(
      e instanceof OsgpError ? e : new TransportError("OSGP_ERR_PORT_OPEN", e instanceof Error ? e.message : String(e)),
    );
    throw e;
  };
  const close = async () => {
    recorder.end();
    await inner.close();
    if (recorder.failure !== null)
      throw new Inconclusive(`the bench recording could not be written: ${recorder.failure}`);
  };
  if (inner.kind === "bytes") {
    return {
      kind: "bytes",
      async connect() {
        const t = await inner.connect().catch(refused);
        return recordingTransport(t, recorder.open({ description: t.description }));
      },
      close,
    };
  }
  return {
    kind: "datagrams",
    async open() {
      const b = await inner.open().catch(refused);
      const log = recorder.open({
        description: b.endpoint.description,
        local: formatPeer(b.endpoint.local),
        gateway: formatPeer(b.gateway),
      });
      return { endpoint: recordingEndpoint(b.endpoint, log), gateway: b.gateway };
    },
    close,
  };
}

/**
 * A scenario's verdict as it leaves a step, through the record or the replay of its target's port.
 * Recording, a FAIL is written to the recording. Replaying, a FAIL the recorded run did not give
 * the scenario becomes INCONCLUSIVE: the device's bytes are the recorded ones, so a FAIL only the
 * replay reaches comes from the harness's own time or code, never from the device. (The replay's
 * clock follows the recording's, but the harness's own work between two exchanges takes its own time.)
 */
export function settleVerdict(port: TargetPort, verdict: Error): Error {
  if (!(verdict instanceof ConformanceAssertionError)) return verdict;
  recorders.get(port)?.failed(verdict.message);
  const failed = recordedFailed(port);
  if (failed === null || failed) return verdict;
  return new Inconclusive(
    `the replay reached a FAIL the recorded run did not have, which the device's recorded bytes cannot have earned: ${verdict.message}`,
  );
}
