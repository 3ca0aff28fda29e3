/**
 * What the self-fuzz runner and its worker threads say to each other. Apart from the worker file
 * (which runs as soon as it is loaded), so that the runner can import it.
 */
export interface WorkerSetup {
  readonly cases: number;
  readonly seed: number;
  readonly roots: readonly string[];
  /** Int32 [0] heartbeat counter, [1] input length; the input bytes follow at SHARED_INPUT_OFFSET. */
  readonly shared: SharedArrayBuffer;
}

export interface WorkerOutcome {
  readonly id: string;
  readonly cases: number;
  readonly ms: number;
  readonly problem: string | null;
  readonly inputHex: string | null;
  readonly args: string | null;
}

export const SHARED_INPUT_OFFSET = 8;
/** How much of a hanging call's input the shared window shows. */
export const SHARED_INPUT_BYTES = 4096;

/** Each target gets its own seed from the run's, so that one target can be re-run alone. */
export function seedFor(seed: number, id: string): number {
  return [...id].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, seed | 0);
}
