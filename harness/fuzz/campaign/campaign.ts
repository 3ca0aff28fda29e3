import type fc from "fast-check";
import type { LinkKind } from "../../conformance/target";
import type { FuzzDevice, FuzzRole } from "./fuzz-device";

/**
 * A fuzz campaign against the device under test: what it attacks (clauses), on which links, the
 * cases it generates from what the device declares, and the oracle of one case. The runner
 * (campaign-runner.ts) adds the rest for every campaign alike: the health check after each case,
 * budget and pacing, shrinking, the reproduction on a fresh device, and the record on disk.
 */
export interface Campaign<Ctx, C> {
  /** "table-writes": the name on the command line and in reports. */
  readonly name: string;
  readonly title: string;
  /** The clauses whose requirements the oracle checks; the first is the feature's. */
  readonly clauses: readonly string[];
  readonly links: readonly LinkKind[];
  /** The key the campaign's session uses; the health check uses the same session. */
  readonly role: FuzzRole;
  /** Reads what the cases are built from (BT00, table sizes, the scratch area): again after every refresh. */
  prepare(device: FuzzDevice): Promise<Ctx>;
  arbitrary(ctx: Ctx): fc.Arbitrary<C>;
  /** Sends one case and judges the answer: what is wrong, or null. */
  run(c: C, ctx: Ctx, device: FuzzDevice, log: CaseLog): Promise<string | null>;
  /** The bytes of the case and what they mean, for a counterexample. */
  describe(c: C): CaseDescription;
  /** The case as JSON and back (fixtures); by default Uint8Array fields become {"$hex": ...}. */
  toJson?(c: C): unknown;
  fromJson?(json: unknown): C;
  /** Puts back what the campaign changed (the scratch area). */
  finish?(ctx: Ctx, device: FuzzDevice): Promise<void>;
}

/** Thrown by `prepare` when the device lacks what the campaign attacks (a table, a link service). */
export class NotApplicable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotApplicable";
  }
}

export interface CaseDescription {
  readonly hex: string;
  readonly decoded: string;
}

export interface LoggedExchange {
  readonly label: string;
  readonly request: string;
  readonly response: string | null;
}

/** What a case sent and got, kept with its record (and shown with a finding). */
export class CaseLog {
  readonly exchanges: LoggedExchange[] = [];
  readonly notes: string[] = [];

  constructor(private readonly hex: (b: Uint8Array) => string) {}

  exchange(label: string, request: Uint8Array, response: Uint8Array | null): void {
    this.exchanges.push({ label, request: this.hex(request), response: response === null ? null : this.hex(response) });
  }

  note(text: string): void {
    this.notes.push(text);
  }
}

export type AnyCampaign = Campaign<any, any>;
