import { parentPort, workerData } from "node:worker_threads";
import fc from "fast-check";
import { toHex } from "../../bytes/hex";
import { selfFuzzTargets, type SelfFuzzCase } from "./self-fuzz-targets";
import { seedFor, SHARED_INPUT_OFFSET, type WorkerOutcome, type WorkerSetup } from "./self-fuzz-protocol";

/**
 * One self-fuzz worker thread: told a target id, it runs that target's property for the number of
 * cases asked and answers with the outcome. Before every call it copies the input into shared
 * memory and bumps a counter, so that the main thread can tell a call that never returns and show
 * the input that caused it, after it has had to terminate this thread.
 */
const setup = workerData as WorkerSetup;
// Fuzzed input is mostly invalid, so most calls build a DecodeError; their stacks are never read
// here (a finding shows the message, the input and the arguments), and capturing them halves the rate.
Error.stackTraceLimit = 0;
const meta = new Int32Array(setup.shared, 0, 2);
const window = new Uint8Array(setup.shared, SHARED_INPUT_OFFSET);
const { targets } = selfFuzzTargets(setup.roots);
const byId = new Map(targets.map((t) => [t.id, t]));

function seen(input: Uint8Array): void {
  window.set(input.length > window.length ? input.subarray(0, window.length) : input);
  meta[1] = input.length;
  meta[0] = ((meta[0] as number) + 1) | 0;
}

function describeArgs(args: readonly unknown[]): string {
  return args
    .map((a) => {
      if (a instanceof Uint8Array) return `<${a.length} bytes>`;
      try {
        return JSON.stringify(a, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v)) ?? String(a);
      } catch {
        return String(a);
      }
    })
    .join(", ");
}

function run(id: string): WorkerOutcome {
  const t = byId.get(id);
  if (t === undefined)
    return { id, cases: 0, ms: 0, problem: "not found by this worker's discovery", inputHex: null, args: null };
  const t0 = performance.now();
  const details = fc.check(
    fc.property(t.arb, (c) => {
      const problem = t.check(c, seen);
      if (problem !== null) throw new Error(problem);
    }),
    { numRuns: setup.cases, seed: seedFor(setup.seed, id) },
  );
  const ms = performance.now() - t0;
  if (!details.failed) return { id, cases: details.numRuns, ms, problem: null, inputHex: null, args: null };
  const c = details.counterexample?.[0] as SelfFuzzCase | undefined;
  const why = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const guess =
    t.guessed.length > 0
      ? ` (parameter(s) ${t.guessed.join(", ")} guessed as small numbers: add a rule in harness/fuzz/self/decoder-arguments.ts if they are not)`
      : "";
  return {
    id,
    cases: details.numRuns,
    ms,
    problem: why + guess,
    inputHex: c === undefined ? null : toHex(c.input),
    args: c === undefined ? null : describeArgs(c.args),
  };
}

parentPort?.on("message", (id: string) => parentPort?.postMessage(run(id)));
