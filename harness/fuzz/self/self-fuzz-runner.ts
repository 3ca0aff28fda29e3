import { Worker } from "node:worker_threads";
import { join } from "node:path";
import { toHex } from "../../bytes/hex";
import { DECODER_ROOTS } from "./decoder-discovery";
import { SHARED_INPUT_BYTES, SHARED_INPUT_OFFSET, type WorkerOutcome, type WorkerSetup } from "./self-fuzz-protocol";
import { selfFuzzTargets } from "./self-fuzz-targets";

/**
 * Runs the self-fuzz of every discovered decoder in worker threads, with a time guard: a call that
 * has not returned after `guardMs` is a finding (a loop that does not end), shown with the input it
 * was given; the worker is then terminated and a fresh one carries on with the next target.
 */
export interface SelfFuzzOptions {
  readonly cases: number;
  readonly seed: number;
  readonly workers: number;
  readonly guardMs: number;
  /** Only targets whose id contains one of these (all when empty). */
  readonly only?: readonly string[];
  /** Where to discover decoders (tests point it at their own modules). */
  readonly roots?: readonly string[];
  readonly onOutcome?: (o: WorkerOutcome) => void;
}

export interface SelfFuzzReport {
  readonly outcomes: readonly WorkerOutcome[];
  /** Stream decoders found without a way to build them: the self-fuzz is not complete. */
  readonly uncovered: readonly string[];
}

interface Slot {
  worker: Worker;
  meta: Int32Array;
  window: Uint8Array;
  current: { id: string; startedAt: number } | null;
  lastBeat: number;
  lastChangeAt: number;
}

const WORKER_FILE = join(__dirname, "self-fuzz-worker.ts");
/** A new worker loads tsx and every decoder module before its first call: slow on a loaded machine. */
const WORKER_START_ALLOWANCE_MS = 30_000;

export function runSelfFuzz(o: SelfFuzzOptions): Promise<SelfFuzzReport> {
  const roots = o.roots ?? DECODER_ROOTS;
  const { targets, uncovered } = selfFuzzTargets(roots);
  const queue = targets
    .map((t) => t.id)
    .filter((id) => o.only === undefined || o.only.length === 0 || o.only.some((s) => id.includes(s)));
  const outcomes: WorkerOutcome[] = [];
  const slots = new Set<Slot>();

  return new Promise<SelfFuzzReport>((resolve) => {
    const finish = () => {
      clearInterval(guard);
      for (const s of slots) void s.worker.terminate();
      resolve({ outcomes: outcomes.sort((a, b) => a.id.localeCompare(b.id)), uncovered });
    };
    const record = (outcome: WorkerOutcome) => {
      outcomes.push(outcome);
      o.onOutcome?.(outcome);
    };
    const next = (slot: Slot) => {
      const id = queue.shift();
      slot.current = id === undefined ? null : { id, startedAt: performance.now() };
      if (id !== undefined) slot.worker.postMessage(id);
      else if ([...slots].every((s) => s.current === null)) finish();
    };
    const replace = (slot: Slot, problem: string, withInput: boolean) => {
      const cur = slot.current;
      slots.delete(slot);
      void slot.worker.terminate();
      if (cur !== null) {
        const length = Atomics.load(slot.meta, 1);
        const input = withInput
          ? toHex(slot.window.subarray(0, Math.min(length, slot.window.length))) +
            (length > slot.window.length ? ` ... ${length} bytes in all` : "")
          : null;
        record({ id: cur.id, cases: 0, ms: performance.now() - cur.startedAt, problem, inputHex: input, args: null });
      }
      if (queue.length > 0 || [...slots].some((s) => s.current !== null)) start();
      else finish();
    };
    const start = () => {
      const shared = new SharedArrayBuffer(SHARED_INPUT_OFFSET + SHARED_INPUT_BYTES);
      const setup: WorkerSetup = { cases: o.cases, seed: o.seed, roots, shared };
      // The worker is TypeScript: it loads tsx first, as this process did.
      const worker = new Worker(
        `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(WORKER_FILE)});`,
        { eval: true, workerData: setup },
      );
      const slot: Slot = {
        worker,
        meta: new Int32Array(shared, 0, 2),
        window: new Uint8Array(shared, SHARED_INPUT_OFFSET),
        current: null,
        lastBeat: 0,
        lastChangeAt: performance.now(),
      };
      slots.add(slot);
      worker.on("message", (outcome: WorkerOutcome) => {
        record(outcome);
        next(slot);
      });
      worker.on("error", (e) => slots.has(slot) && replace(slot, `the worker died: ${e.message}`, true));
      next(slot);
    };
    const guard = setInterval(
      () => {
        const now = performance.now();
        for (const slot of [...slots]) {
          const beat = Atomics.load(slot.meta, 0);
          if (beat !== slot.lastBeat || slot.current === null) {
            slot.lastBeat = beat;
            slot.lastChangeAt = now;
          } else if (now - slot.lastChangeAt > (beat === 0 ? o.guardMs + WORKER_START_ALLOWANCE_MS : o.guardMs)) {
            replace(slot, `a call did not return within ${o.guardMs} ms (a loop that does not end?)`, true);
          }
        }
      },
      Math.min(250, Math.max(10, o.guardMs / 4)),
    );
    if (queue.length === 0) return finish();
    for (let i = 0; i < Math.max(1, Math.min(o.workers, queue.length)); i++) start();
  });
}
