import type fc from "fast-check";
import { describeResponseCode } from "../../protocol/response-codes";
import type { ScratchArea } from "../../conformance/scratch-area";
import type { ByteOrder } from "../../bytes/cursor";
import type { Secret } from "../../security/secret";
import type { CaseLog } from "../campaign/campaign";

/**
 * What the model-based campaign (session-model-campaign.ts) shares between its two models, the
 * C12.18 service sequence of the optical port and the secured session of MEP: the tables and
 * codes a command's expected answer comes from (PIXIT and BT00, never the simulator), the
 * violation a wrong answer raises, and the command class that fc.commands shrinks.
 */
export interface ModelFacts {
  readonly tables: {
    /** Readable without a key (PIXIT device.openTables). */
    readonly open: number;
    /** Declared, readable with the read-only key, not without one. */
    readonly keyed: number | null;
    /** Readable with the master key only (PIXIT device.readerDeniedTable), when declared. */
    readonly denied: number | null;
    readonly scratch: ScratchArea;
    readonly scratchOpen: boolean;
  };
  readonly codes: {
    readonly isss: readonly number[];
    readonly isc: readonly number[];
    readonly wrongPassword: readonly number[];
    readonly repeatedPsn: readonly number[];
    readonly procedureWrite: readonly number[];
  };
  readonly repeatedPsnRefused: boolean;
  readonly unknownProcedure: number;
  readonly order: ByteOrder;
  readonly window: number;
  readonly keys: { readonly master: Secret | null; readonly reader: Secret | null; readonly wrong: Secret };
  /** MEP: whether the PIXIT gives the basic key (MBK); without it, the model stays on the advanced key. */
  readonly basicKey: boolean;
}

/** A command's answer that the model did not allow: fast-check shrinks the sequence that led to it. */
export class ModelViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelViolation";
  }
}

export function expectCode(actual: number, allowed: readonly number[], what: string): void {
  if (!allowed.includes(actual))
    throw new ModelViolation(
      `${what} was answered ${describeResponseCode(actual)}; the model allows ${allowed.map(describeResponseCode).join(", ")}`,
    );
}

export interface Real<S> {
  readonly session: S;
  readonly facts: ModelFacts;
  readonly log: CaseLog;
}

/** One command as plain data (a fixture stores these) and the code that runs and judges it. */
export class SpecCommand<Spec extends { readonly op: string }, M extends object, S> implements fc.AsyncCommand<
  M,
  Real<S>
> {
  constructor(
    readonly spec: Spec,
    private readonly exec: (spec: Spec, m: M, r: Real<S>) => Promise<void>,
    private readonly text: (spec: Spec) => string,
  ) {}

  check(): boolean {
    // Every command is sent in every state: answering an out-of-sequence one rightly is the point.
    return true;
  }

  async run(m: M, r: Real<S>): Promise<void> {
    r.log.note(this.toString());
    await this.exec(this.spec, m, r);
  }

  toString(): string {
    return this.text(this.spec);
  }
}

/** Four bytes of scratch data that depend on the command only, so that a replay writes the same. */
export function pattern(fill: number, length: number): Uint8Array {
  return Uint8Array.from({ length: Math.min(4, length) }, (_, i) => (fill + 37 * i) & 0xff);
}
