import { overlayPixit } from "../../harness/conformance/pixit";
import { runConfig, type RunConfig } from "../../harness/conformance/run-config";
import { newFuzzDevice } from "../../harness/fuzz/campaign/fuzz-run";
import type { FuzzDevice } from "../../harness/fuzz/campaign/fuzz-device";

/**
 * The built-in simulator as the fuzz tests use it: a target text as the command line takes it,
 * and a PIXIT whose MEP time-out is short, so that a hanging port is told within a second (the
 * simulator answers in microseconds; a lab sets the same item for a fast meter).
 */
export const FAST_PIXIT = { mep: { responseTimeoutMs: 150 } };

export function simConfig(target: string, overlay: unknown = FAST_PIXIT): RunConfig {
  const base = runConfig(target, null);
  return { ...base, pixit: overlayPixit(base.pixit, overlay, "test PIXIT") };
}

export function simDevice(target: string, overlay?: unknown): FuzzDevice {
  return newFuzzDevice(simConfig(target, overlay));
}

/** The clean simulator behind the same link as a target text ("sim-mep+x" -> "sim-mep"). */
export function cleanTargetOf(target: string): string {
  return /^sim-(mep|plc)/.exec(target)?.[0] ?? "sim";
}
