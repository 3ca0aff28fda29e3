import fc from "fast-check";
import { bytesEqual } from "../../bytes/byte-arrays";
import { decodeWith } from "../../bytes/decoded";
import { DecodeError, ERROR_CODES } from "../../errors";
import {
  discoverDecoders,
  discoverStreams,
  DECODER_ROOTS,
  type DecoderEntry,
  type StreamEntry,
} from "./decoder-discovery";
import { guessedParameters, planArguments } from "./decoder-arguments";
import { arbChunks, arbInputFor } from "./self-fuzz-inputs";
import { STREAM_BUILDERS } from "./stream-machines";

/**
 * One thing the self-fuzz exercises, with its oracle: a decoder returns a value or the typed error
 * (a DecodeError with a known code, its offset inside the bytes) and leaves its input alone; a
 * stream machine takes any bytes at any times without throwing. The time guard (no call that does
 * not return) is the runner's: a check cannot time itself out.
 */
export interface SelfFuzzCase {
  /** The fuzzed bytes (for a stream, all chunks end to end), shown in a finding. */
  readonly input: Uint8Array;
  readonly args: readonly unknown[];
}

export interface SelfFuzzTarget {
  readonly id: string;
  readonly arb: fc.Arbitrary<SelfFuzzCase>;
  /** Parameters whose meaning was guessed (see decoder-arguments.ts): named in any finding. */
  readonly guessed: readonly string[];
  /** null when the call behaved, else what went wrong. `seen` is told the input before the call. */
  check(c: SelfFuzzCase, seen: (input: Uint8Array) => void): string | null;
}

export function selfFuzzTargets(roots: readonly string[] = DECODER_ROOTS): {
  targets: SelfFuzzTarget[];
  uncovered: string[];
} {
  const uncovered: string[] = [];
  const streams = discoverStreams(roots).flatMap((s) => {
    if (STREAM_BUILDERS[s.id] !== undefined) return [streamTarget(s)];
    uncovered.push(`${s.id}: a stream decoder with no builder in harness/fuzz/self/stream-machines.ts`);
    return [];
  });
  return { targets: [...discoverDecoders(roots).map(decoderTarget), ...streams], uncovered };
}

function decoderTarget(e: DecoderEntry): SelfFuzzTarget {
  const plans = planArguments(e);
  const input = arbInputFor(e.id);
  const byReader = plans[0]?.kind === "reader";
  const arb = fc
    .tuple(input, fc.tuple(...plans.map((p) => (p.kind === "value" ? p.arb : fc.constant(undefined)))))
    .map(([bytes, values]): SelfFuzzCase => ({
      input: bytes,
      args: plans.map((p, i) => (p.kind === "value" ? values[i] : bytes)),
    }));
  const takesBytes = plans.some((p) => p.kind !== "value");
  return {
    id: e.id,
    arb,
    guessed: guessedParameters(e),
    check(c, seen) {
      seen(c.input);
      const copy = c.input.slice();
      let result: unknown;
      try {
        result = byReader ? decodeWith(c.input, "fuzz", (r) => e.fn(r, ...c.args.slice(1))) : e.fn(...c.args);
      } catch (err) {
        return `threw ${describeThrown(err)} instead of returning a value or the typed error`;
      }
      if (!bytesEqual(c.input, copy)) return "changed its input";
      return judgeDecoded(result, takesBytes ? c.input.length : null);
    },
  };
}

/** A Decoded that failed must carry a DecodeError with a known code and an offset inside its bytes. */
export function judgeDecoded(result: unknown, inputLength: number | null): string | null {
  if (typeof result !== "object" || result === null || !("ok" in result) || (result as { ok: unknown }).ok !== false)
    return null;
  const error = (result as { error?: unknown }).error;
  if (!(error instanceof DecodeError)) return `returned an error that is not a DecodeError: ${describeThrown(error)}`;
  if (!(error.code in ERROR_CODES)) return `returned an unknown error code ${String(error.code)}`;
  const limit = error.bytes?.length ?? inputLength;
  if (error.offset !== undefined && (error.offset < 0 || (limit !== null && error.offset > limit)))
    return `returned offset ${error.offset}, outside its ${limit} bytes`;
  return null;
}

function streamTarget(s: StreamEntry): SelfFuzzTarget {
  const build = STREAM_BUILDERS[s.id] as (typeof STREAM_BUILDERS)[string];
  const arb = fc.tuple(fc.boolean(), arbChunks).map(([busy, chunks]): SelfFuzzCase => {
    const total = chunks.reduce((n, [c]) => n + c.length, 0);
    const input = new Uint8Array(total);
    let at = 0;
    for (const [c] of chunks) {
      input.set(c, at);
      at += c.length;
    }
    return { input, args: [busy, chunks] };
  });
  return {
    id: s.id,
    arb,
    guessed: [],
    check(c, seen) {
      seen(c.input);
      const [busy, chunks] = c.args as [boolean, readonly (readonly [Uint8Array, number])[]];
      try {
        let now = 1000;
        const m = build(busy, now);
        for (const [chunk, step] of chunks) {
          now += step;
          if (!Array.isArray(m.tick(now)) || !Array.isArray(m.feed(chunk, now)))
            return "returned something other than a list of events";
        }
        m.tick(now + 100_000);
      } catch (err) {
        return `threw ${describeThrown(err)} on bytes it was fed`;
      }
      return null;
    },
  };
}

function describeThrown(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : String(e);
}
